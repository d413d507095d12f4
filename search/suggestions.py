"""What the header box suggests as one types: titles of public documents, at most eight."""

from django.db import connection
from django.db.models import Q
from django.utils.translation import get_language

from languages.paths import ENGLISH
from pagecache.versions import memoize

from .facets import Filters
from .models import TitleCard
from .outranking import TRIGRAM
from .query import SINGLE_CHARACTER_SCAN, parse, public
from .ranking import in_order_of, newest_titles, tier, walkable
from .translated import english_titles

FIELDS = ("kind", "object_id", "title")


def suggestions(raw, limit=8):
    """Titles whose words hold what was typed, in ranking order (the title tier only: a body
    match is no suggestion for the box); where those are fewer than `limit`, then titles that
    hold the typed text as it stands, newest first: a word half typed (民营经, 吉商大) is no
    word of any title yet."""
    parsed = parse(raw)
    if not parsed.searchable:
        return []

    def compute():
        if not walkable(parsed, limit * 3):
            rows = list(tier(parsed, Q(), title=True).values(*FIELDS)[: limit * 3])
        else:  # a common word's titles are among the newest: not every title match ordered
            ids = [row[0] for row in newest_titles(parsed, Filters(), limit * 3)]
            rows = in_order_of(ids, TitleCard, FIELDS)
        if len(rows) < limit:
            seen = {(row["kind"], row["object_id"]) for row in rows}
            rows += [
                r for r in completions(parsed, limit) if (r["kind"], r["object_id"]) not in seen
            ]
        return rows

    rows = memoize(f"search-suggest:{parsed.key()}", compute)
    english = english_titles(rows) if get_language() == ENGLISH else {}  # the English box
    titles = []
    for row in rows:
        title = english.get((row["kind"], row["object_id"]), row["title"])
        if title not in titles:
            titles.append(title)
    return titles[:limit]


def completions(parsed, limit):
    """The newest `limit` public titles holding the typed text (without spaces: a fragment of
    one title) as a substring. PostgreSQL finds a text of three characters or more through
    the titles' trigram index, among every title; a shorter one (and every one on SQLite) is
    looked for among the SINGLE_CHARACTER_SCAN newest titles, as a one-character search is."""
    typed = parsed.typed
    if parsed.single or not typed or " " in typed:
        return []
    cards = public(TitleCard).filter(title__contains=typed)
    if connection.vendor != "postgresql" or not TRIGRAM.search(typed):
        newest = public(TitleCard).order_by("-published_at", "-id").values("id")
        cards = cards.filter(id__in=newest[:SINGLE_CHARACTER_SCAN])
    return list(cards.order_by("-published_at", "-id").values(*FIELDS)[:limit])
