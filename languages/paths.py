"""The same public page in each language: Chinese at /…, English at /en/… (the public URL
patterns are the same in both, jlsite/urls.py)."""

from django.conf import settings
from django.utils.translation import get_language_from_path

CHINESE = settings.LANGUAGE_CODE
ENGLISH = "en"
# hreflang values (BCP 47, script for Chinese) and the <html lang> of each language.
HREFLANG = {CHINESE: "zh-Hans", ENGLISH: "en"}


def unprefixed(path):
    """'/en/projects/?q=x' → '/projects/?q=x'; a Chinese path is returned as it is."""
    language = get_language_from_path(path.split("?", 1)[0])
    if language and language != CHINESE:
        return path[len(language) + 1 :] or "/"
    return path


def in_language(path, language):
    """The address of the page at `path` in `language`."""
    path = unprefixed(path)
    return path if language == CHINESE else f"/{language}{path}"


def counterparts(path):
    """{language: address} for every language of the site."""
    return {code: in_language(path, code) for code, _ in settings.LANGUAGES}
