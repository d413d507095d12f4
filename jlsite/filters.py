"""Pieces the public list filters share: strict validation, Chinese messages, stable ordering."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from jlsite.chinese import lang_attribute

CHOOSE_FROM_LIST = _("没有这个选项，请从列表中选择。")


class Select(forms.Select):
    """A select written in Python, with the same markup as Django's templates.

    Django renders every option through two template includes: with the region and industry
    trees (a hundred options) that was half of a list page's time. When the form says its
    options depend only on the content and the language (`remember`, see FilterForm), they
    are written once per content version and only the selected one is marked per request.
    """

    remember = None  # remember(key, compute): compute() kept until the content changes
    remember_as = None  # the form's and the field's name, set by FilterForm

    def render(self, name, value, attrs=None, renderer=None):
        if self.remember is not None and self.remember_as:
            key = f"select-options:{self.remember_as}:{get_language()}"
            options = self.remember(key, self.written_options)
        else:
            options = self.written_options()
        if options is None:
            return super().render(name, value, attrs, renderer)  # option groups: Django's way
        wanted = set(self.format_value(value))
        rendered = []
        for option_value, escaped_value, marks, label in options:
            selected = option_value in wanted
            wanted.discard(option_value)  # one selected option, as Django marks
            rendered.append(
                f'\n  <option value="{escaped_value}"{" selected" if selected else ""}{marks}>'
                f"{label}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            self._attributes(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(rendered)),
        )

    def written_options(self):
        """(value, escaped value, lang mark, escaped label) per option; None for groups."""
        choices = list(iter(self.choices))  # no len(): a COUNT query for model choices
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return None
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            # Names still in Chinese on an English page say so (lang="zh-Hans").
            options.append(
                (
                    option_value,
                    str(conditional_escape(option_value)),
                    str(lang_attribute(label)),
                    str(conditional_escape(label)),
                )
            )
        return options

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


class PythonInput:
    """An input written in Python, as django/forms/widgets/input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            Select._attributes(widget["attrs"]),
        )


class TextInput(PythonInput, forms.TextInput):
    pass


class NumberInput(PythonInput, forms.NumberInput):
    """A number box that shows back only a number: echoing what was typed ("abc") into
    type="number" is invalid HTML; the error beside the field says what was wrong."""

    def format_value(self, value):
        text = super().format_value(value)
        try:
            float(text)
        except (TypeError, ValueError):
            return None
        return text


class FilterBoundField(forms.BoundField):
    """A field's label, help, errors and widget written in Python, with the markup of
    django/forms/field.html: nine fields through Django's templates cost a list page more
    than its twenty result cards."""

    def as_field_group(self):
        if self.use_fieldset or self.template_name != self.form.renderer.field_template_name:
            return super().as_field_group()
        help_text = ""
        if self.help_text:
            help_id = format_html(' id="{}_helptext"', self.auto_id) if self.auto_id else ""
            help_text = format_html(
                '<div class="helptext"{}>{}</div>', help_id, mark_safe(self.help_text)
            )
        label = self.python_label_tag() if self.label else ""
        group = format_html(
            "{}\n\n{}\n{}\n{}", label, help_text, self.python_errors(), self.as_widget()
        )
        return mark_safe(group.strip())

    def python_label_tag(self):
        """label_tag() for a form without label_suffix and required_css_class."""
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if not id_:
            return conditional_escape(self.label)
        for_id = widget.id_for_label(id_)
        attrs = format_html(' for="{}"', for_id) if for_id else ""
        return format_html("<label{}>{}</label>", attrs, self.label)

    def python_errors(self):
        errors = self.errors
        if not errors:
            return ""
        field_id = getattr(errors, "field_id", None)
        return format_html(
            '<ul class="{}"{}>{}</ul>',
            errors.error_class,
            format_html(' id="{}_error"', field_id) if field_id else "",
            format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
        )


class FilterForm(forms.Form):
    """Labels without Django's English colon; the layout sets them apart.

    A form whose select options depend only on the content and the language sets
    `remember_options` (pagecache's memoize_in_process): each select's options are then
    written once per content version.
    """

    remember_options = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.label_suffix and not hasattr(self, "required_css_class"):
            self.bound_field_class = FilterBoundField
        # django-filter names the form after the FilterSet, in its own module.
        declared = next(c for c in type(self).__mro__ if c.__module__ != "django_filters.filterset")
        for name, field in self.fields.items():
            if type(field.widget) is forms.Select:
                field.widget.__class__ = Select
            elif type(field.widget) is forms.TextInput:
                field.widget.__class__ = TextInput
            if isinstance(field.widget, Select) and self.remember_options is not None:
                field.widget.remember = self.remember_options
                field.widget.remember_as = f"{declared.__module__}.{type(self).__name__}.{name}"


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

    def choice_rows(self, queryset):
        return queryset.values_list(self.to_field_name or "pk", "name")


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


def chinese_messages(**extra):
    """Error messages that say what to do, for a form field."""
    return {"invalid_choice": CHOOSE_FROM_LIST, **extra}
