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
    Expression,
    F,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext

from pagecache.versions import memoize

from . import text
from .models import Document, Synonym

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
            vector = id_sql.rsplit(".", 1)[0] + '."vector"'
            query = tsquery(self.groups, ":A" if self.title_only else "")
            return f"{vector} @@ to_tsquery('simple', %s)", [*params, query]
        query = fts5_query(self.groups, "title_terms" if self.title_only else "")
        sql = "SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s"
        return f"{id_sql} IN ({sql})", [*params, query]


def match_sql(groups, title_only=False):
    return FullTextMatch(groups, title_only)


def public_documents():
    return Document.objects.filter(published_at__lte=timezone.now())


def matching(parsed):
    """The public documents `parsed` finds, unordered."""
    documents = public_documents()
    if parsed.single:
        recent = documents.order_by("-published_at", "-id").values("id")[:SINGLE_CHARACTER_SCAN]
        found = (
            documents.filter(id__in=recent)
            .filter(Q(title__contains=parsed.single) | Q(body__contains=parsed.single))
            .order_by("-published_at", "-id")
            .values("id")[:SINGLE_CHARACTER_RESULTS]
        )
        return documents.filter(id__in=found)
    if not parsed.groups:
        return documents.none()
    return documents.filter(match_sql(parsed.groups))


def title_condition(groups):
    """Every group has an alternative all of whose terms are in the title's terms: read from
    the short title_terms text rather than the full-text vector, which is large and stored
    apart (TOAST) on PostgreSQL."""
    condition = Q()
    for group in groups:
        anywhere = Q(pk__in=[])
        for terms in group:
            every = Q()
            for term in terms:
                every &= Q(padded_title__contains=f" {term} ")
            anywhere |= every
        condition &= anywhere
    return condition


def ranked(parsed, documents):
    """Title matches first, then the exact phrase, then the newest."""
    if parsed.single:
        title_hit = Case(When(title__contains=parsed.single, then=Value(1)), default=Value(0))
    else:
        padded = Concat(Value(" "), "title_terms", Value(" "), output_field=TextField())
        documents = documents.alias(padded_title=padded)
        title_hit = Case(When(title_condition(parsed.groups), then=Value(1)), default=Value(0))
    phrase = parsed.typed
    phrase_hit = Case(
        When(Q(title__contains=phrase) | Q(body__contains=phrase), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return documents.annotate(title_hit=title_hit, phrase_hit=phrase_hit).order_by(
        "-title_hit", "-phrase_hit", "-published_at", "-id"
    )


FACET_FIELDS = ("kind", "region", "area", "year")


def facet_rows(parsed):
    """[(kind, region, area, year, count)] of everything `parsed` finds, remembered until the
    content changes: every count on the page is summed from these."""

    def compute():
        rows = matching(parsed).values_list(*FACET_FIELDS).annotate(n=Count("id")).order_by()
        return [tuple(row) for row in rows]

    return memoize(f"search-facets:{parsed.key()}", compute)


def page_of_results(parsed, filters, offset, limit):
    """The documents on one page, as dicts, remembered until the content changes."""

    def compute():
        documents = ranked(parsed, matching(parsed).filter(filters.q()))
        fields = ("kind", "object_id", "title", "body", "url", "region", "area", "published_at")
        return list(documents.values(*fields)[offset : offset + limit])

    key = f"search-page:{parsed.key()}:{filters.key()}:{offset}:{limit}"
    return memoize(key, compute)


def suggestions(raw, limit=8):
    """Titles of public documents that contain what was typed (its words), shortest first."""
    parsed = parse(raw)
    if not parsed.searchable:
        return []

    def compute():
        documents = ranked(parsed, matching(parsed))
        titles = []
        for title in documents.values_list("title", flat=True)[: limit * 3]:
            if title not in titles:
                titles.append(title)
        return titles[:limit]

    return memoize(f"search-suggest:{parsed.key()}", compute)


def object_ids(kind, raw):
    """The ids of `kind`'s public records that `raw` finds, as a subquery (list filters)."""
    return matching(parse(raw)).filter(kind=kind).values("object_id")
