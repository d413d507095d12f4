import logging
from contextlib import nullcontext

from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import Q

logger = logging.getLogger(__name__)


class Document(models.Model):
    """One public record as the search index holds it: its display text and its terms.

    What a search reads for every match (to count, filter and order) is copied by triggers
    into the narrow `Card` and `TitleCard`; this wide row is read only for the page's results
    (and for an exact-phrase check). On SQLite the full-text index is an FTS5 table over this
    table's terms, kept by triggers (migration 0002).
    """

    kind = models.CharField("类型", max_length=16)
    object_id = models.PositiveBigIntegerField("记录编号")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文摘录", blank=True)
    title_terms = models.TextField("标题分词", blank=True)
    body_terms = models.TextField("正文分词", blank=True)
    url = models.CharField("网址", max_length=300)
    region = models.CharField("地区", max_length=100, blank=True)
    area = models.CharField("所属市州", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("发布年份", null=True)
    published_at = models.DateTimeField("发布时间")

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique"),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="search_document_recent_idx"),
        ]

    def __str__(self):
        return self.title


class CardColumns(models.Model):
    """What both cards copy from their document (search_document's triggers keep them, with
    the document's id): what every match is counted and ordered by."""

    id = models.BigIntegerField(primary_key=True)  # the document's id
    kind = models.CharField("类型", max_length=16)
    object_id = models.PositiveBigIntegerField("记录编号")
    region = models.CharField("地区", max_length=100, blank=True)
    area = models.CharField("所属市州", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("发布年份", null=True)
    published_at = models.DateTimeField("发布时间")

    class Meta:
        abstract = True


class Card(CardColumns):
    """A document's narrow row: what a search counts every match by (type, region, year).

    Kept by database triggers on `Document` (migrations 0004, 0005), with the same id. On
    PostgreSQL it also holds the document's full-text vector (title and body, lexemes only),
    GIN-indexed and always stored out of the row (TOAST), so the row is about 100 bytes and
    counting a hundred thousand matches reads a few thousand pages, not the documents, and
    groups them by the card's facet cell (`FacetCell`, an integer column kept by the same
    triggers, migration 0012). (SQLite finds matches in its FTS5 table.)
    """

    class Meta:
        verbose_name = "搜索索引卡片"
        verbose_name_plural = "搜索索引卡片"
        indexes = [
            models.Index(fields=["kind", "object_id"], name="search_card_object_idx"),
            # The scheduled documents, whose matches a counted term's figures leave out.
            models.Index(fields=["published_at"], name="search_card_published_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class TitleCard(CardColumns):
    """A document's title as the title tier reads it: the matches whose titles hold the query,
    counted and ordered (the exact phrase, then ts_rank_cd of a title without it, then the
    newest).

    Kept by the same triggers as `Card`, with the same id. On PostgreSQL it holds the title's
    vector (with positions, for ts_rank_cd) in the row, GIN-indexed; title matches are a
    fraction of all matches, so ranking them reads this table only. It holds its facet cell
    too, as the card does.
    """

    title = models.CharField("标题", max_length=300)

    class Meta:
        verbose_name = "搜索索引标题卡片"
        verbose_name_plural = "搜索索引标题卡片"
        indexes = [
            # The newest title matches of a common query, read in order (ranking.newest_titles).
            models.Index(fields=["-published_at", "-id"], name="search_titlecard_recent_idx"),
            models.Index(fields=["year", "-published_at", "-id"], name="search_titlecard_year_idx"),
        ]

    def __str__(self):
        return self.title


class FacetCell(models.Model):
    """One combination of type, region, area and year that documents have, numbered: each card
    and title card holds its cell's number (PostgreSQL, migration 0012), so a search that
    counts its matches one by one groups them by one integer, not four text columns (about a
    fifth of what counting 27,000 matches took). Cells are added by the cards' trigger as
    documents bring new ones, and never removed or renumbered. PostgreSQL only: on SQLite it
    stays empty.
    """

    id = models.AutoField(primary_key=True)
    kind = models.CharField("类型", max_length=16)
    region = models.CharField("地区", max_length=100, blank=True)
    area = models.CharField("所属市州", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("发布年份")  # 0: none

    class Meta:
        verbose_name = "搜索分面格"
        verbose_name_plural = "搜索分面格"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "area", "year"], name="search_facetcell_unique"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.region} {self.area} {self.year}"


class TermCount(models.Model):
    """How many documents hold a term, and how many in their titles, per type, region and
    year: the facet counts of a one-word search without visiting its matches.

    PostgreSQL only (kept by statement triggers on `Document`, migration 0006); the figures
    include scheduled documents, which a search subtracts (`counts.counted_term`). On SQLite
    the table stays empty and every search counts its matches.
    """

    pk = models.CompositePrimaryKey("term", "kind", "region", "area", "year")
    term = models.TextField("词")
    kind = models.CharField("类型", max_length=16)
    region = models.CharField("地区", max_length=100, blank=True)
    area = models.CharField("所属市州", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("发布年份")  # 0: none
    matches = models.IntegerField("文档数")
    title_matches = models.IntegerField("标题含此词的文档数")

    class Meta:
        verbose_name = "搜索词计数"
        verbose_name_plural = "搜索词计数"
        ordering = ["term", "kind", "region", "area", "year"]

    def __str__(self):
        return f"{self.term} {self.kind} {self.area} {self.year}: {self.matches}"


class Synonym(models.Model):
    words = models.CharField(
        "同义词",
        max_length=300,
        unique=True,
        help_text="意思相同的词，用空格或逗号分隔，如“一汽 中国第一汽车集团”。"
        "搜索其中任何一个词，含其他词的内容也会找到。",
    )

    class Meta:
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"
        ordering = ["words"]

    def __str__(self):
        return self.words

    def word_list(self):
        return [w for w in self.words.replace("，", " ").replace(",", " ").split() if w]


class QueryLog(models.Model):
    """A search as typed, how many it found and when: nothing about who searched."""

    query = models.CharField("搜索词", max_length=100)
    results = models.PositiveIntegerField("结果数")
    searched_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "搜索记录"
        verbose_name_plural = "搜索记录"
        ordering = ["-searched_at"]
        indexes = [
            models.Index(
                fields=["searched_at", "query"],
                name="search_log_zero_idx",
                condition=Q(results=0),
            ),
        ]

    def __str__(self):
        return self.query

    @classmethod
    def record(cls, query, results):
        """Logs a search. A write the database refuses is logged, not raised: the search that
        was found is answered all the same, and a transaction around it goes on."""
        alias = router.db_for_write(cls)
        enclosed = connections[alias].in_atomic_block  # (a savepoint keeps it usable)
        try:
            with transaction.atomic(using=alias) if enclosed else nullcontext():
                cls.objects.create(query=query, results=results)
        except DatabaseError:
            logger.warning("The search %r was answered but not logged", query, exc_info=True)
