from decimal import Decimal

import factory
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from projects.models import (
    Company,
    Event,
    EventKind,
    Industry,
    Milestone,
    MilestoneKind,
    Project,
    Region,
    Signing,
    Statistic,
)


class PublishedMixin(factory.django.DjangoModelFactory):
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT, published_at=None)


def region(slug):
    """One of the regions the migration loads, by slug (e.g. `changchun`, `nongan`)."""
    return Region.objects.get(slug=slug)


class IndustryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试产业{n}")

    class Meta:
        model = Industry


class CompanyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")

    class Meta:
        model = Company


class ProjectFactory(PublishedMixin):
    name = factory.Sequence(lambda n: f"测试项目{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(slug="changchun"))
    total_investment = Decimal("12.5")
    summary = "测试项目简介"

    class Meta:
        model = Project


class MilestoneFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectFactory)
    date = factory.Faker("date_this_decade")
    kind = MilestoneKind.CONSTRUCTION_STARTED
    description = "全面开工"

    class Meta:
        model = Milestone


class EventFactory(PublishedMixin):
    name = factory.Sequence(lambda n: f"测试招商活动{n}")
    kind = EventKind.CONFERENCE

    class Meta:
        model = Event


class SigningFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    project = factory.SubFactory(ProjectFactory)
    contract_investment = Decimal("5")

    class Meta:
        model = Signing


class StatisticFactory(PublishedMixin):
    indicator = "招商引资到位资金"
    year = factory.Sequence(lambda n: 2000 + n % 100)
    month_start = 1
    month_end = 12
    value = Decimal("100")
    unit = "亿元"

    class Meta:
        model = Statistic
