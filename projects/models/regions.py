from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from projects.addresses import slug_url


class RegionKind(models.TextChoices):
    PREFECTURE_CITY = "prefecture_city", _("地级市")
    AUTONOMOUS_PREFECTURE = "autonomous_prefecture", _("自治州")
    PROVINCE_ADMINISTERED = "province_administered", _("省直管县级市")
    MANAGEMENT_COMMITTEE = "management_committee", _("管委会")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    DEVELOPMENT_ZONE = "development_zone", _("开发区")


class RegionQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def within(self, region):
        """The region itself and the counties under it."""
        return self.filter(Q(pk=region.pk) | Q(parent=region))

    def with_project_counts(self):
        """Each region with the number of published projects placed in it (not its counties)."""
        from .projects import Project

        return self.annotate(
            project_count=Count("projects", filter=Q(projects__in=Project.objects.published()))
        )

    def names(self):
        """{region id: its name}."""
        return {region.pk: region.name for region in self}

    def place_names(self):
        """{region id: its name after its city's, as a project card places it}."""
        regions = {region.pk: region for region in self}
        places = {}
        for pk, region in regions.items():
            city = regions.get(region.parent_id)
            places[pk] = f"{city.name} {region.name}" if city else region.name
        return places

    def tree(self):
        """Top-level regions, each with `counties` and `total_project_count` (its own and its
        counties' published projects), in two queries."""
        regions = list(self.with_project_counts())
        children = {}
        for region in regions:
            children.setdefault(region.parent_id, []).append(region)
        top_level = children.get(None, [])
        for region in top_level:
            region.counties = children.get(region.pk, [])
            region.total_project_count = region.project_count + sum(
                county.project_count for county in region.counties
            )
        return top_level


class Region(models.Model):
    code = models.CharField(
        "区划代码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "区划代码应为6位数字。")],
        help_text="国家统计局6位区划代码；长白山管委会等无代码的单位留空。",
    )
    name = models.CharField("名称", max_length=50)
    short_name = models.CharField("简称", max_length=20, blank=True, help_text="如“长春”。")
    slug = models.SlugField("网址标识", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=32, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="市（州）及省直管单位留空。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["order", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="region_code_unique_when_present"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="region_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("projects:region_detail", self.slug)

    @property
    def display_name(self):
        return self.short_name or self.name
