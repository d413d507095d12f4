"""Changelists show amounts as the site does (6793万元, 88.64亿元), not as stored (0.6793)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Event
from tests.pages import main_text
from tests.projects.factories import ProjectFactory, SigningFactory

pytestmark = pytest.mark.django_db


def changelist(client, model, **params):
    return main_text(client.get(reverse(f"admin:projects_{model}_changelist"), params))


def test_project_changelist_shows_investment_in_yi_and_wan_yuan(admin_client):
    ProjectFactory(name="小项目", total_investment=Decimal("0.6793"))
    ProjectFactory(name="大项目", total_investment=Decimal("120.5000"))
    ProjectFactory(name="未公布项目", total_investment=None)
    page = changelist(admin_client, "project")
    assert "6793万元" in page and "120.5亿元" in page and "未公布" in page
    assert "0.6793" not in page and "120.5000" not in page
    assert "总投资" in page and "总投资（亿元）" not in page  # the unit is in each cell


def test_the_investment_column_still_sorts_by_the_amount(admin_client):
    ProjectFactory(name="小项目", total_investment=Decimal("0.6793"))
    ProjectFactory(name="大项目", total_investment=Decimal("120.5"))
    page = admin_client.get(reverse("admin:projects_project_changelist")).content.decode()
    column = re.search(
        r'<th scope="col" class="sortable column-total_investment_amount">.*?href="([^"]+)"',
        page,
        re.S,
    )
    ordered = changelist(
        admin_client, "project", **dict(p.split("=") for p in column[1][1:].split("&"))
    )
    assert ordered.index("6793万元") < ordered.index("120.5亿元")


def test_event_and_signing_changelists_show_amounts(admin_client, demo):
    page = changelist(admin_client, "event")
    assert "663.02亿元" in page and "88.64亿元" in page
    event = Event.objects.get(name="第七届全球吉商大会")
    SigningFactory(event=event, contract_investment=Decimal("0.35"))
    assert "3500万元" in changelist(admin_client, "signing")
