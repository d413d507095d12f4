"""Spreadsheet import and export of articles, policies and policy measures."""

from django.db.models import Max

from articles.models import Article, Channel, Policy, PolicyKind, PolicyMeasure, Validity
from spreadsheets.fields import Column, english_column, status_column
from spreadsheets.registry import register
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import (
    ChoiceCell,
    DateCell,
    DateTimeCell,
    HTMLCell,
    IntegerCell,
    LookupCell,
)


@register("policies")
class PolicyResource(SpreadsheetResource):
    short_title = Column(
        "政策简称", "short_title", help_text="如“支持民营经济发展40条”，不得重复。"
    )
    title = Column("标题", "title", help_text="政策文件全称。")
    index_number = Column("索引号", "index_number")
    issuer = Column("发布机构", "issuer")
    document_number = Column("文号", "document_number", help_text="如“吉政发〔2019〕1号”。")
    written_on = Column("成文日期", "written_on", DateCell())
    issued_on = Column("发布日期", "issued_on", DateCell())
    kind = Column("类别", "kind", ChoiceCell(PolicyKind.choices, "类别"))
    declared_measure_count = Column(
        "条款总数",
        "declared_measure_count",
        IntegerCell(hint="文件宣布的条数，如40；不能小于已录入的最大条款序号。"),
    )
    validity = Column("效力状态", "validity", ChoiceCell(Validity.choices, "效力状态"))
    summary = Column("摘要", "summary")
    status = status_column()
    short_title_en = english_column("政策简称", "short_title")
    title_en = english_column("标题", "title")
    summary_en = english_column("摘要", "summary")

    natural_key_fields = ("short_title",)
    display_name = "政策文件"

    class Meta:
        model = Policy
        fields = (
            "short_title", "title", "index_number", "issuer", "document_number", "written_on",
            "issued_on", "kind", "declared_measure_count", "validity", "summary", "status",
            "short_title_en", "title_en", "summary_en",
        )  # fmt: skip

    def load_extras(self, entries):
        pks = [e.instance.pk for e in entries if e.instance is not None]
        self.highest_numbers = dict(
            PolicyMeasure.objects.filter(policy_id__in=pks)
            .values("policy_id")
            .annotate(highest=Max("number"))
            .values_list("policy_id", "highest")
        )

    def check(self, entry):
        # The database trigger would refuse this; say so for the row before writing anything.
        policy = entry.instance
        highest = self.highest_numbers.get(policy.pk)
        declared = policy.declared_measure_count
        if highest and declared and declared < highest:
            entry.problem(
                self.fields["declared_measure_count"],
                f"已录入第{highest}条，条款总数不能小于{highest}",
            )


@register("measures")
class PolicyMeasureResource(SpreadsheetResource):
    policy = Column(
        "政策简称",
        "policy_id",
        LookupCell(Policy, ("short_title", "title"), "政策", hint="须为已有政策文件的简称。"),
    )
    number = Column(
        "条款序号",
        "number",
        IntegerCell(ordinal=True, hint="1 起的整数（也可写“第3条”），不超过政策的条款总数。"),
    )
    title = Column("条款标题", "title")
    text = Column("条款内容", "text")
    title_en = english_column("条款标题", "title")
    text_en = english_column("条款内容", "text")

    natural_key_fields = ("policy_id", "number")
    display_name = "政策条款"

    class Meta:
        model = PolicyMeasure
        fields = ("policy", "number", "title", "text", "title_en", "text_en")

    def check(self, entry):
        # The database trigger would refuse this; say so for the row before writing anything.
        if not hasattr(self, "declared_counts"):
            self.declared_counts = {
                pk: (count, short)
                for pk, count, short in Policy.objects.values_list(
                    "pk", "declared_measure_count", "short_title"
                )
            }
        measure = entry.instance
        declared, short_title = self.declared_counts.get(measure.policy_id, (None, ""))
        if declared and measure.number > declared:
            entry.problem(
                self.fields["number"],
                f"第{measure.number}条超出「{short_title}」的条款总数（{declared}条）",
            )


@register("articles")
class ArticleResource(SpreadsheetResource):
    original_code = Column(
        "原文编号",
        "original_code",
        keep_when_blank=True,
        help_text="来源网站的原文编号；填写时按编号匹配已有文章，否则按标题和发布时间匹配。",
    )
    title = Column("标题", "title")
    subtitle = Column("副标题", "subtitle")
    channel = Column(
        "栏目", "channel_id", LookupCell(Channel, ("name", "slug"), "栏目", hint="须为已有栏目。")
    )
    published_at = Column("发布时间", "published_at", DateTimeCell(), keep_when_blank=True)
    source = Column("来源", "source", help_text="如“吉林日报”。")
    author = Column("作者", "author")
    editor = Column("责任编辑", "editor")
    summary = Column("摘要", "summary")
    body = Column("正文", "body", HTMLCell())
    status = status_column()
    title_en = english_column("标题", "title")
    subtitle_en = english_column("副标题", "subtitle")
    summary_en = english_column("摘要", "summary")
    body_en = english_column("正文", "body", HTMLCell())

    natural_key_fields = ("original_code",)
    alternative_key_fields = ("title", "published_at")
    describe_fields = ("original_code", "title")
    display_name = "文章"

    class Meta:
        model = Article
        fields = (
            "original_code", "title", "subtitle", "channel", "published_at", "source", "author",
            "editor", "summary", "body", "status",
            "title_en", "subtitle_en", "summary_en", "body_en",
        )  # fmt: skip

    def ambiguity(self, entry):
        return "数据库中有多篇标题和发布时间都相同的文章：请填写原文编号加以区分"
