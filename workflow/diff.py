"""What a version changed, field by field, in words an editor reads (HTML bodies as text)."""

import difflib
import html
import re

from django.db import models

SKIPPED = {"created_at", "updated_at"}
BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr|blockquote|table|ul|ol)>|<br\s*/?>", re.I)
TAG = re.compile(r"<[^>]+>")


def plain_text(value):
    """The text of an HTML body, a line per paragraph, heading or list item."""
    text = TAG.sub("", BLOCK_END.sub("\n", value or ""))
    return [line.strip() for line in html.unescape(text).splitlines() if line.strip()]


def is_html(field, *values):
    return isinstance(field, models.TextField) and any(TAG.search(v or "") for v in values)


def shown(field, value):
    """A value as the admin would show it: labels of choices, names of related records."""
    if value in (None, "", []):
        return "（空）"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_many:
        names = field.related_model._base_manager.filter(pk__in=value)
        return "、".join(sorted(str(n) for n in names)) or "（空）"
    if field.is_relation:
        found = field.related_model._base_manager.filter(pk=value).first()
        return str(found) if found is not None else f"（已删除：{value}）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def same(field, old, new):
    if field.many_to_many:
        return set(old or ()) == set(new or ())
    return old == new


def changes(model, old, new):
    """[(label, old shown, new shown, text diff lines or None)] between two field dicts."""
    found = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        name = field.attname if not field.many_to_many else field.name
        if field.name in SKIPPED or field.primary_key or name not in new:
            continue
        before, after = old.get(name), new.get(name)
        if same(field, before, after):
            continue
        label = str(field.verbose_name)
        if is_html(field, before, after):
            lines = difflib.unified_diff(plain_text(before), plain_text(after), n=1, lineterm="")
            found.append(
                (label, "", "", [line for line in lines if not line.startswith(("---", "+++"))])
            )
        else:
            found.append((label, shown(field, before), shown(field, after), None))
    return found
