"""A signing table's rows as plain values: what projects/templatetags/signings.py writes, read
without building a signing, a project and an event model for each row (with their init
signals and translation descriptors, a third of an event page's time at fifty rows)."""

from django.db.models.query import ValuesListIterable

from languages.values import in_active_language
from projects.addresses import slug_url

COLUMNS = (
    "signed_on",
    "contract_investment",
    "project__slug",
    "project__region_id",
    "project__name_zh_hans",
    "project__name_en",
    "event__slug",
    "event__name_zh_hans",
    "event__name_en",
)


class Named:
    """A project or an event as a row names it, with what fallback_lang reads: `name` in the
    active language (the Chinese where there is no English, as modeltranslation falls back)
    and `name_en`."""

    __slots__ = ("name_en", "name_zh_hans", "region_id", "slug", "view")

    def __init__(self, view, slug, chinese, english, region_id=None):
        self.view, self.slug, self.region_id = view, slug, region_id
        self.name_zh_hans, self.name_en = chinese, english

    @property
    def name(self):
        return in_active_language(self.name_zh_hans, self.name_en)

    def get_absolute_url(self):
        return slug_url(self.view, self.slug)


class SigningRow:
    __slots__ = ("contract_investment", "event", "project", "signed_on")

    def __init__(self, values):
        signed_on, amount, slug, region_id, name, name_en, *event = values
        self.signed_on, self.contract_investment = signed_on, amount
        self.project = Named("projects:project_detail", slug, name, name_en, region_id)
        event_slug, event_name, event_name_en = event
        self.event = (
            None
            if event_slug is None
            else Named("projects:event_detail", event_slug, event_name, event_name_en)
        )


class SigningRows(ValuesListIterable):
    def __iter__(self):
        return map(SigningRow, super().__iter__())
