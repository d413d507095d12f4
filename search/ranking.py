"""The order of a search's results: titles before bodies, the exact phrase before scattered
words, then (PostgreSQL, several words) ts_rank_cd of the title, then the newest; and the page
of documents that order gives."""

import re

from django.db import connection, connections, router
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from languages.paths import ENGLISH
from pagecache.versions import memoize

from .counts import facet_rows
from .facets import title_total
from .models import Document, TitleCard
from .query import (
    COUNTED_TERM,
    FullTextMatch,
    TitleRank,
    matching,
    one_term,
    parse,
    phrase_implied,
    public_cards,
    title_matching,
    tsquery,
)
from .translated import english_titles


class PhraseCandidate(FullTextMatch):
    """True for documents whose title and body, joined by a space, hold `phrase`: what the
    trigram index search_document_phrase_idx (PostgreSQL, migration 0007) finds."""

    def __init__(self, phrase):
        super().__init__([])
        self.phrase = phrase

    def as_sql(self, compiler, connection):
        id_sql, params = compiler.compile(self.id)
        table = id_sql.rsplit(".", 1)[0]
        pattern = "%" + connection.ops.prep_for_like_query(self.phrase) + "%"
        return f'({table}."title" || \' \' || {table}."body") LIKE %s', [*params, pattern]


TRIGRAM = re.compile(r"\w{3}")  # a trigram index finds nothing shorter


def phrase_hit(parsed, title_card=False):
    """1 where the typed text stands as typed: in a title card's title (the title tier is
    ordered by how its titles hold the query), else in the document's title or body."""
    if phrase_implied(parsed):
        return Value(1, output_field=IntegerField())
    phrase = parsed.typed
    if title_card:
        return Case(When(title__contains=phrase, then=Value(1)), default=Value(0))
    in_document = Q(title__contains=phrase) | Q(body__contains=phrase)
    if connection.vendor == "postgresql" and TRIGRAM.search(phrase):
        # The documents holding the phrase, once, from the trigram index: not each match's
        # document read in turn (13,000 of them for 吉林现代物流园区).
        holding = Document.objects.filter(PhraseCandidate(phrase), in_document)
        return Case(When(id__in=holding.values("id"), then=Value(1)), default=Value(0))
    documents = Document.objects.filter(id=OuterRef("id"))
    return Case(When(Exists(documents.filter(in_document)), then=Value(1)), default=Value(0))


def tier(parsed, filters, title, select=True):
    """One tier of the ranking, in order: the matches whose titles hold the query (from the
    title cards), or the others (from the cards); the exact phrase first, then (PostgreSQL)
    ts_rank_cd of the title, then the newest. Its ordering keys are selected too, unless it
    is to be a subquery (`select=False`). ts_rank_cd of a title that does not hold the query
    is 0, so the second tier orders by the phrase and recency alone."""
    if title:
        cards = title_matching(parsed).filter(filters)
        closeness = not parsed.single and not one_term(parsed)
        rank = TitleRank(parsed.groups) if closeness else Value(0.0)
    else:  # (a document's title card has its facets: the filters narrow both alike)
        titled = title_matching(parsed).filter(filters).values("id")
        cards = matching(parsed).filter(filters).exclude(id__in=titled)
        rank = Value(0.0)
    return (cards.annotate if select else cards.alias)(
        tier=Value(1 if title else 0, output_field=IntegerField()),
        phrase_hit=phrase_hit(parsed, title_card=title),
        rank=rank,
    ).order_by("-phrase_hit", "-rank", "-published_at", "-id")


ORDER_FIELDS = ("id", "tier", "phrase_hit", "rank", "published_at")


WALK_FROM = 2000  # title matches from which newest_titles walks the newest title cards
WALK_ROWS = 5000  # the newest title cards it reads at most before ranking them all
WALK_END = 200  # the deepest row of the title tier it looks for
# Title matches from which closest_titles walks them: below, ranking them all costs no more.
CLOSE_FROM = 5000


def walkable(parsed, end, title_total):
    """A common word's title tier (every title holding it also holds its phrase: ordered by
    recency alone) on PostgreSQL, near its start: its page is found among the newest title
    cards sooner than by ordering thousands of matches."""
    return (
        connection.vendor == "postgresql"
        and bool(one_term(parsed))
        and phrase_implied(parsed)
        and title_total >= WALK_FROM
        and end <= WALK_END
    )


