"""Widgets for spreadsheet columns: how one kind of cell is read and written.

A `Cell` is a django-import-export `Widget`: `parse` reads what people type (through
spreadsheets.parsing) and raises `CellError`; `render` returns typed values (Decimal, date,
text) that spreadsheets.files writes as numbers and dates. Lookup cells resolve names from maps
loaded once per import, never with a query per row.
"""

import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import override
from import_export.widgets import Widget

from jlsite.templatetags.formatting import amount
from richtext.html import sanitize_html

from . import parsing as cells
from .parsing import SHANGHAI, CellError, excerpt

AMBIGUOUS = object()


class Cell(Widget):
    """How one kind of cell is read and written."""

    hint = ""
    width = 14  # the column's width in a template, in Excel's units (a Chinese character is 2)

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def parse(self, value):
        raise NotImplementedError

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)

    def render(self, value, obj=None, **kwargs):
        return value

    def same(self, current, new):
        return self.key(current) == self.key(new)

    def key(self, value):
        """The value as record matching compares it."""
        return value

    def display(self, value):
        """The value as the preview shows it."""
        return cells.parse_text(self.render(value))

    def warning(self, old, new):
        """Why changing `old` to `new` needs a person to confirm it, or None."""
        return None

    def adapt_to(self, model_field):
        """Take limits (length, digits, ranges) from the model field the column fills."""


class TextCell(Cell):
    def __init__(self, max_length=None, hint=""):
        super().__init__()
        self.max_length = max_length
        self.hint = hint

    def adapt_to(self, model_field):
        if self.max_length is None:
            self.max_length = getattr(model_field, "max_length", None)

    @property
    def width(self):
        return 16 if self.max_length and self.max_length <= 50 else 40

    def parse(self, value):
        text = cells.parse_text(value)
        if self.max_length and len(text) > self.max_length:
            raise CellError(f"超过{self.max_length}字（现有{len(text)}字）")
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class HTMLCell(TextCell):
    """Body HTML, sanitised here because bulk updates skip the model field's own cleaning."""

    hint = "HTML 正文；保存前会清除脚本等不安全内容。"
    width = 60

    def parse(self, value):
        return sanitize_html(super().parse(value))


class AmountCell(Cell):
    hint = "以亿元为单位：88.64、88.64亿元 或 8864万元；不能为负数。"
    SUSPICIOUS_FACTOR = 10

    def parse(self, value):
        return cells.parse_amount(value)

    def display(self, value):
        return amount(value)

    def warning(self, old, new):
        if not old or not new:
            return None
        larger, smaller = max(old, new), min(old, new)
        if larger >= smaller * self.SUSPICIOUS_FACTOR:
            factor = larger / smaller
            times = f"{factor:.0f}" if factor >= 100 else f"{factor:.1f}".removesuffix(".0")
            return f"金额变为原来的{'' if new > old else '1/'}{times}倍，请核对单位（亿元/万元）"
        return None


class DecimalCell(Cell):
    def __init__(self, places=None, max_digits=None, allow_negative=True, percent=False, hint=""):
        super().__init__()
        self.places = places
        self.max_digits = max_digits
        self.allow_negative = allow_negative
        self.percent = percent
        self.hint = hint or ("数字，可带 %，如 5.2 或 -3.1%。" if percent else "数字。")

    def adapt_to(self, model_field):
        self.places = self.places if self.places is not None else model_field.decimal_places
        self.max_digits = self.max_digits or model_field.max_digits

    def parse(self, value):
        return cells.parse_decimal(
            value,
            places=self.places,
            max_digits=self.max_digits,
            allow_negative=self.allow_negative,
            percent=self.percent,
        )


INTEGER_RANGES = {
    "PositiveSmallIntegerField": (0, 32767),
    "PositiveIntegerField": (0, 2147483647),
    "SmallIntegerField": (-32768, 32767),
    "IntegerField": (-2147483648, 2147483647),
}


class IntegerCell(Cell):
    def __init__(self, minimum=None, maximum=None, ordinal=False, unit="", hint="整数。"):
        super().__init__()
        self.minimum = minimum
        self.maximum = maximum
        self.ordinal = ordinal
        self.unit = unit
        self.hint = hint

    def adapt_to(self, model_field):
        low, high = INTEGER_RANGES.get(model_field.get_internal_type(), (None, None))
        for validator in model_field.validators:
            if isinstance(validator, MinValueValidator):
                low = validator.limit_value if low is None else max(low, validator.limit_value)
            if isinstance(validator, MaxValueValidator):
                high = validator.limit_value if high is None else min(high, validator.limit_value)
        self.minimum = low if self.minimum is None else self.minimum
        self.maximum = high if self.maximum is None else self.maximum

    def parse(self, value):
        return cells.parse_integer(
            value, minimum=self.minimum, maximum=self.maximum, ordinal=self.ordinal, unit=self.unit
        )


class DateCell(Cell):
    hint = "日期：2022-06-28、2022/6/28、2022.6.28 或 2022年6月28日，或 Excel 日期。"

    def parse(self, value):
        return cells.parse_date(value)


class DateTimeCell(Cell):
    hint = "北京时间：2022-09-11 09:19:53（秒可省略），或 Excel 日期时间。"
    width = 20

    def parse(self, value):
        return cells.parse_datetime(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None
        return value.astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0)

    def key(self, value):
        # A spreadsheet keeps seconds; a time saved from the admin may carry microseconds.
        return None if value is None else value.replace(microsecond=0)


