"""A query as typed, as terms both databases can match, and the public documents it finds.

One module for both databases: the terms, the filters, the ranking (title before body, the
exact phrase before scattered words, then the newest) and the facet counts are the same; only
the full-text match is written in each database's dialect (`match_sql`).
"""

import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language, gettext

from languages.paths import ENGLISH
from pagecache.versions import memoize

from . import text
from .models import Card, Document, Synonym, TermCount, TitleCard
from .translated import english_titles

MAX_QUERY_LENGTH = 100
MAX_WORDS = 10
SINGLE_CHARACTER_SCAN = 20000  # newest public documents a one-character search reads
SINGLE_CHARACTER_RESULTS = 500


@dataclass
class Parsed:
    typed: str = ""  # as typed, normalized and cut to MAX_QUERY_LENGTH
    groups: list = field(default_factory=list)  # all of: any of: all of these terms
    marks: list = field(default_factory=list)  # what to highlight
    single: str = ""  # a one-character query: searched by substring
    message: str = ""  # why nothing (or less) is searched

    @property
    def searchable(self):
        return bool(self.groups or self.single)

    def key(self):
        raw = repr((self.groups, self.single, self.typed))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


def synonyms():
    """word → the other words of its synonym groups, remembered until content changes."""

    def load():
        found = {}
        for row in Synonym.objects.all():
            words = [text.normalize(w) for w in row.word_list()]
            for word in words:
                found.setdefault(word, set()).update(w for w in words if w != word)
        return {word: sorted(others) for word, others in found.items()}

    return memoize("search-synonyms", load)


def alternatives(word, table):
    """The word, its synonyms and, for pinyin, the names it spells; each as its terms."""
    spelled = [word, *table.get(word, ()), *sorted(text.from_pinyin(word))]
    found = []
    for alternative in spelled:
        # A name cut whole now may have been indexed before it was known: its pieces too.
        for terms in (text.query_words(alternative), text.pieces(alternative)):
            if terms and terms not in found:
                found.append(terms)
    return found


def parse(raw):
    from .indexing import load_vocabulary

    load_vocabulary()
    typed = " ".join(text.normalize(raw).split())
    parsed = Parsed(typed=typed[:MAX_QUERY_LENGTH])
    if not typed:
        parsed.message = gettext("请输入要搜索的词，如“汽车”“长春”“民营经济”。")
        return parsed
    if len(typed) > MAX_QUERY_LENGTH:
        parsed.message = gettext(
            "搜索词太长，只按前 %(length)s 个字搜索；换几个关键词效果更好。"
        ) % {"length": MAX_QUERY_LENGTH}
    table = synonyms()
    whole = parsed.typed.replace(" ", "")
    if whole in table and " " not in parsed.typed:
        words = [whole]
    else:
        words = text.query_words(parsed.typed)[:MAX_WORDS]
    if not words:
        parsed.message = gettext("搜索词里没有可以查找的文字或数字，请换成汉字、字母或数字再试。")
        return parsed
    if text.is_single_character(words):
        parsed.single = words[0]
        parsed.marks = [words[0]]
        return parsed
    for word in words:
        options = alternatives(word, table)
        parsed.groups.append(options)
        for terms in options:
            parsed.marks.extend(terms)
    parsed.marks = sorted(set(parsed.marks), key=len, reverse=True)
    return parsed


# The full-text match, in each database's dialect. Terms are \w+ only (text.WORD).


def tsquery(groups, weight=""):
    def term(t):
        return "'" + t.replace("'", "''") + "'" + weight

    return " & ".join(
        "(" + " | ".join("(" + " & ".join(map(term, terms)) + ")" for terms in group) + ")"
        for group in groups
    )


def fts5_query(groups, column=""):
    def term(t):
        quoted = '"' + t.replace('"', '""') + '"'
        return f"{column} : {quoted}" if column else quoted

    return " AND ".join(
        "(" + " OR ".join("(" + " AND ".join(map(term, terms)) + ")" for terms in group) + ")"
        for group in groups
    )


class FullTextMatch(Expression):
    """True for documents whose terms match `groups` (in the title only, with `title_only`);
    written against the table's alias, so it works in subqueries too. On PostgreSQL a card's
    `vector` is matched, or (`title_only`) a title card's `title_vector`; SQLite asks FTS5."""

    output_field = BooleanField()

    def __init__(self, groups, title_only=False):
        super().__init__()
        self.groups, self.title_only = groups, title_only
        self.id = F("id")

    def get_source_expressions(self):
        return [self.id]

    def set_source_expressions(self, expressions):
        (self.id,) = expressions

    def resolve_expression(self, *args, **kwargs):
        resolved = self.copy()
        resolved.id = self.id.resolve_expression(*args, **kwargs)
        return resolved

    def as_sql(self, compiler, connection):
        id_sql, params = compiler.compile(self.id)
        if connection.vendor == "postgresql":
            column = "title_vector" if self.title_only else "vector"
            vector = id_sql.rsplit(".", 1)[0] + f'."{column}"'
            return f"{vector} @@ to_tsquery('simple', %s)", [*params, tsquery(self.groups)]
        query = fts5_query(self.groups, "title_terms" if self.title_only else "")
        sql = "SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s"
        return f"{id_sql} IN ({sql})", [*params, query]