def walk_sql(filters):
    """SQL conditions (and params) of the newest title cards a walk reads (public, of the
    year with a year filter) and of those of them `filters` (a Filters) admits."""
    walk, walk_params = ["published_at <= %s"], [timezone.now()]
    if filters.year:  # the walk starts at the year's newest card (search_titlecard_year_idx)
        walk.append("year = %s")
        walk_params.append(filters.year)
    admits, admit_params = ["TRUE"], []
    if filters.kind:
        admits.append("kind = %s")
        admit_params.append(filters.kind)
    if filters.region:
        admits.append("(region = %s OR area = %s)")
        admit_params += [filters.region, filters.region]
    return " AND ".join(walk), walk_params, " AND ".join(admits), admit_params


def newest_titles(parsed, filters, end):
    """(id, tier, phrase, rank, published_at) of the `end` newest title matches admitted by
    `filters` (a Filters), in one statement: they are looked for among the WALK_ROWS newest
    title cards (of the year, with a year filter), read in order from an index, each title's
    vector matched in its row; only if fewer are there does the statement order every title
    match. However common the word, the walk reads at most WALK_ROWS cards."""
    where, walk_params, admitted, admit_params = walk_sql(filters)
    match = "title_vector @@ to_tsquery('simple', %s)"
    query = tsquery(parsed.groups)
    order = "ORDER BY published_at DESC, id DESC"
    # The match is selected, not a condition, in `recent`: so PostgreSQL reads the newest
    # cards from the recency index instead of collecting every match from the GIN index.
    sql = (
        f"WITH recent AS MATERIALIZED (SELECT id, published_at, kind, region, area, "
        f"{match} AS hit FROM search_titlecard WHERE {where} {order} LIMIT %s), "
        f"walked AS MATERIALIZED (SELECT id, published_at FROM recent "
        f"WHERE hit AND {admitted} {order} LIMIT %s) "
        "SELECT id, published_at FROM walked WHERE (SELECT count(*) FROM walked) = %s "
        "UNION ALL (SELECT id, published_at FROM search_titlecard "
        f"WHERE {where} AND {admitted} AND {match} AND (SELECT count(*) FROM walked) < %s "
        f"{order} LIMIT %s)"
    )
    params = [query, *walk_params, WALK_ROWS, *admit_params, end, end]
    params += [*walk_params, *admit_params, query, end, end]
    with connections[router.db_for_read(TitleCard)].cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, 1, 1, 0.0, published_at) for pk, published_at in cursor.fetchall()]


def plain_terms(parsed):
    """The terms of a query of several words that has no other spelling, each a word
    PostgreSQL keeps whole as one lexeme and each once; else []."""
    if parsed.single or one_term(parsed) or any(len(group) != 1 for group in parsed.groups):
        return []
    terms = [term for (terms,) in parsed.groups for term in terms]
    if len(set(terms)) != len(terms) or not all(map(COUNTED_TERM.fullmatch, terms)):
        return []
    return terms


def closeable(parsed, end, title_total):
    """The title tier of a query of plain words (`plain_terms`) on PostgreSQL, near its start
    and long: its page is found among the newest title cards sooner than by ranking every
    title match."""
    return (
        connection.vendor == "postgresql"
        and len(plain_terms(parsed)) > 1
        and title_total >= CLOSE_FROM
        and end <= WALK_END
    )


def closest_titles(parsed, filters, end):
    """(id, tier, phrase, rank, published_at) of the first `end` title matches admitted by
    `filters`, in the title tier's order (the phrase, ts_rank_cd of the title, the newest), in
    one statement that ranks the title matches among the WALK_ROWS newest title cards only,
    when that is exact: when they hold `end` matches with the phrase and a rank of 1 or more.
    An older title can only come before them with a second cover, which needs a word again
    after all the others (migration 0008): those few are found from
    search_titlecard_bracketed_idx and ranked too. Otherwise the statement ranks every title
    match."""
    where, walk_params, admitted, admit_params = walk_sql(filters)
    query = tsquery(parsed.groups)
    terms = plain_terms(parsed)
    bracketing = " | ".join(
        "(" + " & ".join(f"'{outer}~{inner}'" for inner in terms if inner != outer) + ")"
        for outer in terms
    )
    phrase = "%" + connection.ops.prep_for_like_query(parsed.typed) + "%"
    match = "title_vector @@ to_tsquery('simple', %s)"
    ranked = (
        "id, published_at, CASE WHEN title LIKE %s THEN 1 ELSE 0 END AS phrase, "
        "ts_rank_cd(title_vector, to_tsquery('simple', %s)) AS rank"
    )
    order = "ORDER BY phrase DESC, rank DESC, published_at DESC, id DESC"
    recency = "ORDER BY published_at DESC, id DESC"
    sql = (
        "WITH recent AS MATERIALIZED (SELECT id, published_at, kind, region, area, title, "
        f"title_vector FROM search_titlecard WHERE {where} {recency} LIMIT %s), "
        f"walked AS MATERIALIZED (SELECT {ranked} FROM recent WHERE {match} AND {admitted} "
        f"{order} LIMIT %s), "
        "oldest AS (SELECT published_at, id FROM recent ORDER BY published_at, id LIMIT 1), "
        "held AS (SELECT count(*) = %s AS held FROM walked WHERE phrase = 1 AND rank >= 1), "
        # Alone in their statement, so that they are read from their own small index.
        "bracketing AS MATERIALIZED (SELECT * FROM search_titlecard WHERE "
        "search_bracketed_terms(title_vector) @@ %s::tsquery AND (SELECT held FROM held)) "
        "(SELECT * FROM walked WHERE (SELECT held FROM held) UNION ALL "
        f"SELECT {ranked} FROM bracketing WHERE {where} AND {admitted} AND {match} "
        "AND (published_at, id) < (SELECT published_at, id FROM oldest)) "
        f"UNION ALL (SELECT {ranked} FROM search_titlecard WHERE {where} AND {admitted} "
        f"AND {match} AND NOT (SELECT held FROM held) {order} LIMIT %s) {order} LIMIT %s"
    )
    params = [*walk_params, WALK_ROWS, phrase, query, query, *admit_params, end, end, bracketing]
    params += [phrase, query, *walk_params, *admit_params, query]
    params += [phrase, query, *walk_params, *admit_params, query, end, end]
    with connections[router.db_for_read(TitleCard)].cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (pk, 1, hit, rank, published_at) for pk, published_at, hit, rank in cursor.fetchall()
        ]


