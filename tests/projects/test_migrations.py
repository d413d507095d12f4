"""Data migrations, run forward from the state before them on a copy of real rows."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Milestone, Project, Signing

BEFORE = [("projects", "0004_project_first_signed_on")]


@pytest.fixture
def old_state():
    """The models as they were before 签约 milestones moved to the signings, then migrate."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    yield old
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signed_milestones_become_signings(old_state):
    OldProject = old_state.get_model("projects", "Project")
    OldEvent = old_state.get_model("projects", "Event")
    OldMilestone = old_state.get_model("projects", "Milestone")
    OldSigning = old_state.get_model("projects", "Signing")

    def project(name):
        return OldProject.objects.create(name=name, slug=name, status="published")

    def milestone(owner, day, kind="signed", description="签约"):
        OldMilestone.objects.create(project=owner, date=day, kind=kind, description=description)

    imported = project("imported")  # an import wrote 签约 and 开工 milestones
    milestone(imported, date(2024, 5, 17))
    milestone(imported, date(2024, 8, 1), "construction_started", "开工")
    at_event = project("at-event")  # the same day as a signing at an event: already there
    event = OldEvent.objects.create(
        name="大会", slug="da-hui", kind="conference", status="published"
    )
    OldSigning.objects.create(project=at_event, event=event, signed_on=date(2022, 9, 9))
    milestone(at_event, date(2022, 9, 9))
    undated = project("undated")  # a signing outside events without a date takes it
    OldSigning.objects.create(project=undated, signed_on=None)
    milestone(undated, date(2023, 3, 3))
    twice = project("twice")  # two 签约 days: the first becomes the signing, the second stays
    milestone(twice, date(2021, 1, 1))
    milestone(twice, date(2021, 6, 1), description="补充协议")
    doubled = project("doubled")  # a signing imported twice: merged
    for _ in range(2):
        OldSigning.objects.create(project=doubled, signed_on=date(2020, 2, 2))
    described = project("described")  # a real description survives
    milestone(described, date(2024, 1, 1), "construction_started", "全面开工")

    migrate_to_latest()

    def signings(slug):
        return sorted(
            Signing.objects.filter(project__slug=slug).values_list("event__name", "signed_on"),
            key=str,
        )

    def timeline(slug):
        return list(
            Milestone.objects.filter(project__slug=slug).values_list("date", "kind", "description")
        )

    assert not Milestone.objects.filter(kind="signed").exists()
    assert signings("imported") == [(None, date(2024, 5, 17))]
    assert timeline("imported") == [(date(2024, 8, 1), "construction_started", "")]
    assert signings("at-event") == [("大会", date(2022, 9, 9))]
    assert timeline("at-event") == []
    assert signings("undated") == [(None, date(2023, 3, 3))]
    assert signings("twice") == [(None, date(2021, 1, 1))]
    assert timeline("twice") == [(date(2021, 6, 1), "other", "签约：补充协议")]
    assert signings("doubled") == [(None, date(2020, 2, 2))]
    assert timeline("described") == [(date(2024, 1, 1), "construction_started", "全面开工")]
    first = dict(Project.objects.values_list("slug", "first_signed_on"))
    assert first == {
        "imported": date(2024, 5, 17),
        "at-event": date(2022, 9, 9),
        "undated": date(2023, 3, 3),
        "twice": date(2021, 1, 1),
        "doubled": date(2020, 2, 2),
        "described": None,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_differing_signings_outside_events_stop_the_migration_naming_the_project(old_state):
    OldProject = old_state.get_model("projects", "Project")
    OldSigning = old_state.get_model("projects", "Signing")
    owner = OldProject.objects.create(name="甲", slug="jia")
    OldSigning.objects.create(project=owner, signed_on=date(2020, 2, 2))
    OldSigning.objects.create(project=owner, signed_on=date(2021, 2, 2))
    with pytest.raises(RuntimeError, match=f"项目（id {owner.pk}）有多条内容不同的活动外签约"):
        migrate_to_latest()
    OldSigning.objects.filter(signed_on=date(2021, 2, 2)).delete()
