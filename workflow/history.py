"""Every change to a reviewed model on record, with django-reversion.

A revision is one change set: an admin save or action, an import (named by its file), a
restore. Its user is who did it and its comment says where it came from (后台…, 表格导入 …,
命令 …). Imports write rows in bulk without `save()`, so `record_import` writes their versions
itself, a batch of rows at a time (reversion's `add_to_revision` copies its whole pending set
on each call, which grows quadratically with an import's size).

A record may hold others in its history (reversion's `follow`: a project its milestones and
signings, a policy its measures): each version of it records them as they were, and restoring
it puts them back, deleting those added since.
"""

import json
from contextlib import contextmanager
from itertools import batched

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.utils import timezone
from reversion.models import Revision, Version

BATCH = 1000
REPR_LENGTH = 191


# The review steps' revisions change a record's state only (后台发布, 后台退回：理由…): who took
# them did not write the content. Everything else (an edit, an import, a restore) did.
STEP_VERBS = ("提交审核", "发布", "退回", "撤回")

_followed = {}  # model → [(accessor, related model, attname of its key to the model)]


def register(model, follow=()):
    """Keep `model`'s history, each version holding the records of the `follow` accessors."""
    relations = []
    for name in follow:
        related = model._meta.get_field(name)
        relations.append((name, related.related_model, related.field.attname))
        if not reversion.is_registered(related.related_model):
            reversion.register(related.related_model)
    _followed[model] = relations
    if not reversion.is_registered(model):
        reversion.register(model, follow=tuple(follow))


def followed(model):
    return _followed.get(model, [])


def step_comment(verb, reason=""):
    """A review step's revision comment: 后台发布, 后台退回：理由."""
    return f"后台{verb}" + (f"：{reason}" if reason else "")


def is_step(comment):
    return any(comment == f"后台{v}" or comment.startswith(f"后台{v}：") for v in STEP_VERBS)


def last_editor_id(obj):
    """Who last wrote `obj`'s content: the user of its newest revision that is not a review
    step (None when nobody known: no history, or a command run by an operator)."""
    revisions = versions(obj).values_list("revision__comment", "revision__user_id")
    for comment, user_id in revisions.iterator(chunk_size=100):
        if not is_step(comment):
            return user_id
    return None


@contextmanager
def revision(user, comment):
    """Record what the block saves (and `add`s) as one revision by `user`."""
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def comment(text):
    """Name the revision being recorded, if any."""
    if reversion.is_active():
        reversion.set_comment(text)


def add(objects):
    for obj in objects:
        reversion.add_to_revision(obj)


def versions(obj):
    """`obj`'s versions, newest first, with their revisions and users."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


def deleted(model):
    """The last version of each of `model`'s deleted records, newest first."""
    return Version.objects.get_deleted(model).select_related("revision__user")


def held_versions(version):
    """[(accessor, model, version)] of the records `version`'s revision holds for its record."""
    found = []
    for name, related, key in followed(version._model):
        content_type = ContentType.objects.get_for_model(related)
        # A prefilter on the serialized key: an import's revision holds thousands of records.
        field = related._meta.get_field(key.removesuffix("_id")).name
        candidates = version.revision.version_set.filter(
            content_type=content_type,
            serialized_data__contains=f'"{field}": {version.object_id}',
        )
        for held in candidates:
            if str(held.field_dict.get(key)) == version.object_id:
                found.append((name, related, held))
    return found


def revert(version):
    """Put `version`'s record back as it was, with the records it holds (`follow`) as its
    revision recorded them: those deleted since come back, those added since are deleted."""
    held = held_versions(version)
    current = version._model._base_manager.filter(pk=version.object_id).first()
    if current is not None:
        kept = {(name, v.object_id) for name, _, v in held}
        for name, _, _ in followed(version._model):
            for record in getattr(current, name).all():
                if (name, str(record.pk)) not in kept:
                    record.delete()
    version.revert()
    for _, _, record_version in held:
        record_version.revert()


class BulkSerializer(PythonSerializer):
    """Django's serializer ("python", dumped as "json"), reading many-to-many keys from a map
    loaded once per batch instead of one query per field and object."""

    def __init__(self, many):
        super().__init__()
        self.many = many  # field name → {pk: [related pks]}

    def handle_m2m_field(self, obj, field):
        if field.name in self.many:
            self._current[field.name] = self.many[field.name].get(obj.pk, [])


def many_keys(model, pks, using):
    """{field name: {pk: sorted related pks}} of `model`'s plain many-to-many fields."""
    found = {}
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        keys = found[field.name] = {}
        rows = through._base_manager.using(using).filter(**{f"{source}__in": pks})
        for pk, other in rows.values_list(source, target).order_by(target):
            keys.setdefault(pk, []).append(other)
    return found


def record_import(sender, pks, user=None, source="", using="default", **kwargs):
    """One revision holding a version of every record an import wrote (and of the records
    each holds)."""
    if not reversion.is_registered(sender) or not pks:
        return
    revision = Revision.objects.using(using).create(
        date_created=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        comment=source or "表格导入",
    )
    for chunk in batched(pks, BATCH):
        record_versions(revision, sender, sender._base_manager.filter(pk__in=chunk), using)
        for _, related, key in followed(sender):
            held = related._base_manager.filter(**{f"{key}__in": chunk})
            # their names (object_repr) may name the records they point to
            keys = [f.name for f in related._meta.concrete_fields if f.many_to_one]
            record_versions(revision, related, held.select_related(*keys), using)


def record_versions(revision, model, queryset, using):
    rows = list(queryset.using(using))
    if not rows:
        return
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    data = BulkSerializer(many_keys(model, [r.pk for r in rows], using)).serialize(rows)
    Version.objects.using(using).bulk_create(
        Version(
            revision=revision,
            content_type=content_type,
            object_id=str(obj.pk),
            db=using,
            format="json",
            serialized_data=json.dumps([fields], cls=DjangoJSONEncoder, ensure_ascii=False),
            object_repr=str(obj)[:REPR_LENGTH],
        )
        for obj, fields in zip(rows, data, strict=True)
    )
