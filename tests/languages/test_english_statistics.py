"""Statistics in 亿元 or 万元 read as CNY amounts on English pages, as amounts do elsewhere;
other units stay as entered, marked Chinese; the Chinese page keeps 亿元."""

from decimal import Decimal

import pytest
from django.utils.html import strip_tags

from tests.projects.factories import StatisticFactory

pytestmark = pytest.mark.django_db


def page(client, path):
    return client.get(path).content.decode()


def test_sums_of_money_are_in_cny_on_the_english_statistics_page(client):
    StatisticFactory(value=Decimal("663.02"), unit="亿元", year=2022)
    StatisticFactory(indicator="新签约项目投资额", value=Decimal("6793"), unit="万元", year=2022)
    StatisticFactory(indicator="签约项目数", value=Decimal("69"), unit="个", year=2022)
    english = page(client, "/en/statistics/")
    shown = strip_tags(english)
    assert "CNY 66.302 billion" in shown
    assert "CNY 67.93 million" in shown
    assert "663.02亿元" not in shown and "6793万元" not in shown
    assert '69<span lang="zh-Hans">个</span>' in english  # a unit without English, marked
    chinese = strip_tags(page(client, "/statistics/"))
    assert "663.02亿元" in chinese and "6793万元" in chinese and "CNY" not in chinese
