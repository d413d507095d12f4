"""A query as typed, as terms both databases can match, and the public documents it finds.

One module for both databases: the terms, the filters, the ranking (title before body, the
exact phrase before scattered words, then the newest) and the facet counts are the same; only
the full-text match is written in each database's dialect (`match_sql`).
"""

import hashlib
from dataclasses import dataclass, field

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
from .models import Card, Document, Synonym
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
    written against the table's alias, so it works in subqueries too."""

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


def public_cards():
    return Card.objects.filter(published_at__lte=timezone.now())


def matching(parsed):
    """The cards of the public documents `parsed` finds, unordered."""
    cards = public_cards()
    if parsed.single:
        documents = Document.objects.filter(published_at__lte=timezone.now())
        recent = documents.order_by("-published_at", "-id").values("id")[:SINGLE_CHARACTER_SCAN]
        found = (
            documents.filter(id__in=recent)
            .filter(Q(title__contains=parsed.single) | Q(body__contains=parsed.single))
            .order_by("-published_at", "-id")
            .values("id")[:SINGLE_CHARACTER_RESULTS]
        )
        return cards.filter(id__in=found)
    if not parsed.groups:
        return cards.none()
    return cards.filter(match_sql(parsed.groups))


def title_condition(parsed):
    """The title holds what was typed: every group has an alternative all of whose terms are
    among the title's terms (the card's title vector, or FTS5's title column)."""
    if parsed.single:
        return Q(title__contains=parsed.single)
    return Q(match_sql(parsed.groups, title_only=True))


def phrase_implied(parsed):
    """Every match holds the typed text itself: a single character (found by substring), or
    one Chinese word with no other spelling (its term is cut from the text, so the text holds
    it). Then the exact-phrase check is skipped: it reads each match's body."""
    if parsed.single:
        return True
    return parsed.groups == [[[parsed.typed]]] and all(text.CJK.match(c) for c in parsed.typed)


def phrase_hit(parsed):
    """1 where the title or the body holds the typed text as typed: the title from the card,
    the body (long, in the document) only when the title does not."""
    if phrase_implied(parsed):
        return Value(1, output_field=IntegerField())
    phrase = parsed.typed
    in_body = Exists(Document.objects.filter(id=OuterRef("id"), body__contains=phrase))
    return Case(
        When(title__contains=phrase, then=Value(1)),
        When(in_body, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def tier(parsed, cards, title, select=True):
    """One tier of the ranking (the title holds the query, or not), in order: the exact
    phrase first, then (PostgreSQL) ts_rank_cd of the title, then the newest. Its ordering
    keys are selected too, unless it is to be a subquery (`select=False`)."""
    condition = title_condition(parsed)
    cards = cards.filter(condition if title else ~condition)
    rank = Value(0.0) if parsed.single else TitleRank(parsed.groups)
    return (cards.annotate if select else cards.alias)(
        tier=Value(1 if title else 0, output_field=IntegerField()),
        phrase_hit=phrase_hit(parsed),
        rank=rank,
    ).order_by("-phrase_hit", "-rank", "-published_at", "-id")


ORDER_FIELDS = ("id", "tier", "phrase_hit", "rank", "published_at")


def ranked_ids(parsed, cards, offset, limit, title_total):
    """The ids of the matches at [offset, offset + limit) in ranking order, in one query: each
    tier is ordered alone, so a page within the title tier never orders the body matches."""
    end = offset + limit
    titled = tier(parsed, cards, title=True)
    untitled = tier(parsed, cards, title=False)
    if end <= title_total:
        rows = titled.values_list(*ORDER_FIELDS)[offset:end]
    elif offset >= title_total:
        rows = untitled.values_list(*ORDER_FIELDS)[offset - title_total : end - title_total]
    else:  # the page straddles the tiers: the end of one, the start of the other
        ends = tier(parsed, cards, title=True, select=False).values("id")[offset:title_total]
        starts = tier(parsed, cards, title=False, select=False).values("id")
        both = Q(id__in=ends) | Q(id__in=starts[: end - title_total])
        title_hit = Case(When(title_condition(parsed), then=Value(1)), default=Value(0))
        rank = Value(0.0) if parsed.single else TitleRank(parsed.groups)
        rows = (
            public_cards()
            .filter(both)
            .annotate(tier=title_hit, phrase_hit=phrase_hit(parsed), rank=rank)
            .values_list(*ORDER_FIELDS)
        )
    ordered = sorted(rows, key=lambda r: (-r[1], -r[2], -r[3], -r[4].timestamp(), -r[0]))
    return [row[0] for row in ordered]


FACET_FIELDS = ("kind", "region", "area", "year")


def facet_rows(parsed):
    """[(kind, region, area, year, in title, count)] of everything `parsed` finds, from the
    narrow cards, remembered until the content changes: every count on the page is summed from
    these, and so is the size of the title tier."""

    def compute():
        title_hit = Case(
            When(title_condition(parsed), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        rows = (
            matching(parsed)
            .annotate(title_hit=title_hit)
            .values_list(*FACET_FIELDS, "title_hit")
            .annotate(n=Count("id"))
            .order_by()
        )
        return [tuple(row) for row in rows]

    return memoize(f"search-facets:{parsed.key()}", compute)


RESULT_FIELDS = ("kind", "object_id", "title", "body", "url", "region", "area", "published_at")


def page_of_results(parsed, filters, offset, limit):
    """The documents on one page, as dicts, remembered until the content changes."""
    from .facets import title_total

    def compute():
        cards = matching(parsed).filter(filters.q())
        titled = title_total(facet_rows(parsed), filters)
        ids = ranked_ids(parsed, cards, offset, limit, titled)
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
        cards = tier(parsed, matching(parsed), title=True)
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
