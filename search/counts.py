"""How many documents a search finds, by type, region, area and year, and how many of them
hold the query in their titles: every count on the page is summed from these."""

from contextlib import contextmanager

from django.db import connection, connections, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Value
from django.utils import timezone

from pagecache.versions import memoize

from .models import Card, TermCount, TitleCard
from .query import match_sql, matching, one_term, title_matching

FACET_FIELDS = ("kind", "region", "area", "year")


def grouped(cards, in_title):
    flag = Value(in_title, output_field=IntegerField())
    return (
        cards.annotate(in_title=flag)
        .values_list(*FACET_FIELDS, "in_title")
        .annotate(n=Count("id"))
        .order_by()
    )


@contextmanager
def hashed(alias):
    """PostgreSQL groups the queries run inside by hashing, not sorting: it takes a search of
    several words to find a handful of matches (it has no statistics of the vectors), while
    tens of thousands sorted by four text columns under the database's collation cost three
    times what hashing them does."""
    database = connections[alias]
    if database.vendor != "postgresql":
        yield
        return
    enclosed = database.in_atomic_block
    with transaction.atomic(using=alias), database.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        yield
        if enclosed:  # SET LOCAL lasts until the enclosing transaction ends
            cursor.execute("RESET enable_sort")


def counted(parsed):
    """{facets: matches}, {facets: title matches} of everything `parsed` finds, in one query:
    the matches (cards) and the title matches (title cards, a subset) counted apart, each
    through its own index, none of them read whole."""
    rows = grouped(matching(parsed), 0).union(grouped(title_matching(parsed), 1), all=True)
    with hashed(rows.db):
        rows = list(rows)
    everything, titled = {}, {}
    for *key, in_title, n in rows:
        (titled if in_title else everything)[tuple(key)] = n
    return everything, titled


def counted_term(parsed, term):
    """The same for a one-word query, from `TermCount` (PostgreSQL) less the scheduled
    documents it holds, in one query that reads a few hundred rows however common the word."""
    title_match = Exists(
        TitleCard.objects.filter(id=OuterRef("id")).filter(match_sql(parsed.groups, True))
    )
    scheduled = (
        Card.objects.filter(published_at__gt=timezone.now())
        .filter(match_sql(parsed.groups))
        .values("kind", "region", "area", "year")
        .annotate(
            matches=Count("id"),
            title_matches=Count("id", filter=Q(title_match)),
            sign=Value(-1, output_field=IntegerField()),
        )
        .values_list(*FACET_FIELDS, "matches", "title_matches", "sign")
        .order_by()
    )
    rows = (
        TermCount.objects.filter(term=term)
        .annotate(sign=Value(1, output_field=IntegerField()))
        .values_list(*FACET_FIELDS, "matches", "title_matches", "sign")
        .order_by()
        .union(scheduled, all=True)
        .order_by()
    )
    everything, titled = {}, {}
    for kind, region, area, year, matches, title_matches, sign in rows:
        key = (kind, region, area, year or None)
        everything[key] = everything.get(key, 0) + sign * matches
        titled[key] = titled.get(key, 0) + sign * title_matches
    return everything, titled


def facet_rows(parsed):
    """[(kind, region, area, year, in title, count)] of everything `parsed` finds, remembered
    until the content changes: every count on the page is summed from these, and so is the
    size of the title tier."""

    def compute():
        term = one_term(parsed) if connection.vendor == "postgresql" else ""
        everything, titled = counted_term(parsed, term) if term else counted(parsed)
        found = [(*key, 1, n) for key, n in titled.items() if n]
        for key, n in everything.items():
            if n - titled.get(key, 0):
                found.append((*key, 0, n - titled.get(key, 0)))
        return sorted(found, key=repr)

    return memoize(f"search-facets:{parsed.key()}", compute)
