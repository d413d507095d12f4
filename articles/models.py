from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jlsite.publishing import Publishable, PublishableQuerySet
from jlsite.slugs import SluggedModel
from richtext.html import SanitizedHTMLField
from workflow.timeliness import UPDATE_INTERVAL_DAYS

# A slug made only of digits would be read as an article id in /articles/<id-or-slug>/.
not_only_digits = RegexValidator(r"^\d+$", "网址标识不能全为数字。", inverse_match=True)
# /articles/feed/ is the RSS feed: an article may not take that address.
RESERVED_ARTICLE_SLUGS = ("feed",)
not_reserved = RegexValidator(
    r"^({})$".format("|".join(RESERVED_ARTICLE_SLUGS)),
    "该网址标识为系统保留，请换一个。",
    inverse_match=True,
)


class Channel(SluggedModel):
    name = models.CharField("栏目名称", max_length=50, unique=True)
    slug = models.SlugField(
        "网址标识", max_length=100, unique=True, blank=True, help_text="留空则按栏目名称拼音生成。"
    )
    description = models.CharField("栏目说明", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    update_interval = models.PositiveSmallIntegerField(
        "更新周期（天）",
        default=UPDATE_INTERVAL_DAYS,
        help_text="超过这么多天没有发布新文章，管理后台首页和每日检查会提示“超期未更新”；"
        "0 表示不考核（如“关于我们”）。全国政府网站检查把两周未更新的栏目计为问题。",
    )

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:article_list") + f"?channel={self.slug}"


class ArticleQuerySet(PublishableQuerySet):
    def for_lists(self):
        """What lists and feeds show: no body (an article's body runs to many kilobytes, and
        twenty of them were read on every list page for nothing)."""
        from projects.names import translated

        return self.select_related("channel").defer(*translated("", "body"))

    def publication_years(self):
        """The years (Beijing time) in which these articles were published, newest first."""
        moments = self.datetimes("published_at", "year", order="DESC")
        return [moment.year for moment in moments]


class Article(Publishable):
    title = models.CharField("标题", max_length=300)
    subtitle = models.CharField("副标题", max_length=300, blank=True)
    slug = models.SlugField(
        "网址标识",
        max_length=200,
        blank=True,
        validators=[not_only_digits, not_reserved],
        help_text="可留空：留空时文章网址使用编号。",
    )
    channel = models.ForeignKey(
        Channel, verbose_name="栏目", on_delete=models.PROTECT, related_name="articles"
    )
    source = models.CharField("来源", max_length=100, blank=True, help_text="如“吉林日报”。")
    author = models.CharField("作者", max_length=100, blank=True)
    editor = models.CharField("责任编辑", max_length=50, blank=True)
    summary = models.TextField("摘要", blank=True)
    body = SanitizedHTMLField("正文", blank=True, help_text="保存时自动清除脚本等不安全内容。")
    cover = models.ImageField("封面图片", upload_to="articles/covers/%Y/%m/", blank=True)
    cover_alt = models.CharField(
        "封面图片说明", max_length=200, blank=True, help_text="供读屏软件朗读。"
    )
    original_code = models.CharField(
        "原文编号", max_length=64, blank=True, help_text="来源网站的原文编号，填写时不得重复。"
    )
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以逗号分隔。")
    related_projects = models.ManyToManyField(
        "projects.Project", verbose_name="相关项目", blank=True, related_name="articles"
    )
    related_events = models.ManyToManyField(
        "projects.Event", verbose_name="相关活动", blank=True, related_name="articles"
    )
    related_policies = models.ManyToManyField(
        "articles.Policy", verbose_name="相关政策", blank=True, related_name="articles"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=~Q(slug=""), name="article_slug_unique_when_present"
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_ARTICLE_SLUGS), name="article_slug_not_reserved"
            ),
            models.UniqueConstraint(
                fields=["original_code"],
                condition=~Q(original_code=""),
                name="article_original_code_unique_when_present",
            ),
            # Without an original code, title and publication time identify an article (the
            # spreadsheet import matches it so).
            models.UniqueConstraint(
                fields=["title", "published_at"],
                condition=Q(original_code=""),
                name="article_title_time_unique_without_code",
                violation_error_message="已有标题和发布时间都相同的文章：请修改标题或发布时间，"
                "或填写原文编号加以区分。",
            ),
        ]
        indexes = [models.Index(fields=["channel", "-published_at"], name="article_channel_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article_detail", args=[self.slug or str(self.pk)])

    def channel_neighbours(self):
        """The previous (older) and next (newer) published article in the same channel."""
        siblings = Article.objects.published().filter(channel_id=self.channel_id)
        when = self.published_at
        older = siblings.filter(
            Q(published_at__lt=when) | Q(published_at=when, pk__lt=self.pk)
        ).order_by("-published_at", "-pk")
        newer = siblings.filter(
            Q(published_at__gt=when) | Q(published_at=when, pk__gt=self.pk)
        ).order_by("published_at", "pk")
        return older.first(), newer.first()


class PolicyKind(models.TextChoices):
    PRIVATE_ECONOMY = "private_economy", _("民营经济")
    OPENING_UP = "opening_up", _("扩大开放")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    EXPIRED = "expired", _("已失效")


class PolicyQuerySet(PublishableQuerySet):
    def with_completeness(self):
        return self.annotate(measures_entered=Count("measures", distinct=True))

    def newest_first(self):
        """Latest issued first, undated last (aggregating drops Meta.ordering)."""
        return self.order_by(F("issued_on").desc(nulls_last=True), "-published_at", "pk")


class Policy(SluggedModel, Publishable):
    title = models.CharField("标题", max_length=300, help_text="政策文件全称。")
    short_title = models.CharField(
        "政策简称", max_length=100, unique=True, help_text="如“支持民营经济发展40条”。"
    )
    slug = models.SlugField(
        "网址标识", max_length=200, unique=True, blank=True, help_text="留空则按简称拼音生成。"
    )
    index_number = models.CharField("索引号", max_length=100, blank=True)
    issuer = models.CharField("发布机构", max_length=100, blank=True)
    document_number = models.CharField(
        "文号", max_length=100, blank=True, help_text="如“吉政发〔2019〕1号”。"
    )
    written_on = models.DateField("成文日期", null=True, blank=True)
    issued_on = models.DateField("发布日期", null=True, blank=True)
    kind = models.CharField(
        "类别", max_length=32, choices=PolicyKind.choices, default=PolicyKind.OTHER
    )
    declared_measure_count = models.PositiveSmallIntegerField(
        "条款总数",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="文件本身宣布的条数，如40、100；条款序号不得超过此数。",
    )
    validity = models.CharField(
        "效力状态", max_length=16, choices=Validity.choices, blank=True, help_text="未标注时留空。"
    )
    summary = models.TextField("摘要", blank=True)
    body = SanitizedHTMLField("正文", blank=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["-issued_on", "-published_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(declared_measure_count__gte=1) | Q(declared_measure_count__isnull=True),
                name="policy_declared_count_positive",
            ),
        ]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return reverse("articles:policy_detail", args=[self.slug])

    def slug_text(self):
        return self.short_title or self.title

    def clean(self):
        if self.pk and self.declared_measure_count:
            highest = self.measures.aggregate(models.Max("number"))["number__max"]
            if highest and highest > self.declared_measure_count:
                raise ValidationError(
                    {"declared_measure_count": f"已录入第{highest}条，条款总数不能小于{highest}。"}
                )

    @property
    def entered_measure_count(self):
        if hasattr(self, "measures_entered"):
            return self.measures_entered
        return self.measures.count()

    @property
    def completeness_label(self):
        if self.declared_measure_count:
            return f"已录入 {self.entered_measure_count} / {self.declared_measure_count} 条"
        return f"已录入 {self.entered_measure_count} 条"

    @property
    def is_complete(self):
        return bool(self.declared_measure_count) and (
            self.entered_measure_count >= self.declared_measure_count
        )


class PolicyMeasure(models.Model):
    policy = models.ForeignKey(
        Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="measures"
    )
    number = models.PositiveSmallIntegerField("条款序号", validators=[MinValueValidator(1)])
    title = models.CharField("条款标题", max_length=300, blank=True)
    text = models.TextField("条款内容")

    class Meta:
        verbose_name = "政策条款"
        verbose_name_plural = "政策条款"
        ordering = ["policy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="measure_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="measure_number_positive"),
            # number ≤ the policy's declared count is enforced by triggers (migration 0002).
        ]

    def __str__(self):
        return f"{self.policy.short_title} 第{self.number}条"

    def get_absolute_url(self):
        return reverse("articles:measure_detail", args=[self.policy.slug, self.number])

    def clean(self):
        if self.policy_id and self.number:
            declared = self.policy.declared_measure_count
            if declared and self.number > declared:
                raise ValidationError({"number": f"条款序号应在 1 至 {declared} 之间。"})
