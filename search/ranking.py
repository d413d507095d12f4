"""The order of a search's results: titles before bodies, the exact phrase before scattered
words, then (PostgreSQL, titles holding several words apart) ts_rank_cd of the title, then the
newest; and the page of documents that order gives."""

from datetime import timedelta

from django.db import connection, connections, router
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from pagecache.versions import memoize, remembered

from . import ahead
from .counts import facet_key, facet_rows, title_rows, titles_known
from .facets import total
from .models import Card, Document, TitleCard
from .outranking import TRIGRAM, pair, pair_titles_sql
from .query import (
    ORDER,
    RANKING,
    FullTextMatch,
    TitleRank,
    facet_tsquery,
    matching,
    one_term,
    phrase_implied,
    public_cards,
    title_matching,
    tsquery,
)


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


def title_rank(parsed):
    """How a title match ranks after the phrase: a title holding the typed phrase is an exact
    match, ordered by recency alone (rank 0), as on SQLite; others by how closely the title
    holds the words (ts_rank_cd, PostgreSQL) when there is more than one word to be close."""
    if parsed.single or one_term(parsed) or phrase_implied(parsed):
        return Value(0.0)
    return Case(
        When(title__contains=parsed.typed, then=Value(0.0)), default=TitleRank(parsed.groups)
    )


def tier(parsed, filters, title, select=True, facets=None):
    """One tier of the ranking, in order: the matches whose titles hold the query (from the
    title cards), or the others (from the cards); the exact phrase first, then (PostgreSQL,
    titles without the phrase) ts_rank_cd of the title, then the newest. Its ordering keys
    are selected too, unless it is to be a subquery (`select=False`). ts_rank_cd of a title
    that does not hold the query is 0, so the second tier orders by the phrase and recency
    alone. `facets` (the Filters `filters` came from) narrows the body tier's match itself
    (query.FullTextMatch)."""
    if title:
        cards = title_matching(parsed).filter(filters)
        rank = title_rank(parsed)
    else:  # (a document's title card has its facets: the filters narrow both alike)
        titled = title_matching(parsed).filter(filters).values("id")
        cards = matching(parsed, facets).filter(filters).exclude(id__in=titled)
        rank = Value(0.0)
    newest = F("published_at")
    if connection.vendor == "postgresql" and phrase_implied(parsed):
        # Ordered by recency alone, PostgreSQL would walk the recency index matching each card
        # in turn: every newer title (180 ms at 200,000) for a word found in a few old ones.
        # Not an indexed expression: the matches are collected from the GIN index first.
        newest = ExpressionWrapper(newest + timedelta(0), output_field=DateTimeField())
    return (cards.annotate if select else cards.alias)(
        tier=Value(1 if title else 0, output_field=IntegerField()),
        phrase_hit=phrase_hit(parsed, title_card=title),
        rank=rank,
    ).order_by("-phrase_hit", "-rank", newest.desc(), "-id")


ORDER_FIELDS = ("id", "tier", "phrase_hit", "rank", "published_at")


WALK_FROM = 2000  # title matches from which newest_titles walks the newest title cards
WALK_ROWS = 5000  # the newest title cards it reads at most before ranking them all
WALK_END = 200  # the deepest row of the title tier it looks for


def walkable(parsed, end, title_total=None):
    """A common query's title tier on PostgreSQL, near its start: its first titles holding the
    typed phrase (every title match, for one word: its term is cut from the text) come first,
    newest first, and are found among the newest title cards sooner than by ordering (and
    ranking) thousands of matches. `title_total`, how many titles match (or how many matches
    there are: no fewer), where known; with it None, wherever a walk can go."""
    return (
        connection.vendor == "postgresql"
        and not parsed.single
        and bool(parsed.groups)
        and (title_total is None or title_total >= WALK_FROM)
        and end <= WALK_END
    )


