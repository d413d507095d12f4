"""Pieces the public list filters share: strict validation, Chinese messages, stable ordering."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from jlsite.chinese import lang_attribute

CHOOSE_FROM_LIST = _("没有这个选项，请从列表中选择。")


class Select(forms.Select):
    """A select written in Python, with the same markup as Django's templates.

    Django renders every option through two template includes: with the region and industry
    trees (a hundred options) that was half of a list page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # no len(): a COUNT query for model choices
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's way
        wanted = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted
            wanted.discard(option_value)  # one selected option, as Django marks
            # Names still in Chinese on an English page say so (lang="zh-Hans").
            marks = format_html("{}{}", " selected" if selected else "", lang_attribute(label))
            options.append((option_value, marks, label))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            self._attributes(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '\n  <option value="{}"{}>{}</option>', options),
        )

    @staticmethod
    def _attributes(attrs):
        """As django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
        return format_html_join(
            "",
            "{}",
            (
                (
                    format_html(" {}", name)
                    if value is True
                    else format_html(' {}="{}"', name, value),
                )
                for name, value in attrs.items()
                if value is not False
            ),
        )


class FilterForm(forms.Form):
    """Labels without Django's English colon; the layout sets them apart."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget.__class__ = Select


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


class ChoiceRows(filter_fields.ModelChoiceIterator):
    """A model select's options as plain (value, label) rows from one query.

    Django's iterator builds a model instance per option through a server-side cursor on
    PostgreSQL (three round trips): for the region, industry and event lists that was a fifth
    of a list page's time. The chosen value is still looked up as an instance when cleaned.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.field.choice_rows(self.queryset)


class ModelChoiceField(filter_fields.ModelChoiceField):
    """Options labelled by the model's `name` (its __str__ on every model filtered by)."""

    iterator = ChoiceRows
    remember = remember_as = None  # as formmarkup.widgets.Select's, set by use_python_markup

    def choice_rows(self, queryset):
        return queryset.values_list(self.to_field_name or "pk", "name")

    def to_python(self, value):
        """The chosen row, from the rows kept with the options when the form keeps them."""
        if self.remember is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        rows = self.remember(
            f"choice-rows:{self.remember_as}",
            lambda: {str(getattr(row, key)): row for row in self.queryset},
        )
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        try:
            return rows[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ModelChoiceField


class TreeModelChoiceField(ModelChoiceField):
    """A select whose child rows (counties, sub-industries) are indented under their parent."""

    def choice_rows(self, queryset):
        rows = queryset.values_list(self.to_field_name or "pk", "name", "parent_id")
        return ((value, f"\u3000\u3000{name}" if parent else name) for value, name, parent in rows)


class TreeModelChoiceFilter(ModelChoiceFilter):
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
