"""What editors translate (django-modeltranslation): each field gains a _zh_hans and an _en
column beside it; pages show the English where it is filled, else the Chinese."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, Channel, Policy, PolicyMeasure


@register(Channel)
class ChannelTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "subtitle", "summary", "body")


@register(Policy)
class PolicyTranslation(TranslationOptions):
    fields = ("title", "short_title", "summary", "body")


@register(PolicyMeasure)
class PolicyMeasureTranslation(TranslationOptions):
    fields = ("title", "text")