def walk_sql(filters):
    """SQL conditions (and params) of the newest cards or title cards a walk reads (public, of
    the year with a year filter) and of those of them `filters` (a Filters) admits."""
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
    """(id, tier, phrase, rank, published_at) of the first `end` title matches admitted by
    `filters` (a Filters), in the title tier's order, in one statement: the newest titles
    holding the typed phrase are looked for among the WALK_ROWS newest title cards (of the
    year, with a year filter), read in order from an index, each title matched in its row;
    they come first, newest first, so when `end` of them are there, they are the page. Only
    if fewer are does the statement order (and rank) every title match. However common the
    words, the walk reads at most WALK_ROWS cards. Two words are walked for their newest
    title matches instead, and of the older ones only those that can outrank them are
    ranked (outranking.pair_titles_sql)."""
    walk = walk_sql(filters)
    where, walk_params, admitted, admit_params = walk
    query = tsquery(parsed.groups)
    match = "title_vector @@ to_tsquery('simple', %s)"
    if phrase_implied(parsed):
        hit, hit_params = match, [query]
        ranked, ranked_params = "1 AS phrase, 0.0 AS rank", []
    else:
        phrase = "%" + connection.ops.prep_for_like_query(parsed.typed) + "%"
        hit, hit_params = f"title LIKE %s AND {match}", [phrase, query]
        ranked = (
            "CASE WHEN title LIKE %s THEN 1 ELSE 0 END AS phrase, CASE WHEN title LIKE %s "
            "THEN 0.0 ELSE ts_rank_cd(title_vector, to_tsquery('simple', %s)) END AS rank"
        )
        ranked_params = [phrase, phrase, query]
    if not phrase_implied(parsed) and (terms := pair(parsed)):
        sql, params = pair_titles_sql(
            terms, query, phrase, (ranked, ranked_params), walk, WALK_ROWS, end, parsed.typed
        )
    else:
        # The hit is selected, not a condition, in `recent`: so PostgreSQL reads the newest
        # cards from the recency index instead of collecting every match from the GIN index.
        # `recent` is a subquery, not a materialized CTE: read in the index's order, it stops
        # at the page's last hit (some 300 cards for a common phrase), not at WALK_ROWS.
        sql = (
            f"WITH walked AS MATERIALIZED (SELECT id, published_at FROM (SELECT id, "
            f"published_at, kind, region, area, {hit} AS hit FROM search_titlecard WHERE {where} "
            f"{ORDER} LIMIT %s) recent WHERE hit AND {admitted} {ORDER} LIMIT %s) "
            "SELECT id, published_at, 1, 0.0 FROM walked WHERE (SELECT count(*) FROM walked) "
            f"= %s UNION ALL (SELECT * FROM (SELECT id, published_at, {ranked} FROM "
            f"search_titlecard WHERE {where} AND {admitted} AND {match} AND (SELECT count(*) "
            f"FROM walked) < %s OFFSET 0) m {RANKING} LIMIT %s)"
        )  # (OFFSET 0: the matches are collected first, not found by walking the recency index)
        params = [*hit_params, *walk_params, WALK_ROWS, *admit_params, end, end]
        params += [*ranked_params, *walk_params, *admit_params, query, end, end]
    with connections[router.db_for_read(TitleCard)].cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (pk, 1, phrase, rank, published_at)
            for pk, published_at, phrase, rank in cursor.fetchall()
        ]


BODY_WALK_ROWS = 2000  # the newest cards a body tier's walk reads (vectors from TOAST) at most


def newest_bodies_sql(parsed, filters, end, matches=None):
    """SQL (and params) of the (id, tier, phrase, rank, published_at) of the first `end` body
    matches `filters` (a Filters) admits, for a query every match holds as typed (so the
    body tier is in recency order alone, phrase_implied). The newest BODY_WALK_ROWS cards are
    walked first, each matched in its row: a word in many bodies finds its page among a few
    hundred. Only if they hold fewer (or without a walk: when `matches`, the body matches if
    known, are at most BODY_WALK_ROWS, or with a year filter) are the matches collected from
    the GIN index and ordered. PostgreSQL's own plan, the recency index with
    each card matched in turn, read every newer card's vector for a word found in a few old
    bodies: 1.4 s at 200,000 documents."""
    where, walk_params, admitted, admit_params = walk_sql(filters)
    query, facets = tsquery(parsed.groups), facet_tsquery(filters)
    match = "vector @@ to_tsquery('simple', %s)"
    indexed = [query]
    if facets:  # the GIN index finds only the matches the filters admit (query.FullTextMatch)
        match_indexed = "vector @@ (to_tsquery('simple', %s) && %s::tsquery)"
        indexed.append(facets)
    else:
        match_indexed = match
    titled = (
        "EXISTS (SELECT FROM search_titlecard t WHERE t.id = {0}.id "
        "AND t.title_vector @@ to_tsquery('simple', %s))"
    )
    rows = "id, 0, 1, 0.0, published_at"
    sql = (
        f"WITH walked AS MATERIALIZED (SELECT id, published_at FROM (SELECT id, published_at, "
        f"kind, region, area, CASE WHEN {match} THEN NOT {titled.format('search_card')} "
        f"ELSE FALSE END AS hit FROM search_card WHERE {where} {ORDER} LIMIT %s) recent "
        f"WHERE hit AND {admitted} {ORDER} LIMIT %s) "
        f"SELECT {rows} FROM walked WHERE (SELECT count(*) FROM walked) = %s "
        f"UNION ALL (SELECT {rows} FROM (SELECT id, published_at FROM search_card c "
        f"WHERE {where} AND {admitted} AND {match_indexed} AND NOT {titled.format('c')} "
        f"AND (SELECT count(*) FROM walked) < %s OFFSET 0) m {ORDER} LIMIT %s)"
    )  # (OFFSET 0: the matches are collected first, not found by walking the recency index)
    few = matches is not None and matches <= BODY_WALK_ROWS
    walk_rows = 0 if few or filters.year else BODY_WALK_ROWS
    params = [query, query, *walk_params, walk_rows, *admit_params, end, end]
    params += [*walk_params, *admit_params, *indexed, query, end, end]
    return sql, params


def walks_bodies(parsed):
    return connection.vendor == "postgresql" and phrase_implied(parsed) and not parsed.single


