"""A query as typed, as terms both databases can match, and the public documents it finds.

One module for both databases, with `counts` (the facet counts) and `ranking` (the order and
the page): the terms, the filters, the ranking and the counts are the same; only the full-text
match is written in each database's dialect (`match_sql`), and PostgreSQL reads a few
structures of its own to avoid visiting every match (per-term counts, the newest title cards,
a trigram index).
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.db import connection, connections, router
from django.db.models import BooleanField, Expression, F, FloatField
from django.utils import timezone
from django.utils.translation import gettext

from pagecache.versions import memoize

from . import text
from .indexing import load_vocabulary, with_names
from .models import Card, Document, Synonym, TitleCard

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
    """word → the other words of its synonym groups, remembered until a name changes."""

    def load():
        found = {}
        for row in Synonym.objects.all():
            words = [text.normalize(w) for w in row.word_list()]
            for word in words:
                found.setdefault(word, set()).update(w for w in words if w != word)
        return {word: sorted(others) for word, others in found.items()}

    return with_names("search-synonyms", load)


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


# Orders the raw statements of ranking.py and outranking.py share: a walk's (newest first) and
# the title tier's (the phrase, then ts_rank_cd, then the newest).
ORDER = "ORDER BY published_at DESC, id DESC"
RANKING = "ORDER BY phrase DESC, rank DESC, published_at DESC, id DESC"


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


def lexeme(text):
    """`text` as one lexeme of a tsquery literal, whatever it holds."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def facet_tsquery(filters):
    """The lexemes of a card's facets (migration 0011) that `filters` (a Filters) asks for,
    as a tsquery literal; "" when it asks for none."""
    parts = []
    if filters.kind:
        parts.append(lexeme(f"kind={filters.kind}"))
    if filters.region:
        parts.append(f"({lexeme(f'region={filters.region}')} | {lexeme(f'area={filters.region}')})")
    if filters.year:
        parts.append(lexeme(f"year={filters.year}"))
    return " & ".join(parts)


class FullTextMatch(Expression):
    """True for documents whose terms match `groups` (in the title only, with `title_only`);
    written against the table's alias, so it works in subqueries too. On PostgreSQL a card's
    `vector` is matched, or (`title_only`) a title card's `title_vector`; SQLite asks FTS5.

    With `facets` (a Filters), a card's vector must also hold the lexemes of those facets
    (PostgreSQL): the GIN index then finds only the matches the filters admit. The caller
    filters by the columns too, which is what SQLite does."""

    output_field = BooleanField()

    def __init__(self, groups, title_only=False, facets=None):
        super().__init__()
        self.groups, self.title_only = groups, title_only
        self.facets = "" if title_only or facets is None else facet_tsquery(facets)
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
            if self.facets:
                sql = f"{vector} @@ (to_tsquery('simple', %s) && %s::tsquery)"
                return sql, [*params, tsquery(self.groups), self.facets]
            return f"{vector} @@ to_tsquery('simple', %s)", [*params, tsquery(self.groups)]
        query = fts5_query(self.groups, "title_terms" if self.title_only else "")
        sql = "SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s"
        return f"{id_sql} IN ({sql})", [*params, query]


def match_sql(groups, title_only=False, facets=None):
    return FullTextMatch(groups, title_only, facets)


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
    SINGLE_CHARACTER_RESULTS of them. Read once until the content changes: the page's counts
    and tiers each ask, and each read goes through up to 20,000 documents' text (12 ms)."""

    def compute():
        sql, params = newest_holding_sql(
            Document,
            ("title", "body"),
            ("id",),
            parsed.single,
            SINGLE_CHARACTER_SCAN,
            SINGLE_CHARACTER_RESULTS,
        )
        with connections[router.db_for_read(Document)].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    return memoize(f"search-single:{parsed.key()}", compute)


def newest_holding_sql(model, columns, selected, text, among, limit):
    """SQL (and params) of the `selected` columns of the newest `limit` of the `among` newest
    public rows of `model` (Document or TitleCard) holding `text` in one of `columns`, read in
    order from the recency index. (In SQL: the ORM's `id IN` of the newest made PostgreSQL
    read every title and body at 300,000 documents, 107–172 ms for a one-character search,
    9–14 ms instead of 0.5 for a completion; read from the newest, 1–12 ms.)"""
    table = connection.ops.quote_name(model._meta.db_table)
    order = "ORDER BY published_at DESC, id DESC"
    read = ", ".join(dict.fromkeys([*selected, *columns, "published_at", "id"]))
    held = " OR ".join(f"{column} LIKE %s ESCAPE '\\'" for column in columns)
    sql = (
        f"SELECT {', '.join(selected)} FROM (SELECT {read} FROM {table} "
        f"WHERE published_at <= %s {order} LIMIT %s) newest WHERE {held} {order} LIMIT %s"
    )
    pattern = "%" + connection.ops.prep_for_like_query(text) + "%"
    return sql, [timezone.now(), among, *[pattern] * len(columns), limit]


def matching(parsed, facets=None):
    """The cards of the public documents `parsed` finds, unordered; with `facets` (a Filters),
    PostgreSQL's match admits only those of its facets (the caller filters by them too)."""
    cards = public_cards()
    if parsed.single:
        return cards.filter(id__in=single_found(parsed))
    if not parsed.groups:
        return cards.none()
    return cards.filter(match_sql(parsed.groups, facets=facets))


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
