"""Matched words wrapped in <mark>: the text is escaped piece by piece, so nothing typed or
stored can become markup."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 120


def pattern(marks):
    marks = [m for m in marks if m]
    if not marks:
        return None
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)), re.I)


def highlighted(value, found):
    if found is None:
        return escape(value)
    spans = []  # adjacent matches (民营 and 经济) make one mark
    for match in found.finditer(value):
        if spans and spans[-1][1] == match.start():
            spans[-1] = (spans[-1][0], match.end())
        else:
            spans.append((match.start(), match.end()))
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(escape(value[last:start]))
        pieces.append(f"<mark>{escape(value[start:end])}</mark>")
        last = end
    pieces.append(escape(value[last:]))
    return mark_safe("".join(pieces))


def snippet(body, found):
    """About SNIPPET_LENGTH characters of `body` around its first match, highlighted."""
    match = found.search(body) if found is not None else None
    start = max(0, match.start() - SNIPPET_LENGTH // 3) if match else 0
    piece = body[start : start + SNIPPET_LENGTH]
    text = ("…" if start else "") + piece + ("…" if start + SNIPPET_LENGTH < len(body) else "")
    return highlighted(text, found)
