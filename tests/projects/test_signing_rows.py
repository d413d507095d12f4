"""A signing table's rows are written in Python (projects/templatetags/signings.py) for
speed; they read exactly as the template loop they replaced, in both languages."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models.signals import post_init
from django.template import engines
from django.utils import translation

from projects.models import Project, Signing
from projects.templatetags.signings import signing_rows
from tests.projects.factories import EventFactory, ProjectFactory, SigningFactory, region

pytestmark = pytest.mark.django_db

# The loop of templates/includes/signing_table.html as it was, the reference for the markup.
TEMPLATE = """{% load languages i18n %}{% load formatting %}{% for signing in signings %}
    <tr>
      {% if show_project %}<td><a href="{{ signing.project.get_absolute_url }}"{{ signing.project|fallback_lang:"name" }}>{{ signing.project.name }}</a>{% if show_region and signing.project.region %}<span class="muted">{% translate "（" %}{{ signing.project.region.name }}{% translate "）" %}</span>{% endif %}</td>{% endif %}
      {% if show_event %}<td>{% if signing.event %}<a href="{{ signing.event.get_absolute_url }}"{{ signing.event|fallback_lang:"name" }}>{{ signing.event.name }}</a>{% else %}{% translate "活动外签约" %}{% endif %}</td>{% endif %}
      <td>{{ signing.signed_on|cn_date|default:_("未公布") }}</td>
      <td class="num">{{ signing.contract_investment|amount|default:_("未公布") }}</td>
    </tr>
    {% endfor %}"""


@pytest.fixture(params=["models", "values"])
def signings(request):
    expo = EventFactory(name="东北亚博览会 <2022>", name_en="Northeast Asia Expo")
    audi = ProjectFactory(name="奥迪 & 一汽项目", name_en="Audi FAW", region=region("nongan"))
    bare = ProjectFactory(name="无地区项目", region=None)
    SigningFactory(project=audi, event=expo, signed_on=date(2022, 9, 1))
    SigningFactory(project=bare, event=None, signed_on=None, contract_investment=None)
    SigningFactory(project=audi, event=None, contract_investment=Decimal("0.5"))
    rows = Signing.objects.newest_first()
    return list(rows if request.param == "models" else rows.as_rows())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "shown",
    [
        {"show_project": True, "show_region": True},
        {"show_project": True, "show_event": True},
        {"show_event": True},
        {},
    ],
)
def test_the_rows_read_as_the_template_loop_did(signings, language, shown):
    """Models or plain values (as_rows), the same markup as the loop wrote with models."""
    template = engines["django"].from_string(TEMPLATE)
    models = list(Signing.objects.newest_first())
    with translation.override(language):
        assert signing_rows(signings, **shown) == template.render({"signings": models, **shown})


@pytest.mark.parametrize(
    "path, cards",
    [("/events/{event}/", 0), ("/en/events/{event}/", 0), ("/regions/nongan/", 3)],
)
def test_a_signing_table_builds_no_model_for_its_rows(client, path, cards):
    """An event's page shows fifty signings; each signing, project and event built as a model
    (init signals, translation descriptors) cost the page a third of its time. A region's
    page builds its project cards' projects, and no more."""
    expo = EventFactory(name="东北亚博览会")
    for n in range(3):
        project = ProjectFactory(name=f"项目{n}", region=region("nongan"))
        SigningFactory(project=project, event=expo, contract_investment=Decimal(n + 1))
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        response = client.get(path.format(event=expo.slug))
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200
    assert "项目2" in response.content.decode()
    assert built.count(Signing) == 0
    assert built.count(Project) == cards