class BooleanCell(Cell):
    def __init__(self, nullable=False):
        super().__init__()
        self.nullable = nullable
        self.hint = "是 或 否（也可写 Y/N、true/false、1/0）" + (
            "；未知时留空。" if nullable else "；留空为否。"
        )

    def parse(self, value):
        parsed = cells.parse_boolean(value)
        if parsed is None and not self.nullable:
            return False
        return parsed

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "是" if value else "否"


class ChoiceCell(Cell):
    """One of a closed set, by its Chinese label. With `ordered`, the choices are stages in
    order and going back one needs confirming; `confirm_leaving` names a value whose loss
    does (已发布)."""

    def __init__(self, choices, noun, hint="", *, ordered=False, confirm_leaving=None):
        super().__init__()
        # Labels may be lazy (translated on English pages); sheets always use the Chinese.
        with override(settings.LANGUAGE_CODE):
            self.choices = [(value, str(label)) for value, label in choices]
        self.noun = noun
        self.hint = hint or "可选：" + "、".join(label for _, label in self.choices) + "。"
        self.ordered = ordered
        self.confirm_leaving = confirm_leaving

    def warning(self, old, new):
        labels = dict(self.choices)
        if self.confirm_leaving is not None and old == self.confirm_leaving and new != old:
            return f"将从“{labels[old]}”改为“{labels.get(new, new)}”"
        order = [value for value, _ in self.choices]
        if self.ordered and old in order and new in order and order.index(new) < order.index(old):
            return f"{self.noun}倒退：{labels[old]} → {labels[new]}"
        return None

    def parse(self, value):
        return cells.parse_choice(value, self.choices, self.noun)

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


def lookup_key(text):
    """Names match ignoring spaces, letter case and full-width/half-width forms."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


class LookupCell(Cell):
    """A reference to a row of a controlled list (regions, events…) by any of its names.

    `keys` are the model fields a cell may name (full name, short name, code…). When two rows
    share a name, the one with the lowest `rank` wins (for regions: 通化 is 通化市, not 通化县);
    a tie is ambiguous and the cell must use another name.
    """

    width = 20

    def __init__(self, model, keys, noun, *, rank=None, blank_words=(), blank_label="", hint="",
                 confirm_change=False):  # fmt: skip
        super().__init__()
        self.model = model
        self.keys = keys
        self.noun = noun
        self.rank = rank
        self.blank_words = {lookup_key(w) for w in blank_words}
        self.blank_label = blank_label
        self.hint = hint
        self.confirm_change = confirm_change
        self._by_key = None
        self._labels = None

    def __deepcopy__(self, memo):
        # Each resource instance (one import) loads its own maps.
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._by_key = clone._labels = None
        return clone

    def queryset(self):
        return self.model._default_manager.all()

    def load(self):
        fields = ["pk", *self.keys] + ([self.rank] if self.rank else [])
        by_key, ranks, labels = {}, {}, {}
        for values in self.queryset().values_list(*fields):
            pk, names = values[0], values[1 : 1 + len(self.keys)]
            rank = (values[-1] is not None) if self.rank else 0
            for name in names:
                if not name:
                    continue
                key = lookup_key(str(name))
                if key not in by_key or rank < ranks[key]:
                    by_key[key], ranks[key] = pk, rank
                elif rank == ranks[key] and by_key[key] != pk:
                    by_key[key] = AMBIGUOUS
            labels[pk] = [str(n) for n in names if n]
        self._by_key = by_key
        self._labels = {
            pk: next(
                (n for n in names if by_key.get(lookup_key(n)) == pk), names[0] if names else ""
            )
            for pk, names in labels.items()
        }

    @property
    def by_key(self):
        if self._by_key is None:
            self.load()
        return self._by_key

    def remember(self, name, pk):
        self.by_key[lookup_key(name)] = pk
        self._labels[pk] = name

    def find(self, name):
        """The pk for `name`, or raise CellError."""
        found = self.by_key.get(lookup_key(name))
        if found is AMBIGUOUS:
            raise CellError(f"「{excerpt(name)}」对应多个{self.noun}：请填写全称或编号")
        if found is None:
            raise CellError(f"未知{self.noun}「{excerpt(name)}」")
        return found

    def parse(self, value):
        name = cells.parse_text(value)
        if not name or lookup_key(name) in self.blank_words:
            return None
        return self.find(name)

    def warning(self, old, new):
        if self.confirm_change and old is not None and new != old:
            return f"{self.noun}变更：{self.display(old)} → {self.display(new) or '（空）'}"
        return None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return self.blank_label
        if self._labels is None:
            self.load()
        return self._labels.get(value, "")


class NewName(str):
    """A name in a many-valued cell that is not in the database yet and will be created."""


class KnownNames:
    def __init__(self, by_key):
        self.by_key = by_key

    def __contains__(self, name):
        return lookup_key(name) in self.by_key


class ManyLookupCell(LookupCell):
    """Several references in one cell, split on 、，,；;. With `create_missing`, unknown names
    become `NewName`s that the import creates (investor companies)."""

    width = 30

    def __init__(self, model, key, noun, *, create_missing=False, hint=""):
        super().__init__(model, (key,), noun, hint=hint)
        self.key = key
        self.create_missing = create_missing

    def parse(self, value):
        found = []
        for name in cells.split_values(value, known=KnownNames(self.by_key)):
            pk = self.by_key.get(lookup_key(name))
            if pk is None and self.create_missing:
                found.append(NewName(name))
            else:
                found.append(self.find(name))
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return "、".join(getattr(item, self.key) for item in items)

    def display(self, value):
        """Parsed or stored items (pks, or names still to create) by their names."""
        if self._labels is None:
            self.load()
        return "、".join(
            str(item) if isinstance(item, NewName) else self._labels.get(item, "")
            for item in value or ()
        )
