import pytest

from jlsite.publishing import PublicationStatus
from jlsite.slugs import pinyin_slug
from projects.models import Region
from tests.articles.factories import PolicyFactory
from tests.projects.factories import EventFactory, IndustryFactory, ProjectFactory


def test_pinyin_slug_from_a_chinese_name():
    assert pinyin_slug("奥迪一汽新能源汽车项目") == "ao-di-yi-qi-xin-neng-yuan-qi-che-xiang-mu"


def test_pinyin_slug_keeps_latin_and_digits():
    assert pinyin_slug("白城市200MWh储能电站") == "bai-cheng-shi-200mwh-chu-neng-dian-zhan"


def test_pinyin_slug_reads_jilin_place_names_correctly():
    assert pinyin_slug("长白朝鲜族自治县", separator="") == "changbaichaoxianzuzizhixian"
    assert pinyin_slug("长岭县", separator="") == "changlingxian"


@pytest.mark.django_db
def test_blank_slugs_are_filled_from_pinyin():
    assert (
        ProjectFactory(name="中车新能源产业基地项目").slug
        == "zhong-che-xin-neng-yuan-chan-ye-ji-di-xiang-mu"
    )
    assert EventFactory(name="第七届全球吉商大会").slug == "di-qi-jie-quan-qiu-ji-shang-da-hui"
    assert PolicyFactory(short_title="扩大开放100条").slug == "kuo-da-kai-fang-100-tiao"
    assert IndustryFactory(name="医药健康").slug == "yi-yao-jian-kang"


@pytest.mark.django_db
def test_same_name_gets_a_distinct_slug():
    first = ProjectFactory(name="华润中心")
    second = ProjectFactory(name="华润中心")
    assert first.slug == "hua-run-zhong-xin"
    assert second.slug == "hua-run-zhong-xin-2"


@pytest.mark.django_db
def test_slug_is_stable_when_a_published_project_is_renamed():
    project = ProjectFactory(name="华润零碳产业园", status=PublicationStatus.PUBLISHED)
    project.name = "华润零碳产业园（一期）"
    project.save()
    project.refresh_from_db()
    assert project.slug == "hua-run-ling-tan-chan-ye-yuan"


@pytest.mark.django_db
def test_the_eleven_top_level_regions_have_their_stable_slugs():
    assert list(Region.objects.top_level().values_list("slug", flat=True)) == [
        "changchun", "jilin", "siping", "liaoyuan", "tonghua", "baishan",
        "songyuan", "baicheng", "yanbian", "meihekou", "changbaishan",
    ]  # fmt: skip
