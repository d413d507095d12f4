"""Form widgets and field groups written in Python, with the markup of Django's templates.

Django renders each field through four or five template includes (the field group, its label
and attributes, the widget and its attributes, each option of a select): nine filter fields
cost a list page more than its twenty result cards, and the inquiry form on every project and
event page cost as much as the rest of the page. `use_python_markup(form)` swaps a form's
widgets and bound fields for these; tests compare them with Django's own rendering.
"""

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from jlsite import filters
from jlsite.chinese import lang_attribute


def attributes(attrs):
    """As django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """A select written in Python, with the same markup as Django's templates.

    Django renders every option through two template includes: with the region and industry
    trees (a hundred options) that was half of a list page's time. When the form says its
    options depend only on the content and the language (`remember`, see use_python_markup),
    they are written once per content version and only the selected one is marked per request.
    """

    remember = None  # remember(key, compute): compute() kept until the content changes
    remember_as = None  # the form's and the field's name, set by use_python_markup

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
            attributes(self.build_attrs(self.attrs, attrs)),
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
            attributes(widget["attrs"]),
        )


class TextInput(PythonInput, forms.TextInput):
    pass


class EmailInput(PythonInput, forms.EmailInput):
    pass


class HiddenInput(PythonInput, forms.HiddenInput):
    pass


class CheckboxInput(PythonInput, forms.CheckboxInput):
    pass


class Textarea(forms.Textarea):
    """As django/forms/widgets/textarea.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            attributes(widget["attrs"]),
            widget["value"] or "",
        )


class NumberInput(PythonInput, filters.NumberInput):
    pass


class PythonBoundField(forms.BoundField):
    """A field's label, help, errors and widget written in Python, with the markup of
    django/forms/field.html (for a form without label_suffix and required_css_class)."""

    def as_field_group(self):
        if (
            self.use_fieldset
            or self.field.label_suffix
            or self.template_name != self.form.renderer.field_template_name
        ):
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


PYTHON_WIDGETS = {
    forms.Select: Select,
    filters.Select: Select,  # the kernel's own Python select, without remembered options
    forms.TextInput: TextInput,
    forms.EmailInput: EmailInput,
    forms.HiddenInput: HiddenInput,
    forms.CheckboxInput: CheckboxInput,
    forms.Textarea: Textarea,
    filters.NumberInput: NumberInput,
}


def use_python_markup(form, remember_options=None):
    """Render `form`'s fields and plain Django widgets in Python (same markup).

    With `remember_options(key, compute)` (pagecache's memoize_in_process) each select's
    options are written once per content version and language: only for forms whose options
    depend on nothing else (not on the request or the user).
    """
    if not form.label_suffix and not hasattr(form, "required_css_class"):
        form.bound_field_class = PythonBoundField
    # django-filter names a FilterSet's form after it, in its own module.
    declared = next(c for c in type(form).__mro__ if c.__module__ != "django_filters.filterset")
    for name, field in form.fields.items():
        python = PYTHON_WIDGETS.get(type(field.widget))
        if python is not None:
            field.widget.__class__ = python
        if isinstance(field.widget, Select) and remember_options is not None:
            field.widget.remember = remember_options
            field.widget.remember_as = f"{declared.__module__}.{type(form).__name__}.{name}"
            if isinstance(field, filters.ModelChoiceField):  # the chosen row, kept the same way
                field.remember = remember_options
                field.remember_as = field.widget.remember_as
