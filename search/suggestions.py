"""What the header box suggests as one types: titles of public documents, at most eight."""

from datetime import timedelta

from django.db import connection, connections, router
from django.db.models import DateTimeField, ExpressionWrapper, F, Q
from django.utils.translation import get_language

from languages.paths import ENGLISH
from pagecache.versions import memoize

from .facets import Filters
from .models import TitleCard
from .outranking import TRIGRAM
from .planning import without
from .query import SINGLE_CHARACTER_SCAN, newest_holding_sql, parse, public
from .ranking import in_order_of, newest_titles, tier, walkable
from .translated import english_titles

FIELDS = ("kind", "object_id", "title")
WALK = 2000  # the newest titles a completion reads first


def suggestions(raw, limit=8):
    """Titles whose words hold what was typed, in ranking order (the title tier only: a body
    match is no suggestion for the box); where there are none, titles that hold the typed
    text as it stands, newest first: a word half typed (民营经, 吉商大) is no word of any
    title yet. (Not where there are a few: a rare word's suggestions read its titles only.)"""
    parsed = parse(raw)
    if not parsed.searchable:
        return []

    def compute():
        if not walkable(parsed, limit * 3):
            rows = list(tier(parsed, Q(), title=True).values(*FIELDS)[: limit * 3])
        else:  # a common word's titles are among the newest: not every title match ordered
            ids = [row[0] for row in newest_titles(parsed, Filters(), limit * 3)]
            rows = in_order_of(ids, TitleCard, FIELDS)
        return rows or completions(parsed, limit)

    rows = memoize(f"search-suggest:{parsed.key()}", compute)
    english = english_titles(rows) if get_language() == ENGLISH else {}  # the English box
    titles = []
    for row in rows:
        title = english.get((row["kind"], row["object_id"]), row["title"])
        if title not in titles:
            titles.append(title)
    return titles[:limit]


def completions(parsed, limit):
    """The newest `limit` public titles holding the typed text (without spaces: a fragment of
    one title) as a substring: looked for among the WALK newest titles first, where a
    fragment many titles hold is found at once; where fewer are, PostgreSQL collects every
    title holding a text of three characters or more from the titles' trigram index and keeps
    the newest (walked in order instead, 民营经's 1,452 old titles at 300,000 documents took
    100,000 newer ones read, 26 ms; collected, 2–4.5 ms). A shorter text, and every text on
    SQLite, is looked for among the SINGLE_CHARACTER_SCAN newest titles, as a one-character
    search is."""
    typed = parsed.typed
    if parsed.single or not typed or " " in typed:
        return []
    found = newest_holding(typed, WALK, limit)
    if len(found) == limit:
        return found
    if connection.vendor != "postgresql" or not TRIGRAM.search(typed):
        return newest_holding(typed, SINGLE_CHARACTER_SCAN, limit)
    # Collected from the trigram index (bitmap scans only: PostgreSQL has no statistics of
    # the text, and on a small table it read every title) and ordered: not an indexed
    # expression, so the recency index is not walked (query.tier does the same).
    recency = ExpressionWrapper(F("published_at") + timedelta(0), output_field=DateTimeField())
    holding = public(TitleCard).filter(title__contains=typed)
    with without(holding.db, "enable_seqscan", "enable_indexscan"):
        return list(holding.order_by(recency.desc(), "-id").values(*FIELDS)[:limit])


def newest_holding(typed, among, limit):
    """The newest `limit` of the `among` newest public titles that hold `typed`."""
    sql, params = newest_holding_sql(TitleCard, ("title",), FIELDS, typed, among, limit)
    with connections[router.db_for_read(TitleCard)].cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(FIELDS, row, strict=True)) for row in cursor.fetchall()]