def ranked_ids(parsed, filters, offset, limit, title_total):
    """The ids of the matches at [offset, offset + limit) in ranking order, in one query: each
    tier is ordered alone, so a page within the title tier never orders the body matches.
    `filters` is a Filters."""
    end = offset + limit
    condition = filters.q()
    if end <= title_total and walkable(parsed, end, title_total):
        rows = newest_titles(parsed, filters, end)[offset:end]
    elif end <= title_total and closeable(parsed, end, title_total):
        rows = closest_titles(parsed, filters, end)[offset:end]
    elif end <= title_total:
        rows = tier(parsed, condition, title=True).values_list(*ORDER_FIELDS)[offset:end]
    elif offset >= title_total:
        body = tier(parsed, condition, title=False).values_list(*ORDER_FIELDS)
        rows = body[offset - title_total : end - title_total]
    else:  # the page straddles the tiers: the end of one, the start of the other
        ends = tier(parsed, condition, title=True, select=False).values("id")
        ends = ends[offset:title_total]
        starts = tier(parsed, condition, title=False, select=False).values("id")
        starts = starts[: end - title_total]
        ends = tier(parsed, Q(id__in=ends), title=True).values_list(*ORDER_FIELDS)
        starts = (
            public_cards()
            .filter(id__in=starts)
            .annotate(
                tier=Value(0, output_field=IntegerField()),
                phrase_hit=phrase_hit(parsed),
                rank=Value(0.0),
            )
        )
        rows = ends.order_by().union(starts.values_list(*ORDER_FIELDS), all=True)
    ordered = sorted(rows, key=lambda r: (-r[1], -r[2], -r[3], -r[4].timestamp(), -r[0]))
    return [row[0] for row in ordered]


RESULT_FIELDS = ("kind", "object_id", "title", "body", "url", "region", "area", "published_at")


def page_of_results(parsed, filters, offset, limit):
    """The documents on one page, as dicts, remembered until the content changes."""

    def compute():
        titled = title_total(facet_rows(parsed), filters)
        ids = ranked_ids(parsed, filters, offset, limit, titled)
        found = {
            row["id"]: row
            for row in Document.objects.filter(id__in=ids).values("id", *RESULT_FIELDS)
        }
        return [{field: found[pk][field] for field in RESULT_FIELDS} for pk in ids if pk in found]

    key = f"search-page:{parsed.key()}:{filters.key()}:{offset}:{limit}"
    return memoize(key, compute)


def suggestions(raw, limit=8):
    """Titles of public documents whose titles hold what was typed (its words), in ranking
    order (the title tier only: a body match is no suggestion for the box)."""
    parsed = parse(raw)
    if not parsed.searchable:
        return []

    def compute():
        cards = tier(parsed, Q(), title=True)
        fields = ("kind", "object_id", "title")
        return list(cards.values(*fields)[: limit * 3])

    rows = memoize(f"search-suggest:{parsed.key()}", compute)
    english = english_titles(rows) if get_language() == ENGLISH else {}  # the English box
    titles = []
    for row in rows:
        title = english.get((row["kind"], row["object_id"]), row["title"])
        if title not in titles:
            titles.append(title)
    return titles[:limit]
