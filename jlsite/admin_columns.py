"""Changelist columns that show figures as the public site does."""

from django.contrib import admin

from jlsite.templatetags.formatting import amount

UNIT = "（亿元）"


def amount_column(model, field_name):
    """A column for an amount stored in 亿元, shown as 6793万元 or 88.64亿元 and sorted by it."""
    label = str(model._meta.get_field(field_name).verbose_name).removesuffix(UNIT)

    @admin.display(description=label, ordering=field_name, empty_value="未公布")
    def column(obj):
        return amount(getattr(obj, field_name)) or None

    column.__name__ = f"{field_name}_amount"
    return column
