"""What the site's lists take from the search index: the records a keyword finds (the project
list's `?q=`), combined there with the list's own filters and order."""

from django.db import connection, connections, router

from .counts import several_terms
from .models import TermCount
from .query import SINGLE_CHARACTER_RESULTS, matching, one_term, parse

FEW = 2000  # records of a kind a keyword finds at most for their ids to be read first


def most_found(parsed, kind):
    """At most how many records of `kind` `parsed` finds, on PostgreSQL: the term counts of the
    rarest word every match holds (scheduled records included); None if no word is counted."""
    if parsed.single:
        return SINGLE_CHARACTER_RESULTS
    held = [term] if (term := one_term(parsed)) else sorted(several_terms(parsed)[1])
    if not held:
        return None
    with connections[router.db_for_read(TermCount)].cursor() as cursor:
        cursor.execute(
            "SELECT term, sum(matches) FROM search_termcount "
            "WHERE term = ANY(%s) AND kind = %s GROUP BY term",
            [held, kind],
        )
        found = dict(cursor.fetchall())
    return min(int(found.get(term, 0)) for term in held)


def object_ids(kind, raw):
    """The ids of `kind`'s public records that `raw` finds, for a list's filter: a subquery, or
    the ids themselves when there are few.

    Ordered by its own columns, a list page is found by PostgreSQL walking that order and
    matching each record's card in turn: quick for common words, but a word in two old
    projects read all 120,000 of them (1.5 s a page). When the term counts say the keyword
    finds at most FEW records of the kind, their ids are read first (from the GIN index);
    given them, PostgreSQL reads those records and orders them."""
    parsed = parse(raw)
    found = matching(parsed).filter(kind=kind).values_list("object_id", flat=True)
    if connection.vendor != "postgresql" or not parsed.searchable:
        return found
    most = most_found(parsed, kind)
    if most is None or most > FEW:
        return found
    return list(found)