def body_rows(parsed, filters, start, stop, matches=None):
    """The body tier's (id, tier, phrase, rank, published_at) rows at [start, stop);
    `matches`, how many it holds, where known (a few are collected without a walk)."""
    if walks_bodies(parsed):
        sql, params = newest_bodies_sql(parsed, filters, stop, matches)
        with connections[router.db_for_read(Card)].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()[start:stop]
    body = tier(parsed, filters.q(), title=False, facets=filters).values_list(*ORDER_FIELDS)
    return list(body[start:stop])


def ranked_ids(parsed, filters, offset, limit, title_total, total=None):
    """The ids of the matches at [offset, offset + limit) in ranking order, in one query: each
    tier is ordered alone, so a page within the title tier never orders the body matches.
    `filters` is a Filters; `total`, how many matches it admits, where known."""
    end = offset + limit
    condition = filters.q()
    bodies = None if total is None else total - title_total
    if end <= title_total and walkable(parsed, end, title_total):
        rows = newest_titles(parsed, filters, end)[offset:end]
    elif end <= title_total:
        rows = tier(parsed, condition, title=True).values_list(*ORDER_FIELDS)[offset:end]
    elif offset >= title_total:
        rows = body_rows(parsed, filters, offset - title_total, end - title_total, bodies)
    else:  # the page straddles the tiers: the end of one, the start of the other
        ends = tier(parsed, condition, title=True, select=False).values("id")
        ends = ends[offset:title_total]
        if walks_bodies(parsed):
            sql, params = newest_bodies_sql(parsed, filters, end - title_total, bodies)
            starts = RawSQL(f"SELECT id FROM ({sql}) b", params)
        else:
            starts = tier(parsed, condition, title=False, select=False, facets=filters)
            starts = starts.values("id")[: end - title_total]
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
    return in_order(rows)


def in_order(rows):
    """The ids of (id, tier, phrase, rank, published_at) rows in ranking order."""
    ordered = sorted(rows, key=lambda r: (-r[1], -r[2], -r[3], -r[4].timestamp(), -r[0]))
    return [row[0] for row in ordered]


def first_page_ids(parsed, filters, limit, matches=None):
    """The ids of the first `limit` matches without knowing how many titles match (what
    ranked_ids gives from offset 0): the title tier's first `limit` and, if it has fewer
    (then they are all of it), the body tier's first after them. `matches`, how many
    matches `filters` admits, where known: the title tier has at most that many (too few to
    walk for), and the body tier the rest. On PostgreSQL the title tier is walked whatever
    its size otherwise (exact either way; ranked_ids walks only where that is likely to be
    quicker)."""
    condition = filters.q()
    if walkable(parsed, limit, matches):
        rows = newest_titles(parsed, filters, limit)
    else:
        rows = list(tier(parsed, condition, title=True).values_list(*ORDER_FIELDS)[:limit])
    if len(rows) < limit:
        bodies = None if matches is None else matches - len(rows)
        rows += body_rows(parsed, filters, 0, limit - len(rows), bodies)
    return in_order(rows)


RESULT_FIELDS = ("kind", "object_id", "title", "body", "url", "region", "area", "published_at")


def in_order_of(ids, model, fields):
    """`fields` of the `model` rows of `ids`, as dicts, in the order of `ids`."""
    found = {row["id"]: row for row in model.objects.filter(id__in=ids).values("id", *fields)}
    return [{field: found[pk][field] for field in fields} for pk in ids if pk in found]


def documents(ids):
    return in_order_of(ids, Document, RESULT_FIELDS)


def first_page(parsed, filters, limit, matches=None):
    return documents(first_page_ids(parsed, filters, limit, matches))


def first_page_ahead(parsed, filters, limit):
    """Page 1 of a search of several words (or spellings) whose counts are not remembered yet,
    begun on a connection of its own while the request counts (search.ahead): a Future for
    page_of_results, or None. A one-word query's counts are read from its term's figures in
    a few milliseconds; ranked after them, its page knows how many titles and bodies it has
    (a word found nowhere reads nothing more)."""
    if parsed.single or one_term(parsed) or remembered(facet_key(parsed)):
        return None
    return ahead.start(router.db_for_read(TitleCard), first_page, parsed, filters, limit)


def page_of_results(parsed, filters, offset, limit, first=None):
    """The documents on one page, as dicts, remembered until the content changes. `first`,
    from first_page_ahead, is page 1 begun ahead."""

    def compute():
        matches = total(facet_rows(parsed), filters)
        if first is not None and offset == 0:
            return ahead.result(first, first_page, parsed, filters, limit, matches)
        if offset == 0 and not titles_known(parsed):  # (counted beside a page 1 ranked ahead)
            return first_page(parsed, filters, limit, matches)
        titled = total(title_rows(parsed), filters)
        return documents(ranked_ids(parsed, filters, offset, limit, titled, matches))

    key = f"search-page:{parsed.key()}:{filters.key()}:{offset}:{limit}"
    return memoize(key, compute)