def match_sql(groups, title_only=False):
    return FullTextMatch(groups, title_only)


class TitleRank(FullTextMatch):
    """ts_rank_cd of the title's vector (weight A) on PostgreSQL: how closely and how often the
    title holds the query's words; 0 on SQLite, which orders a tier by recency alone."""

    output_field = FloatField()

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return "0.0", []  # not "0": SQLite reads ORDER BY 0 as a column number
        id_sql, params = compiler.compile(self.id)
        vector = id_sql.rsplit(".", 1)[0] + '."title_vector"'
        query = tsquery(self.groups)
        return f"ts_rank_cd({vector}, to_tsquery('simple', %s))", [*params, query]


def public(model):
    return model.objects.filter(published_at__lte=timezone.now())


def public_cards():
    return public(Card)


def single_found(parsed):
    """The ids of the documents a one-character query finds: a substring of the title or the
    body, among the newest SINGLE_CHARACTER_SCAN public documents, at most
    SINGLE_CHARACTER_RESULTS of them."""
    documents = Document.objects.filter(published_at__lte=timezone.now())
    recent = documents.order_by("-published_at", "-id").values("id")[:SINGLE_CHARACTER_SCAN]
    return (
        documents.filter(id__in=recent)
        .filter(Q(title__contains=parsed.single) | Q(body__contains=parsed.single))
        .order_by("-published_at", "-id")
        .values("id")[:SINGLE_CHARACTER_RESULTS]
    )


def matching(parsed):
    """The cards of the public documents `parsed` finds, unordered."""
    cards = public_cards()
    if parsed.single:
        return cards.filter(id__in=single_found(parsed))
    if not parsed.groups:
        return cards.none()
    return cards.filter(match_sql(parsed.groups))


def title_matching(parsed):
    """The title cards of the matches whose titles hold what was typed: every group has an
    alternative all of whose terms are among the title's terms (the title card's vector, or
    FTS5's title column). A subset of `matching`: the title's terms are the document's too."""
    cards = public(TitleCard)
    if parsed.single:
        return cards.filter(id__in=single_found(parsed), title__contains=parsed.single)
    if not parsed.groups:
        return cards.none()
    return cards.filter(match_sql(parsed.groups, title_only=True))


def phrase_implied(parsed):
    """Every match holds the typed text itself: a single character (found by substring), or
    one Chinese word with no other spelling (its term is cut from the text, so the text holds
    it). Then the exact-phrase check is skipped: it reads each match's body."""
    if parsed.single:
        return True
    return parsed.groups == [[[parsed.typed]]] and all(text.CJK.match(c) for c in parsed.typed)


COUNTED_TERM = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z]+|[0-9]+")


def one_term(parsed):
    """The query's term when it is one word with no other spelling, else "".

    Such a query's facet counts are read from `TermCount` on PostgreSQL, and its title tier
    has nothing to rank by closeness (ts_rank_cd of one word only counts how often a title
    repeats it), so the tier is ordered by the phrase and recency alone on both databases.
    Only words PostgreSQL's parser keeps whole as one lexeme (Chinese, letters or digits)."""
    if parsed.single or len(parsed.groups) != 1 or len(parsed.groups[0]) != 1:
        return ""
    (terms,) = parsed.groups[0]
    if len(terms) == 1 and COUNTED_TERM.fullmatch(terms[0]):
        return terms[0]
    return ""


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


def newest_titles(parsed, filters, end):
    """(id, tier, phrase, rank, published_at) of the `end` newest title matches admitted by
    `filters` (a Filters), in one statement: they are looked for among the WALK_ROWS newest
    title cards (of the year, with a year filter), read in order from an index, each title's
    vector matched in its row; only if fewer are there does the statement order every title
    match. However common the word, the walk reads at most WALK_ROWS cards."""
    now = timezone.now()
    walk, walk_params = ["published_at <= %s"], [now]
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
    match = "title_vector @@ to_tsquery('simple', %s)"
    query = tsquery(parsed.groups)
    order = "ORDER BY published_at DESC, id DESC"
    where, admitted = " AND ".join(walk), " AND ".join(admits)
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
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, 1, 1, 0.0, published_at) for pk, published_at in cursor.fetchall()]


def ranked_ids(parsed, filters, offset, limit, title_total):
    """The ids of the matches at [offset, offset + limit) in ranking order, in one query: each
    tier is ordered alone, so a page within the title tier never orders the body matches.
    `filters` is a Filters."""
    end = offset + limit
    condition = filters.q()
    if end <= title_total and walkable(parsed, end, title_total):
        rows = newest_titles(parsed, filters, end)[offset:end]
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
    if connections[alias].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        yield


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


RESULT_FIELDS = ("kind", "object_id", "title", "body", "url", "region", "area", "published_at")


def page_of_results(parsed, filters, offset, limit):
    """The documents on one page, as dicts, remembered until the content changes."""
    from .facets import title_total

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


def object_ids(kind, raw):
    """The ids of `kind`'s public records that `raw` finds, as a subquery (list filters)."""
    return matching(parse(raw)).filter(kind=kind).values("object_id")
