"""Pieces the public list filters share: strict validation, Chinese messages, stable ordering."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from jlsite.chinese import CHINESE_LANG, needs_mark

CHOOSE_FROM_LIST = _("没有这个选项，请从列表中选择。")


class FilterForm(forms.Form):
    """Labels without Django's English colon; the layout sets them apart."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose `qs` is empty while any value is invalid.

    django-filter drops an invalid field and filters by the rest, which would show (or export)
    a wider list than the reader asked for; an empty result beside the error message is honest.
    """

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    class Meta:
        form = FilterForm


class MarkedSelect(forms.Select):
    """A select whose options still in Chinese on an English page say so (lang="zh-Hans")."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if needs_mark(option["label"]):
            option["attrs"] = {**option["attrs"], "lang": CHINESE_LANG}
        return option


class MarkedModelChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MarkedSelect)
        super().__init__(*args, **kwargs)


class TreeModelChoiceField(filter_fields.ModelChoiceField):
    """A select whose child rows (counties, sub-industries) are indented under their parent."""

    def label_from_instance(self, obj):
        return f"\u3000\u3000{obj}" if obj.parent_id else str(obj)


class TreeModelChoiceFilter(MarkedModelChoiceFilter):
    field_class = TreeModelChoiceField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering by a nullable column keeps unknown values last and ends in the primary key."""

    def filter(self, qs, value):
        params = [param for param in value or [] if param]
        if not params:
            return qs
        ordering = []
        for param in params:
            name = self.get_ordering_value(param)
            field = name.lstrip("-")
            if not qs.model._meta.get_field(field).null:
                ordering.append(name)  # plain, so an index in that order serves it
            elif name.startswith("-"):
                ordering.append(F(field).desc(nulls_last=True))
            else:
                ordering.append(F(field).asc(nulls_last=True))
        return qs.order_by(*ordering, "pk")


class NumberInput(forms.NumberInput):
    """A number box that shows back only a number: echoing what was typed ("abc") into
    type="number" is invalid HTML; the error beside the field says what was wrong."""

    def format_value(self, value):
        text = super().format_value(value)
        try:
            float(text)
        except (TypeError, ValueError):
            return None
        return text


def chinese_messages(**extra):
    """Error messages that say what to do, for a form field."""
    return {"invalid_choice": CHOOSE_FROM_LIST, **extra}
