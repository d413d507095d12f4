"""Every change to a reviewed model on record, with django-reversion.

A revision is one change set: an admin save or action, an import (named by its file), a
restore. Its user is who did it and its comment says where it came from (后台…, 表格导入 …,
命令 …). Imports write rows in bulk without `save()`, so `record_import` writes their versions
itself, a batch of rows at a time (reversion's `add_to_revision` copies its whole pending set
on each call, which grows quadratically with an import's size).
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


def register(model):
    if not reversion.is_registered(model):
        reversion.register(model)


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
    """One revision holding a version of every record an import wrote."""
    if not reversion.is_registered(sender) or not pks:
        return
    revision = Revision.objects.using(using).create(
        date_created=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        comment=source or "表格导入",
    )
    content_type = ContentType.objects.db_manager(using).get_for_model(sender)
    for chunk in batched(pks, BATCH):
        rows = list(sender._base_manager.using(using).filter(pk__in=chunk))
        data = BulkSerializer(many_keys(sender, chunk, using)).serialize(rows)
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
