"""A signing date has one home, the signings: 签约 milestones become signings outside events.

A 签约 milestone on a day the project already has a signing is dropped; otherwise it becomes
the project's signing outside events (or dates that signing when it had no date). Where the
project already signed outside events on another day, the milestone stays on the timeline as
其他 “签约” rather than being lost. Exact duplicates among the signings outside events (a file
imported twice) are merged first; differing ones stop the migration, naming the projects.
Descriptions that only repeat their kind (imported “开工 开工”) are cleared.
"""

from itertools import batched

from django.db import migrations

KIND_LABELS = {
    "signed": "签约",
    "construction_started": "开工",
    "launched": "启动",
    "rolled_off": "下线",
    "in_operation": "投产",
    "other": "其他",
}


def delete(model, pks):
    for chunk in batched(pks, 500):  # SQLite limits the parameters of a query
        model.objects.filter(pk__in=chunk).delete()


def merge_repeated_eventless_signings(Signing):
    seen, repeated, conflicting = {}, [], set()
    for signing in Signing.objects.filter(event__isnull=True).order_by("project_id", "pk"):
        first = seen.setdefault(signing.project_id, signing)
        if first is signing:
            continue
        same = (first.signed_on, first.contract_investment) == (
            signing.signed_on,
            signing.contract_investment,
        )
        if same:
            repeated.append(signing.pk)
        else:
            conflicting.add(signing.project_id)
    if conflicting:
        ids = "、".join(map(str, sorted(conflicting)))
        raise RuntimeError(
            f"项目（id {ids}）有多条内容不同的活动外签约：请在后台为每个项目只保留一条后再运行 migrate。"
        )
    delete(Signing, repeated)


def signed_milestones_become_signings(apps, schema_editor):
    Milestone = apps.get_model("projects", "Milestone")
    Signing = apps.get_model("projects", "Signing")
    merge_repeated_eventless_signings(Signing)

    signed = Milestone.objects.filter(kind="signed")
    milestones = list(signed.order_by("project_id", "date", "pk"))
    dates, eventless = {}, {}
    for signing in Signing.objects.filter(project_id__in=signed.values("project_id")):
        dates.setdefault(signing.project_id, set()).add(signing.signed_on)
        if signing.event_id is None:
            eventless[signing.project_id] = signing
    new, dated, kept, dropped = [], [], [], []
    for milestone in milestones:
        project = milestone.project_id
        if milestone.date in dates.get(project, ()):
            dropped.append(milestone.pk)
            continue
        current = eventless.get(project)
        if current is None:
            current = eventless[project] = Signing(project_id=project, signed_on=milestone.date)
            new.append(current)
        elif current.signed_on is None:
            current.signed_on = milestone.date
            dated.append(current)
        else:
            milestone.kind = "other"
            note = milestone.description
            milestone.description = "签约" if note in ("", "签约") else f"签约：{note}"[:300]
            kept.append(milestone)
            continue
        dates.setdefault(project, set()).add(milestone.date)
        dropped.append(milestone.pk)
    Signing.objects.bulk_create(new, batch_size=1000)
    Signing.objects.bulk_update(dated, ["signed_on"], batch_size=1000)
    Milestone.objects.bulk_update(kept, ["kind", "description"], batch_size=1000)
    delete(Milestone, dropped)

    for kind, label in KIND_LABELS.items():
        Milestone.objects.filter(kind=kind, description=label).update(description="")


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_project_first_signed_on")]

    operations = [
        migrations.RunPython(signed_milestones_become_signings, migrations.RunPython.noop),
    ]
