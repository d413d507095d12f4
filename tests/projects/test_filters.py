from datetime import date
from decimal import Decimal

import pytest
from django.http import QueryDict

from projects.filters import ProjectFilter
from projects.models import Project, ProjectStage
from tests.projects.factories import (
    EventFactory,
    IndustryFactory,
    ProjectFactory,
    SigningFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Five published projects and a draft, spread over regions, industries, events and years."""
    auto = IndustryFactory(name="汽车", slug="auto")
    parts = IndustryFactory(name="汽车零部件", slug="auto-parts", parent=auto)
    pharma = IndustryFactory(name="医药健康", slug="pharma")
    expo, fair = EventFactory(slug="expo"), EventFactory(slug="fair")
    audi = ProjectFactory(
        name="奥迪新能源汽车项目",
        region=region("changchun"),
        total_investment=Decimal("100"),
        stage=ProjectStage.UNDER_CONSTRUCTION,
    )
    audi.industries.add(auto)
    SigningFactory(project=audi, event=expo, signed_on=date(2022, 6, 28))
    nongan = ProjectFactory(
        name="农安零部件产业园",
        region=region("nongan"),
        total_investment=Decimal("5"),
        stage=ProjectStage.SIGNED,
    )
    nongan.industries.add(parts, auto)  # tagged with both: must still appear once
    SigningFactory(project=nongan, event=fair, signed_on=date(2023, 3, 1))
    pharma_project = ProjectFactory(
        name="吉林医药项目",
        region=region("jilin"),
        total_investment=Decimal("0.5"),
        stage=ProjectStage.PLANNING,
        summary="广谱抗癌药生产基地",
    )
    pharma_project.industries.add(pharma)
    unknown = ProjectFactory(name="地点未公布的项目", region=None, total_investment=None)
    draft = ProjectFactory(name="奥迪草稿项目", region=region("changchun"), draft=True)
    draft.industries.add(auto)
    return {
        "audi": audi,
        "nongan": nongan,
        "pharma": pharma_project,
        "unknown": unknown,
        "draft": draft,
    }


def run(query):
    """The filter as the list page and the spreadsheet export use it."""
    return ProjectFilter(QueryDict(query), queryset=Project.objects.published())


def names(query, ordered=False):
    result = run(query)
    assert result.is_valid(), result.errors
    found = [p.name for p in result.qs]
    assert len(found) == len(set(found)), "a project is listed twice"
    return found if ordered else set(found)


def n(*projects):
    return {p.name for p in projects}


def test_no_filter_lists_every_published_project(catalogue):
    c = catalogue
    assert names("") == n(c["audi"], c["nongan"], c["pharma"], c["unknown"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=奥迪", ["audi"]),
        ("q=抗癌", ["pharma"]),  # found in the summary
        ("q=%20奥迪%20", ["audi"]),
        ("region=changchun", ["audi", "nongan"]),  # the city includes its county 农安县
        ("region=nongan", ["nongan"]),
        ("region=siping", []),
        ("industry=auto", ["audi", "nongan"]),  # includes the child industry
        ("industry=auto-parts", ["nongan"]),
        ("stage=planning", ["pharma"]),
        ("investment_min=5", ["audi", "nongan"]),  # inclusive
        ("investment_max=5", ["nongan", "pharma"]),
        ("investment_min=0.6&investment_max=99.99", ["nongan"]),
        ("event=expo", ["audi"]),
        ("year=2023", ["nongan"]),
    ],
)
def test_each_filter_narrows_alone(catalogue, query, expected):
    assert names(query) == n(*(catalogue[key] for key in expected))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=changchun&investment_min=10", ["audi"]),
        ("region=changchun&year=2023", ["nongan"]),
        ("industry=auto&event=fair&stage=signed", ["nongan"]),
        ("industry=auto&region=jilin", []),
        ("q=新能源&region=changchun&ordering=-investment", ["audi"]),
        ("region=changchun&industry=auto&stage=under_construction&investment_min=50&event=expo"
         "&year=2022&q=奥迪", ["audi"]),
    ],
)  # fmt: skip
def test_filters_combine(catalogue, query, expected):
    assert names(query) == n(*(catalogue[key] for key in expected))


def test_drafts_never_match(catalogue):
    assert "奥迪草稿项目" not in names("q=奥迪")
    assert "奥迪草稿项目" not in names("region=changchun&industry=auto")


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("-investment", ["audi", "nongan", "pharma", "unknown"]),  # unknown amounts last
        ("investment", ["pharma", "nongan", "audi", "unknown"]),
        ("-signed", ["nongan", "audi", "pharma", "unknown"]),  # never signed: last
        ("signed", ["audi", "nongan", "pharma", "unknown"]),
    ],
)
def test_ordering_keeps_unknown_values_last(catalogue, ordering, expected):
    assert names(f"ordering={ordering}", ordered=True) == [catalogue[k].name for k in expected]


def test_ordering_by_name_both_ways(catalogue):
    ascending = names("ordering=name", ordered=True)
    assert ascending == sorted(ascending)
    assert names("ordering=-name", ordered=True) == ascending[::-1]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("investment_min=abc", "investment_min", "请输入数字，单位亿元"),
        ("investment_min=-1", "investment_min", "不能小于 0"),
        ("investment_max=1e400", "investment_max", "数字太长"),
        ("investment_min=10&investment_max=5", "investment_max", "不能小于最低投资额"),
        ("region=atlantis", "region", "没有这个地区"),
        ("region=<script>alert(1)</script>", "region", "没有这个地区"),
        ("industry=nothing", "industry", "没有这个产业"),
        ("event=no-such-event", "event", "没有这个活动"),
        ("year=1999", "year", "这一年没有签约记录"),
        ("year=abc", "year", "这一年没有签约记录"),
        ("stage=demolished", "stage", "没有这个选项"),
        ("ordering=bogus", "ordering", "没有这种排序方式"),
        ("q=" + "长" * 101, "q", "不要超过 100 个字"),
    ],
)
def test_an_invalid_value_gives_a_chinese_message_and_no_list(catalogue, query, field, message):
    result = run(f"{query}&region=changchun" if field != "region" else query)
    assert not result.is_valid()
    assert message in " ".join(result.errors[field])
    # Not the list without the bad field, which would look like an answer to the question.
    assert list(result.qs) == []


def test_an_unknown_event_includes_drafts(catalogue):
    EventFactory(slug="secret", draft=True)
    assert not run("event=secret").is_valid()


def test_a_hostile_keyword_is_just_a_keyword(catalogue):
    assert names("q=<script>alert(1)</script>") == set()
    assert names("q=' OR 1=1 --") == set()


def test_signing_years_offered_are_those_of_published_projects(catalogue):
    hidden = ProjectFactory(draft=True)
    SigningFactory(project=hidden, event=None, signed_on=date(2019, 1, 1))
    field = run("").form.fields["year"]
    assert [value for value, _ in field.choices if value] == [2023, 2022]
