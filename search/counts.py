"""How many documents a search finds, by type, region, area and year, and how many of them
hold the query in their titles: every count on the page is summed from these."""

from contextlib import contextmanager

from django.db import connection, connections, router, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Value
from django.utils import timezone

from pagecache.versions import memoize

from .models import Card, TermCount, TitleCard
from .query import COUNTED_TERM, match_sql, matching, one_term, title_matching, tsquery

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


def scheduled(parsed):
    """The scheduled documents `parsed` finds, per facets: (matches, title matches, -1)."""
    title_match = Exists(
        TitleCard.objects.filter(id=OuterRef("id")).filter(match_sql(parsed.groups, True))
    )
    return (
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


def summed(rows):
    """{facets: matches}, {facets: title matches} of signed (facets, matches, title matches,
    sign) rows."""
    everything, titled = {}, {}
    for kind, region, area, year, matches, title_matches, sign in rows:
        key = (kind, region, area, year or None)
        everything[key] = everything.get(key, 0) + sign * matches
        titled[key] = titled.get(key, 0) + sign * title_matches
    return everything, titled


def counted_term(parsed, term):
    """The same for a one-word query, from `TermCount` (PostgreSQL) less the scheduled
    documents it holds, in one query that reads a few hundred rows however common the word."""
    rows = (
        TermCount.objects.filter(term=term)
        .annotate(sign=Value(1, output_field=IntegerField()))
        .values_list(*FACET_FIELDS, "matches", "title_matches", "sign")
        .order_by()
        .union(scheduled(parsed), all=True)
        .order_by()
    )
    return summed(rows)


def implied_terms(parsed):
    """The terms every match of a query of several words holds, as `TermCount` keeps them:
    those of one word's every spelling (生物 and 医药 of 生物 医药; none of 数字经济, which is
    also found as 数字 and 经济 apart)."""
    if parsed.single or one_term(parsed):
        return []
    found = []
    for group in parsed.groups:
        common = set(group[0]).intersection(*group[1:])
        found += sorted(t for t in common if COUNTED_TERM.fullmatch(t) and t not in found)
    return found


FEW = 2000  # matches a query of several words counts one by one before trying differences


def grouped_sql(part, rows, alias):
    """SQL of (part, facets, count) of `rows`, a queryset of facet values, and its params."""
    sql, params = rows.query.get_compiler(using=alias).as_sql()
    grouped = (
        f"SELECT {part}, kind, region, area, year, count(*) FROM ({sql}) r GROUP BY 2, 3, 4, 5"
    )
    return grouped, params


def counted_if_few(parsed):
    """What `counted` gives, if `parsed` finds at most FEW documents: else None, having read
    FEW + 1 of them (and as many title matches) at most."""
    alias = router.db_for_read(Card)
    parts = [
        grouped_sql(part, cards.values_list(*FACET_FIELDS)[: FEW + 1], alias)
        for part, cards in enumerate((matching(parsed), title_matching(parsed)))
    ]
    with hashed(alias), connections[alias].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql for sql, _ in parts), [*parts[0][1], *parts[1][1]])
        rows = cursor.fetchall()
    if sum(row[-1] for row in rows if row[0] == 0) > FEW:
        return None
    everything, titled = {}, {}
    for part, kind, region, area, year, n in rows:
        (titled if part else everything)[(kind, region, area, year)] = n
    return everything, titled


LACKING = 3000  # documents holding the rarest term but not the query a count reads at most


def counted_by_difference(parsed, terms):
    """The same for a query of several words (PostgreSQL), from the figures of the rarest of
    `terms` (each held by every match): less the documents that hold the term but not the
    query (in the title, for the title counts), less the scheduled matches. The words of a
    compound mostly come together (冰雪旅游: 冰雪 and 旅游), so those documents are few; None
    if there are more than LACKING (in the body or in the title), having read that many."""
    figures = {}
    for term, *row in (
        TermCount.objects.filter(term__in=terms)
        .values_list("term", *FACET_FIELDS, "matches", "title_matches")
        .order_by()
    ):
        figures.setdefault(term, []).append((*row, 1))
    if len(figures) < len(terms):  # a term no document holds: nor does any hold the query
        return {}, {}
    term = min(terms, key=lambda t: (sum(row[4] for row in figures[t]), t))
    held = figures[term]
    lacking = tsquery([[[term]]]) + " & !(" + tsquery(parsed.groups) + ")"
    alias = router.db_for_read(Card)
    sql, params = scheduled(parsed).query.get_compiler(using=alias).as_sql()
    parts = [
        f"SELECT {part}, kind, region, area, year, {matches}, {titles}, -1 FROM (SELECT kind, "
        f"region, area, year FROM {table} WHERE {vector} @@ to_tsquery('simple', %s) LIMIT %s) "
        "lacking GROUP BY 2, 3, 4, 5"
        for part, table, vector, matches, titles in (
            (0, "search_card", "vector", "count(*)", "0"),
            (1, "search_titlecard", "title_vector", "0", "count(*)"),
        )
    ]
    statement = f"{parts[0]} UNION ALL {parts[1]} UNION ALL (SELECT 2, * FROM ({sql}) due)"
    with hashed(alias), connections[alias].cursor() as cursor:
        cursor.execute(statement, [lacking, LACKING + 1, lacking, LACKING + 1, *params])
        subtracted = cursor.fetchall()
    for part in (0, 1):
        if sum(row[5 + part] for row in subtracted if row[0] == part) > LACKING:
            return None
    return summed([*held, *(row[1:] for row in subtracted)])


def facet_rows(parsed):
    """[(kind, region, area, year, in title, count)] of everything `parsed` finds, remembered
    until the content changes: every count on the page is summed from these, and so is the
    size of the title tier."""

    def compute():
        found = None
        if connection.vendor == "postgresql" and (term := one_term(parsed)):
            found = counted_term(parsed, term)
        elif connection.vendor == "postgresql" and (terms := implied_terms(parsed)):
            found = counted_if_few(parsed) or counted_by_difference(parsed, terms)
        everything, titled = found or counted(parsed)
        found = [(*key, 1, n) for key, n in titled.items() if n]
        for key, n in everything.items():
            if n - titled.get(key, 0):
                found.append((*key, 0, n - titled.get(key, 0)))
        return sorted(found, key=repr)

    return memoize(f"search-facets:{parsed.key()}", compute)
