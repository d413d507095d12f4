"""Translated fields read as plain values (values_list), shown as modeltranslation shows them
on a model: the English on an English page when there is one, else the Chinese."""

from django.utils.translation import get_language

from .paths import ENGLISH


def in_active_language(chinese, english):
    return (english or chinese) if get_language() == ENGLISH else chinese
