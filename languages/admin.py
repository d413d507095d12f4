"""Editors translate in the admin: each translated field keeps its Chinese form field as
before, with its English one beside it (“名称（英文）”); blank English shows the Chinese.

modeltranslation's TranslationAdmin would rename every Chinese field (name → name_zh_hans) in
the forms; editing the original field writes the same Chinese column (the admin runs in
Chinese), so the forms editors and tests know stay as they were."""

from modeltranslation.translator import NotRegistered, translator

ENGLISH_SUFFIX = "_en"
CHINESE_SUFFIX = "_zh_hans"


def translated_fields(model):
    try:
        return set(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return set()


def with_english(fields, translated):
    """The field list with each translated field followed by its English field."""
    result = []
    for name in fields:
        if not isinstance(name, str):  # fields shown on one line
            result.append(name)
            continue
        if name.endswith(ENGLISH_SUFFIX) and name.removesuffix(ENGLISH_SUFFIX) in translated:
            continue  # placed beside its Chinese field below
        result.append(name)
        if name in translated:
            result.append(name + ENGLISH_SUFFIX)
    return tuple(result)


class EnglishBesideChineseMixin:
    """For ModelAdmin and inlines of models registered with modeltranslation."""

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        return exclude + [name + CHINESE_SUFFIX for name in translated_fields(self.model)]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return with_english(fields, translated_fields(self.model))

    def get_fieldsets(self, request, obj=None):
        translated = translated_fields(self.model)
        return [
            (title, {**options, "fields": with_english(options["fields"], translated)})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = db_field.name.removesuffix(ENGLISH_SUFFIX)
        english = original != db_field.name and original in translated_fields(self.model)
        if formfield is not None and english:
            chinese = self.model._meta.get_field(original)
            formfield.label = f"{chinese.verbose_name}（英文）"
            formfield.required = False
            formfield.help_text = "英文页显示此项；留空时显示中文。"
        return formfield
