"""What editors translate (django-modeltranslation): each field gains a _zh_hans and an _en
column beside it; pages show the English where it is filled, else the Chinese."""

from modeltranslation.translator import TranslationOptions, register

from projects.models import Event, Industry, Project, Region


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "summary", "body")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name", "short_name")


@register(Industry)
class IndustryTranslation(TranslationOptions):
    fields = ("name", "description")
