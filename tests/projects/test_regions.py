from pathlib import Path

import pytest

from projects.models import Region

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SHARED_CSV = REPO.parent / "shared" / "data" / "jilin-divisions.csv"


def test_all_divisions_are_loaded_without_the_province_row():
    # 9 prefecture-level units + 69 county-level units (梅河口 among them) + 长白山管委会
    assert Region.objects.count() == 79
    assert not Region.objects.filter(code="220000").exists()


def test_meihekou_is_listed_beside_the_prefectures():
    meihekou = Region.objects.get(code="220581")
    assert meihekou.parent is None
    assert meihekou.get_kind_display() == "省直管县级市"
    assert meihekou.slug == "meihekou"


def test_changbaishan_has_no_code():
    region = Region.objects.get(slug="changbaishan")
    assert region.name == "长白山管委会"
    assert region.code == ""
    assert region.short_name == "长白山"


def test_counties_sit_under_their_prefecture_with_short_names():
    nongan = Region.objects.get(code="220122")
    assert nongan.name == "农安县"
    assert nongan.short_name == "农安"
    assert nongan.parent.slug == "changchun"
    assert Region.objects.get(code="222400").short_name == "延边"


def test_within_includes_the_counties():
    changchun = Region.objects.get(slug="changchun")
    names = set(Region.objects.within(changchun).values_list("name", flat=True))
    assert {"长春市", "农安县", "南关区"} <= names
    assert "吉林市" not in names


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="../shared is not beside this checkout")
def test_the_bundled_division_list_matches_the_shared_reference_data():
    assert (
        REPO / "projects" / "data" / "jilin-divisions.csv"
    ).read_bytes() == SHARED_CSV.read_bytes()
