import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import segno
from django.template import Context, Template
from django.test import RequestFactory

from jlsite.templatetags.formatting import amount, cn_date, cn_date_range, figure, plain_number
from jlsite.templatetags.qr import QR_ERROR, QR_SVG_OPTIONS
from projects.templatetags.charts import bar_chart


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (Decimal("663.0200"), "663.02亿元"),
        (Decimal("88.6400"), "88.64亿元"),
        (Decimal("12.5000"), "12.5亿元"),
        (Decimal("100.0000"), "100亿元"),
        (Decimal("1.0000"), "1亿元"),
        (Decimal("0.8864"), "8864万元"),
        (Decimal("0.0500"), "500万元"),
        (Decimal("0.12345"), "1234.5万元"),
        (Decimal("2.005"), "2.01亿元"),  # half up, as people round
        (Decimal("0"), "0亿元"),
        (None, ""),
    ],
)
def test_amounts_read_as_the_sources_write_them(stored, shown):
    assert amount(stored) == shown


def test_plain_numbers_and_figures():
    assert plain_number(Decimal("30.00")) == "30"
    assert plain_number(Decimal("-3.50")) == "-3.5"
    assert plain_number(Decimal("-0.001")) == "0"
    assert figure(Decimal("663.0200")) == "663.02"
    assert figure(69) == "69"
    assert figure(None) == "未公布"


def test_chinese_dates_use_beijing_time():
    assert cn_date(date(2022, 9, 11)) == "2022年9月11日"
    late_utc = datetime(2022, 9, 10, 17, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on the 11th in Beijing
    assert cn_date(late_utc) == "2022年9月11日"
    assert cn_date(None) == ""


def test_date_ranges():
    assert cn_date_range(date(2022, 9, 9), date(2022, 9, 11)) == "2022年9月9日至11日"
    assert cn_date_range(date(2022, 9, 30), date(2022, 10, 2)) == "2022年9月30日至10月2日"
    assert cn_date_range(date(2022, 12, 31), date(2023, 1, 1)) == "2022年12月31日至2023年1月1日"
    assert cn_date_range(date(2022, 9, 9), None) == "2022年9月9日"
    assert cn_date_range(None, None) == ""


def test_bar_chart_scales_bars_to_their_values():
    chart = bar_chart(
        [
            ("2021年", Decimal("30"), "约30%"),
            ("2022年1—7月", Decimal("15"), "15%"),
            ("无", None, ""),
        ],
        "到位资金增长",
        "c1",
    )
    first, second = chart["bars"]  # the row without a value is left out
    assert first["width"] == pytest.approx(2 * second["width"], rel=0.01)
    assert first["x"] == second["x"] == chart["zero"]
    assert chart["height"] > 0


def test_bar_chart_draws_negative_values_left_of_zero():
    chart = bar_chart([("甲", Decimal("-10"), "-10%"), ("乙", Decimal("10"), "10%")], "增长", "c2")
    negative, positive = chart["bars"]
    assert negative["negative"] and not positive["negative"]
    assert negative["x"] + negative["width"] == pytest.approx(chart["zero"], abs=0.2)
    assert positive["x"] == pytest.approx(chart["zero"], abs=0.2)


def test_bar_chart_renders_accessible_svg():
    html = Template("{% load charts %}{% bar_chart points '到位资金增长（%）' 'growth' %}").render(
        Context({"points": [("2021年", Decimal("30"), "约30%")]})
    )
    assert html.strip().startswith("<svg")
    assert 'role="img"' in html and 'aria-labelledby="growth-title"' in html
    assert "2021年 约30%" in html
    assert len(re.findall(r"<rect ", html)) == 1


def test_qr_code_encodes_the_absolute_url_of_the_path():
    request = RequestFactory().get("/articles/7/")
    html = Template("{% load qr %}{% page_qr '/articles/7/' %}").render(
        Context({"request": request})
    )
    expected = segno.make_qr("http://testserver/articles/7/", error=QR_ERROR)
    assert html == expected.svg_inline(**QR_SVG_OPTIONS)
    other = segno.make_qr("http://testserver/articles/8/", error=QR_ERROR)
    assert html != other.svg_inline(**QR_SVG_OPTIONS)
