"""Jilin's administrative divisions, from projects/data/jilin-divisions.csv (see its README).

The province row itself is not stored: a blank region means the whole province. 梅河口市 is a
county-level city of 通化市 that the province administers directly, so it is listed beside the
prefectures; 长白山管委会 has no division code. The eleven top-level slugs are a public contract.
"""

import csv
from pathlib import Path

from django.db import migrations

from jlsite.slugs import pinyin_slug

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "jilin-divisions.csv"

TOP_LEVEL = {
    # code: (slug, short name, order)
    "220100": ("changchun", "长春", 1),
    "220200": ("jilin", "吉林", 2),
    "220300": ("siping", "四平", 3),
    "220400": ("liaoyuan", "辽源", 4),
    "220500": ("tonghua", "通化", 5),
    "220600": ("baishan", "白山", 6),
    "220700": ("songyuan", "松原", 7),
    "220800": ("baicheng", "白城", 8),
    "222400": ("yanbian", "延边", 9),
    "220581": ("meihekou", "梅河口", 10),
}
SUFFIXES = ("朝鲜族自治县", "蒙古族自治县", "满族自治县", "市", "县", "区")


def short_name(name, kind):
    if kind == "development_zone":
        return name
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def load_regions(apps, schema_editor):
    Region = apps.get_model("projects", "Region")
    with CSV_PATH.open(encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["kind"] != "province"]

    by_code = {}
    used_slugs = set()
    # Prefecture-level rows first, so counties find their parent.
    rows.sort(key=lambda row: (row["parent_code"] != "220000", row["code"]))
    for n, row in enumerate(rows, start=100):
        code, name, kind = row["code"], row["name"], row["kind"]
        if code in TOP_LEVEL:
            slug, short, order = TOP_LEVEL[code]
            parent = None
            if code == "220581":
                kind = "province_administered"
        else:
            slug = pinyin_slug(short_name(name, kind), separator="")
            if slug in used_slugs:
                slug = f"{slug}-{code}"
            short, order = short_name(name, kind), n
            parent = by_code.get(row["parent_code"])
        used_slugs.add(slug)
        by_code[code] = Region.objects.create(
            code=code, name=name, short_name=short, slug=slug, kind=kind, parent=parent, order=order
        )

    Region.objects.create(
        code="",
        name="长白山管委会",
        short_name="长白山",
        slug="changbaishan",
        kind="management_committee",
        parent=None,
        order=11,
    )


def unload_regions(apps, schema_editor):
    apps.get_model("projects", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load_regions, unload_regions)]
