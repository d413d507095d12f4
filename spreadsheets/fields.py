"""Spreadsheet columns: a django-import-export `Field` with a Chinese header and a widget."""

from django.db.models import NOT_PROVIDED
from import_export.fields import Field

from jlsite.publishing import PublicationStatus

from .widgets import ChoiceCell, ManyLookupCell, TextCell


class Column(Field):
    """A spreadsheet column: its header, the model attribute it fills and how cells are read.

    Blank cells take `blank_value` (set from the model field: None, its default or "");
    a column whose model field has neither is required. With `keep_when_blank`, a blank cell
    leaves an existing record's value alone (identifiers, publication status).
    """

    def __init__(self, header, attribute, widget=None, *, required=None, keep_when_blank=False,
                 help_text=""):  # fmt: skip
        super().__init__(attribute=attribute, column_name=header, widget=widget or TextCell())
        self.required = required
        self.keep_when_blank = keep_when_blank
        self.help_text = help_text
        self.blank_value = None

    @property
    def header(self):
        return self.column_name

    @property
    def is_many(self):
        return isinstance(self.widget, ManyLookupCell)

    @property
    def is_extra(self):
        return False

    @property
    def explanation(self):
        return " ".join(t for t in (self.help_text, self.widget.hint) if t)

    def adapt_to(self, model):
        """Take blank value, required-ness and limits from the model field."""
        try:
            field = model._meta.get_field(self.attribute.removesuffix("_id"))
        except Exception:
            field = None
        if field is None or field.many_to_many:
            self.required = bool(self.required)
            return
        self.widget.adapt_to(field)
        if field.null:
            blank, required = None, False
        elif field.has_default():
            blank, required = field.get_default(), False
        elif field.blank:
            blank, required = "", False
        else:
            blank, required = None, True
        self.blank_value = blank
        self.default = blank if not required else NOT_PROVIDED
        if self.required is None:
            self.required = required


class ExtraColumn(Column):
    """A column stored outside the model's own fields; the resource reads and writes it."""

    @property
    def is_extra(self):
        return True

    def adapt_to(self, model):
        self.required = bool(self.required)


def english_column(header, attribute, widget=None):
    """The optional English of a translated column: 名称（英文） fills name_en. Files without it
    import as before; a blank cell leaves the English empty (the English pages show the
    Chinese)."""
    return Column(
        f"{header}（英文）",
        f"{attribute}_en",
        widget,
        required=False,
        help_text="可选：英文页显示此项；留空时英文页显示中文。",
    )


def status_column():
    return Column(
        "发布状态",
        "status",
        ChoiceCell(
            [
                (v, label)
                for v, label in PublicationStatus.choices
                if v != PublicationStatus.RETURNED
            ],
            "发布状态",
            hint=(
                "草稿、待审核 或 已发布（没有发布权限时按待审核提交）；"
                "留空时新记录为草稿，已有记录保持原状态。"
            ),
            confirm_leaving=PublicationStatus.PUBLISHED,
        ),
        keep_when_blank=True,
    )
