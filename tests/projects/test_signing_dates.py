"""A project's signing date has one source, its signings, and every page and filter agrees.

Project.first_signed_on is kept by database triggers (projects/migrations/0006), so these
tests write signings every way staff do: spreadsheet import, the admin, bulk and raw SQL.
"""

import re
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from jlsite.publishing import PublicationStatus
from projects.models import Event, Project, Signing
from projects.resources import ProjectResource
from tests.conftest import sign_in
from tests.pages import main_text
from tests.projects.factories import EventFactory, ProjectFactory, SigningFactory
from tests.projects.test_project_import import HEADERS, row
from tests.spreadsheet_files import import_rows

pytestmark = pytest.mark.django_db


def listed(client, query=""):
    """Project names in the order /projects/ shows them."""
    page = client.get(f"/projects/?{query}").content.decode()
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', page)


def offered_years(client):
    page = client.get("/projects/").content.decode()
    select = re.search(r'<select name="year".*?</select>', page, flags=re.S)[0]
    return re.findall(r'<option value="(\d+)"', select)


def timeline(response):
    """The lines of a project page's 项目进展."""
    block = re.search(r'<ol class="timeline">(.*?)</ol>', response.text, flags=re.S)
    items = re.findall(r"<li>(.*?)</li>", block[1] if block else "", flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def import_projects(*rows):
    result = import_rows(ProjectResource(), [HEADERS, *rows])
    assert result.ok, [str(p) for p in result.problems]
    return result


def signing_date(project):
    project.refresh_from_db()
    return project.first_signed_on


@pytest.fixture
def imported(db):
    import_projects(
        row("P1", "甲项目", signed="2024-05-17", started="2024-08-01", status="已发布"),
        row("P2", "乙项目", signed="2023-02-01", status="已发布"),
        row("P3", "丙项目", status="已发布"),
    )
    return {p.code: p for p in Project.objects.all()}


# After an import ---------------------------------------------------------------------------


def test_after_an_import_the_year_filter_lists_the_years_and_finds_the_projects(client, imported):
    assert offered_years(client) == ["2024", "2023"]
    assert listed(client, "year=2024") == ["甲项目"]
    assert listed(client, "year=2023") == ["乙项目"]


def test_after_an_import_sorting_by_signing_date_orders_by_it(client, imported):
    assert listed(client, "ordering=-signed") == ["甲项目", "乙项目", "丙项目"]
    assert listed(client, "ordering=signed") == ["乙项目", "甲项目", "丙项目"]  # unsigned last


def test_after_an_import_the_card_and_the_detail_page_show_the_signing(client, imported):
    assert "签约日期 2024年5月17日" in main_text(client.get("/projects/?year=2024"))
    response = client.get(imported["P1"].get_absolute_url())
    page = main_text(response)
    assert "暂无签约记录" not in page
    assert "活动外签约 2024年5月17日" in page  # the 签约情况 table
    assert timeline(response) == ["2024年5月17日 签约", "2024年8月1日 开工"]  # each kind once


def test_a_timeline_names_the_event_of_the_first_signing(client, db):
    project = ProjectFactory()
    event = EventFactory(name="第七届全球吉商大会")
    SigningFactory(project=project, event=event, signed_on=date(2022, 9, 9))
    SigningFactory(project=project, event=None, signed_on=date(2023, 1, 5))
    response = client.get(project.get_absolute_url())
    assert timeline(response) == ["2022年9月9日 签约 第七届全球吉商大会"]
    assert f'<a href="{event.get_absolute_url()}">第七届全球吉商大会</a>' in response.text


def test_a_signing_at_a_draft_event_is_nowhere_public(client, db):
    project = ProjectFactory(name="保密项目")
    SigningFactory(project=project, event=EventFactory(draft=True), signed_on=date(2021, 3, 3))
    assert signing_date(project) is None
    assert offered_years(client) == []
    assert "2021年3月3日" not in main_text(client.get("/projects/"))
    assert "2021年3月3日" not in main_text(client.get(project.get_absolute_url()))
    assert ",2021-03-03," not in client.get("/projects/export.csv").getvalue().decode("utf-8-sig")


# The spreadsheet's 签约日期 ----------------------------------------------------------------


def test_the_date_moves_the_signing_outside_events(imported):
    before = Signing.objects.get(project=imported["P1"])
    result = import_projects(row("P1", "甲项目", signed="2024-06-01", started="2024-08-01"))
    assert result.rows[0].changes == [("签约日期", "2024-05-17", "2024-06-01")]  # the preview
    after = Signing.objects.get(project=imported["P1"])
    assert (after.pk, after.event, after.signed_on) == (before.pk, None, date(2024, 6, 1))
    assert signing_date(imported["P1"]) == date(2024, 6, 1)


def test_a_blank_date_leaves_the_signings_alone(imported):
    import_projects(row("P1", "甲项目", signed="", started="2024-08-01"))
    assert signing_date(imported["P1"]) == date(2024, 5, 17)


def test_a_date_before_the_event_signing_adds_the_signing_outside_events(client, db):
    project = ProjectFactory(code="P1", name="甲项目")
    SigningFactory(project=project, event=EventFactory(), signed_on=date(2022, 9, 9))
    result = import_projects(row("P1", "甲项目", signed="2022-3-1"))
    assert ("签约日期", "2022-09-09", "2022-03-01") in result.rows[0].changes
    assert signing_date(project) == date(2022, 3, 1)
    assert project.signings.count() == 2
    again = import_projects(row("P1", "甲项目", signed="2022-3-1"))
    assert again.counts["未变"] == 1


def test_a_date_after_an_event_signing_is_refused_naming_the_event(db):
    project = ProjectFactory(code="P1", name="甲项目")
    SigningFactory(
        project=project, event=EventFactory(name="第二届中国新电商大会"), signed_on=date(2022, 9, 9)
    )
    result = import_rows(ProjectResource(), [HEADERS, row("P1", "甲项目", signed="2022-10-1")])
    assert [str(p) for p in result.problems] == [
        "第2行「签约日期」：该项目已于2022-09-09在「第二届中国新电商大会」签约，签约日期是最早一次"
        "签约的日期：请填写2022-09-09或更早的日期，或留空；活动上的签约请在签约表格中修改"
    ]
    assert project.signings.count() == 1


def test_a_draft_events_signing_does_not_count(db):
    project = ProjectFactory(code="P1", name="甲项目")
    SigningFactory(project=project, event=EventFactory(draft=True), signed_on=date(2022, 9, 9))
    import_projects(row("P1", "甲项目", signed="2022-10-1"))
    assert signing_date(project) == date(2022, 10, 1)


def test_the_export_gives_the_date_the_pages_show(imported):
    from tests.spreadsheet_files import export_rows

    exported = export_rows(ProjectResource(), Project.objects.order_by("code"))
    column = exported[0].index("签约日期")
    assert [r[column] for r in exported[1:]] == ["2024-05-17", "2023-02-01", ""]


# Every other way signings are written -------------------------------------------------------


@pytest.fixture
def staff_client(client, admin_user):
    sign_in(client, admin_user)
    return client


def test_admin_edits_and_deletes_reach_every_page(client, staff_client, imported, self_approval):
    signing = Signing.objects.get(project=imported["P2"])
    change = reverse("admin:projects_signing_change", args=[signing.pk])
    response = staff_client.post(
        change, {"project": signing.project_id, "event": "", "contract_investment": "",
                 "signed_on": "2025-01-02"},
    )  # fmt: skip
    assert response.status_code == 302
    assert offered_years(client) == ["2025", "2024"]
    assert listed(client, "ordering=-signed") == ["乙项目", "甲项目", "丙项目"]
    assert timeline(client.get(imported["P2"].get_absolute_url())) == ["2025年1月2日 签约"]

    delete = reverse("admin:projects_signing_delete", args=[signing.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert offered_years(client) == ["2024"]
    assert listed(client, "ordering=-signed") == ["甲项目", "乙项目", "丙项目"]
    response = client.get(imported["P2"].get_absolute_url())
    assert "暂无签约记录" in main_text(response)
    assert timeline(response) == []


def project_form(client, project, signings):
    """The project's admin change form as loaded, with `signings` as new inline rows."""
    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("industries", "investors")
    }
    data.update({
        "region": project.region_id, "status": "published",
        "published_at_0": "2024-01-01", "published_at_1": "08:00:00",
        "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
        "signings-TOTAL_FORMS": len(signings), "signings-INITIAL_FORMS": 0,
    })  # fmt: skip
    for n, (event, day) in enumerate(signings):
        data.update({f"signings-{n}-event": event or "", f"signings-{n}-signed_on": day})
    return client.post(reverse("admin:projects_project_change", args=[project.pk]), data)


@pytest.mark.usefixtures("self_approval")  # the superuser's own change stays published
def test_a_signing_added_in_the_projects_admin_page_counts(client, staff_client, imported):
    project = imported["P3"]
    event = EventFactory(name="项目对接会")
    response = project_form(staff_client, project, [(event.pk, "2022-12-12")])
    assert response.status_code == 302
    assert signing_date(project) == date(2022, 12, 12)
    assert listed(client, "year=2022") == ["丙项目"]


def test_two_new_signings_outside_events_in_the_admin_get_a_message(staff_client, imported):
    response = project_form(
        staff_client, imported["P3"], [(None, "2022-12-12"), (None, "2022-12-13")]
    )
    assert response.status_code == 200
    assert "每个项目至多一条活动外签约" in response.text
    assert not imported["P3"].signings.exists()


def test_publishing_or_withdrawing_the_event_moves_the_date(client, staff_client, db):
    project = ProjectFactory(name="甲项目")
    event = EventFactory(draft=True)
    SigningFactory(project=project, event=event, signed_on=date(2022, 9, 9))
    changelist = reverse("admin:projects_event_changelist")
    staff_client.post(changelist, {"action": "publish", "_selected_action": [event.pk]})
    assert signing_date(project) == date(2022, 9, 9)
    assert listed(client, "year=2022") == ["甲项目"]
    staff_client.post(
        changelist,
        {"action": "withdraw", "_selected_action": [event.pk], "post": "yes", "reason": "改期"},
    )
    assert signing_date(project) is None
    assert offered_years(client) == []


def test_bulk_and_raw_sql_writes_keep_the_date(imported):
    project = imported["P3"]
    Signing.objects.bulk_create([Signing(project=project, signed_on=date(2020, 1, 1))])
    assert signing_date(project) == date(2020, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_signing SET signed_on = %s WHERE project_id = %s",
            [date(2019, 6, 6), project.pk],
        )
    assert signing_date(project) == date(2019, 6, 6)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM projects_signing WHERE project_id = %s", [project.pk])
    assert signing_date(project) is None


def test_moving_a_signing_to_another_project_dates_both(imported):
    signing = Signing.objects.get(project=imported["P1"])
    signing.project = imported["P3"]
    signing.save()
    assert signing_date(imported["P1"]) is None
    assert signing_date(imported["P3"]) == date(2024, 5, 17)


def test_the_date_cannot_be_written_past_the_signings(imported):
    stale = Project.objects.get(code="P3")  # loaded before it signed
    Signing.objects.create(project=imported["P3"], signed_on=date(2021, 1, 1))
    stale.summary = "改了简介"
    stale.save()
    assert signing_date(stale) == date(2021, 1, 1)
    Project.objects.filter(code="P1").update(first_signed_on=date(1999, 1, 1))
    assert signing_date(imported["P1"]) == date(2024, 5, 17)


def test_the_date_is_the_earliest_of_the_signings_that_count(db):
    """The triggers agree with SigningQuerySet.dating_projects() after mixed writes."""
    projects = [ProjectFactory() for _ in range(4)]
    published, draft = EventFactory(), EventFactory(draft=True)
    for n, project in enumerate(projects):
        SigningFactory(project=project, event=published, signed_on=date(2022, 1 + n, 1))
        SigningFactory(project=project, event=draft, signed_on=date(2021, 1 + n, 1))
        if n % 2:
            SigningFactory(project=project, event=None, signed_on=date(2022, 6, n))
    Signing.objects.filter(project=projects[0], event=published).update(signed_on=None)
    Signing.objects.filter(project=projects[1], event=None).delete()
    Event.objects.filter(pk=draft.pk).update(status=PublicationStatus.PUBLISHED)
    Event.objects.filter(pk=published.pk).update(status=PublicationStatus.DRAFT)
    for project in projects:
        dates = Signing.objects.dating_projects().filter(project=project)
        expected = min(filter(None, dates.values_list("signed_on", flat=True)), default=None)
        assert signing_date(project) == expected


# The natural key ---------------------------------------------------------------------------


def test_a_project_has_at_most_one_signing_outside_events(imported):
    with pytest.raises(IntegrityError), transaction.atomic():
        Signing.objects.create(project=imported["P1"], event=None, signed_on=date(2024, 1, 1))
    Signing.objects.create(project=imported["P1"], event=EventFactory(), signed_on=date(2024, 1, 1))


def test_the_admin_refuses_a_second_signing_outside_events_in_words(staff_client, imported):
    response = staff_client.post(
        reverse("admin:projects_signing_add"),
        {"project": imported["P1"].pk, "event": "", "signed_on": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "该项目已有一条活动外签约" in response.text
    assert imported["P1"].signings.count() == 1


def signings_read_one_by_one():
    """Signings this transaction has read by scanning the table (PostgreSQL's counters)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = 'projects_signing'"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PL/pgSQL's kept plans")
def test_an_import_reads_the_signings_a_few_times_not_once_per_project(db):
    """A session keeps the plans of the triggers' statements: one that refreshed dates while
    the signings were few read every signing once per project as the table grew, so an
    import's time grew with the square of its size (100,000 projects, each with a signing:
    715 s instead of 90). The table analyzed empty, as on a new site; small imports first,
    then a larger one."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_signing")  # (in the test's transaction: rolled back)
    for batch in range(6):
        import_projects(*(row(f"S{batch}-{n}", signed="2024-05-17") for n in range(20)))
    before = signings_read_one_by_one()
    rows = [row(f"L{n}", signed="2024-06-01", status="已发布") for n in range(1500)]
    import_projects(*rows)
    assert Project.objects.filter(first_signed_on=date(2024, 6, 1)).count() == 1500
    assert signings_read_one_by_one() - before < 10 * 1500
