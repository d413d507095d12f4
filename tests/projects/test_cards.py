"""The project card is written in Python (projects/templatetags/cards.py) for speed; it reads
exactly as the template it replaced, in both languages and whatever a project lacks."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from projects.models import Project, ProjectStage
from projects.templatetags.cards import project_card
from tests.projects.factories import IndustryFactory, ProjectFactory, SigningFactory, region

pytestmark = pytest.mark.django_db

# templates/includes/project_card.html as it was, the reference for the markup.
TEMPLATE = """{% load languages i18n %}{% load formatting %}
<article class="card project-card">
  <h3 class="card-title"><a href="{{ project.get_absolute_url }}"{{ project|fallback_lang:"name" }}>{{ project.name }}</a></h3>
  {% if project.summary %}<p class="card-summary"{{ project|fallback_lang:"summary" }}>{{ project.summary|truncatechars:90 }}</p>{% endif %}
  <dl class="facts">
    <div><dt>{% translate "地区" context "标签" %}</dt><dd>{% if project.region %}{% if project.region.parent %}{{ project.region.parent.name }} {% endif %}{{ project.region.name }}{% else %}{% translate "未公布" %}{% endif %}</dd></div>
    {% with industries=project.industries.all %}{% if industries %}<div><dt>{% translate "产业" %}</dt><dd>{% for industry in industries %}{{ industry.name }}{% if not forloop.last %}{% translate "、" %}{% endif %}{% endfor %}</dd></div>{% endif %}{% endwith %}
    <div><dt>{% translate "总投资" %}</dt><dd>{{ project.total_investment|amount|default:_("未公布") }}</dd></div>
    {% if project.stage %}<div><dt>{% translate "阶段" %}</dt><dd>{{ project.get_stage_display }}</dd></div>{% endif %}
    {% if project.first_signed_on %}<div><dt>{% translate "签约日期" %}</dt><dd>{{ project.first_signed_on|cn_date }}</dd></div>{% endif %}
  </dl>
</article>
"""


@pytest.fixture
def projects():
    full = ProjectFactory(
        name="奥迪一汽新能源汽车项目 <A&B>",
        name_en="Audi FAW NEV project",
        summary="长" * 120 + "e\u0301",
        region=region("nongan"),
        total_investment=Decimal("0.35"),
        stage=ProjectStage.UNDER_CONSTRUCTION,
    )
    parts = IndustryFactory(name="零部件 & 配套")  # made first, listed second (by name)
    full.industries.add(IndustryFactory(name="汽车"), parts)
    SigningFactory(project=full, signed_on=date(2022, 6, 28))
    ProjectFactory(name="只有名字的项目", summary="", region=None, total_investment=None, stage="")
    ProjectFactory(name="Short", summary="短简介", region=region("changchun"))
    return Project.objects.for_cards().order_by("pk")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_card_reads_as_its_template_did(projects, language):
    template = engines["django"].from_string(TEMPLATE)
    with translation.override(language):  # cards name places in the language they are read in
        for project in list(projects):
            assert project_card(project) == template.render({"project": project})


def test_a_card_names_an_industry_newer_than_the_names_remembered(projects, monkeypatch):
    """Names are kept per content version; a link read just after a new industry was saved,
    before the version changed, must not break the page."""
    monkeypatch.setattr("projects.names.memoize_in_process", lambda key, compute: {})
    card = project_card(projects.first())
    assert "汽车、零部件 &amp; 配套" in card
    assert "农安县" in card
