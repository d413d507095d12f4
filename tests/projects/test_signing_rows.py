"""A signing table's rows are written in Python (projects/templatetags/signings.py) for
speed; they read exactly as the template loop they replaced, in both languages."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from projects.models import Signing
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


@pytest.fixture
def signings():
    expo = EventFactory(name="东北亚博览会 <2022>", name_en="Northeast Asia Expo")
    audi = ProjectFactory(name="奥迪 & 一汽项目", name_en="Audi FAW", region=region("nongan"))
    bare = ProjectFactory(name="无地区项目", region=None)
    SigningFactory(project=audi, event=expo, signed_on=date(2022, 9, 1))
    SigningFactory(project=bare, event=None, signed_on=None, contract_investment=None)
    SigningFactory(project=audi, event=None, contract_investment=Decimal("0.5"))
    return list(Signing.objects.newest_first())


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
    template = engines["django"].from_string(TEMPLATE)
    with translation.override(language):
        assert signing_rows(signings, **shown) == template.render({"signings": signings, **shown})
