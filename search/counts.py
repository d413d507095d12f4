"""How many documents a search finds, by type, region, area and year, and how many of them
hold the query in their titles: every count on the page is summed from these."""

from django.db import connection, connections, router
from django.db.models import Count, IntegerField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from pagecache.versions import memoize

from .models import Card, TermCount
from .planning import without
from .query import COUNTED_TERM, matching, one_term, single_found, title_matching, tsquery

FACET_FIELDS = ("kind", "region", "area", "year")
WHOLE = ((0, matching), (1, title_matching))  # each side of the counts, every match


def grouped(cards, in_title):
    flag = Value(in_title, output_field=IntegerField())
    return (
        cards.annotate(in_title=flag)
        .values_list(*FACET_FIELDS, "in_title")
        .annotate(n=Count("id"))
        .order_by()
    )


def hashed(alias):
    """PostgreSQL groups the queries run inside by hashing, not sorting: it takes a search of
    several words to find a handful of matches (it has no statistics of the vectors), while
    tens of thousands sorted by four text columns under the database's collation cost three
    times what hashing them does."""
    return without(alias, "enable_sort")


def cell_groups_sql(part, cards, alias):
    """SQL of (part, facets, count) of `cards` (a queryset of cards or title cards, PostgreSQL)
    and its params: grouped by their facet cell, one integer (migration 0012), then given the
    cell's facets (the year 0 where there is none)."""
    table = cards.model._meta.db_table
    cells = cards.annotate(cell=RawSQL(f'"{table}"."cell"', ())).values_list("cell")
    sql, params = cells.query.get_compiler(using=alias).as_sql()
    grouped = (
        f"SELECT {part}, f.kind, f.region, f.area, f.year, g.n FROM (SELECT cell, count(*) AS n "
        f"FROM ({sql}) r GROUP BY cell) g JOIN search_facetcell f ON f.id = g.cell"
    )
    return grouped, params


def parts_read(parts, alias):
    """{part: {facets: count}} of the (part, facets, count) rows of `parts`, [(SQL, params)],
    read in one statement."""
    with hashed(alias), connections[alias].cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(f"({sql})" for sql, _ in parts),
            [param for _, params in parts for param in params],
        )
        rows = cursor.fetchall()
    read = {}
    for part, kind, region, area, year, n in rows:
        key = (kind, region, area, year or None)
        read.setdefault(part, {})[key] = read.get(part, {}).get(key, 0) + n
    return read


def counted(parsed, sides=(0, 1)):
    """{facets: matches}, {facets: title matches} of everything `parsed` finds, in one query:
    the matches (cards) and the title matches (title cards, a subset) counted apart, each
    through its own index, none of them read whole. Only the `sides` asked for (0, the
    matches; 1, the title matches) are counted; the other is None. PostgreSQL groups them by
    facet cell, SQLite by the four facets."""
    if parsed.single and not single_found(parsed):  # (no ids: no statement to compile)
        return tuple({} if side in sides else None for side in (0, 1))
    alias = router.db_for_read(Card)
    if connections[alias].vendor == "postgresql":
        parts = [
            cell_groups_sql(side, everyone(parsed), alias)
            for side, everyone in WHOLE
            if side in sides
        ]
        read = parts_read(parts, alias)
        return tuple(read.get(side, {}) if side in sides else None for side in (0, 1))
    parts = [grouped(everyone(parsed), side) for side, everyone in WHOLE if side in sides]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    with hashed(rows.db):
        rows = list(rows)
    found = [{} if side in sides else None for side in (0, 1)]
    for *key, in_title, n in rows:
        found[in_title][tuple(key)] = n
    return tuple(found)


def scheduled_sql(parsed):
    """SQL (and params) of the scheduled documents `parsed` finds (PostgreSQL), per facets:
    (facets, matches, title matches, -1)."""
    found = tsquery(parsed.groups)
    sql = (
        "SELECT kind, region, area, year, count(*) AS matches, count(*) FILTER (WHERE EXISTS "
        "(SELECT FROM search_titlecard t WHERE t.id = c.id AND t.title_vector @@ "
        "to_tsquery('simple', %s))) AS title_matches, -1 AS sign FROM search_card c "
        "WHERE c.published_at > %s "
        "AND c.vector @@ to_tsquery('simple', %s) GROUP BY 1, 2, 3, 4"
    )
    return sql, [found, timezone.now(), found]


def summed(rows):
    """{facets: matches}, {facets: title matches} of signed (facets, matches, title matches,
    sign) rows."""
    everything, titled = {}, {}
    for kind, region, area, year, matches, title_matches, sign in rows:
        key = (kind, region, area, year or None)
        everything[key] = everything.get(key, 0) + sign * matches
        titled[key] = titled.get(key, 0) + sign * title_matches
    return everything, titled


def counted_term(parsed, term):
    """The same for a one-word query, from `TermCount` (PostgreSQL) less the scheduled
    documents it holds, in one query that reads a few hundred rows however common the word.
    (In SQL: the ORM's union and its rows' conversion took longer than the query.)"""
    due, due_params = scheduled_sql(parsed)
    sql = (
        "(SELECT kind, region, area, year, matches, title_matches, 1 FROM search_termcount "
        f"WHERE term = %s) UNION ALL ({due})"
    )
    with connections[router.db_for_read(TermCount)].cursor() as cursor:
        cursor.execute(sql, [term, *due_params])
        return summed(cursor.fetchall())


def several_terms(parsed):
    """The terms of a query of several words that `TermCount` keeps (one lexeme each), and
    those of them every match holds (found in every spelling of one of its words)."""
    if parsed.single or one_term(parsed):
        return [], set()
    terms = {t for group in parsed.groups for spelling in group for t in spelling}
    held = set()
    for group in parsed.groups:
        held |= set(group[0]).intersection(*group[1:])
    counted = sorted(t for t in terms if COUNTED_TERM.fullmatch(t))
    return counted, held.intersection(counted)


FEW = 1500  # a query whose rarest word is this rare counts its matches one by one
LACKING = 3000  # documents that differ from the query's and its term's a count reads at most
COMMONER = 3  # a query holding a word this many times commoner than its rarest: one by one
SAMPLE = 100  # documents holding the rarest word read to see how often the query's are there

# The parts of `counted_near_term`'s statement, for matches (cards) and title matches.
LIVE, LACKS, EXTRA, DUE, HELD = (0, 1), (2, 3), (4, 5), (6, 7), (8, 9)
TABLES = (("search_card", "vector"), ("search_titlecard", "title_vector"))


def differing_sql(part, title, tsquery_text, limit):
    """SQL of (part, facets, count) of at most `limit` documents, public or not, whose vector
    (the title's, with `title`) matches `tsquery_text`, and its params."""
    table, vector = TABLES[title]
    sql = (
        f"SELECT {part}, kind, region, area, year, count(*) FROM (SELECT kind, region, area, "
        f"year FROM {table} WHERE {vector} @@ to_tsquery('simple', %s) LIMIT %s) r "
        "GROUP BY 2, 3, 4, 5"
    )
    return sql, [tsquery_text, limit]


def rarest(terms, held, alias):
    """The rarest of `terms` (of those every match holds, first), how many documents hold it,
    and hold it in their titles, and how many hold the commonest other held term, by
    `TermCount`."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT term, sum(matches), sum(title_matches) FROM search_termcount "
            "WHERE term = ANY(%s) GROUP BY term",
            [terms],
        )
        totals = {term: (int(matches), int(titles)) for term, matches, titles in cursor}
    term = min(terms, key=lambda t: (t not in held, totals.get(t, (0, 0))[0], t))
    figures = totals.get(term, (0, 0))
    commoner = max((totals.get(t, (0, 0))[0] for t in held if t != term), default=0)
    return term, figures, commoner


def together(term, others, alias):
    """At most how many documents (and titles) hold `term` and every one of `others`, by
    `TermCount`: type by type, region by region and year by year, no more than the fewer of
    two words' documents can hold both (the fewest such sums over `others`). Each side's rows
    are read once (MATERIALIZED) and joined by hashing: joined as a nested loop, as PostgreSQL
    chose for lack of statistics, each of the term's ~470 rows looked up every other term's
    (9.6 ms for 珲春冷链物流中心's five words at 200,000 documents)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "WITH a AS MATERIALIZED (SELECT kind, region, area, year, matches, title_matches "
            "FROM search_termcount WHERE term = %s), b AS MATERIALIZED (SELECT term, kind, "
            "region, area, year, matches, title_matches FROM search_termcount "
            "WHERE term = ANY(%s)) SELECT b.term, sum(least(a.matches, b.matches)), "
            "sum(least(a.title_matches, b.title_matches)) FROM a JOIN b "
            "USING (kind, region, area, year) GROUP BY b.term",
            [term, sorted(others)],
        )
        bounds = {other: (int(matches), int(titles)) for other, matches, titles in cursor}
    return tuple(min(bounds.get(other, (0, 0))[side] for other in others) for side in (0, 1))


def shares_holding(parsed, term, needed, alias, titles=True):
    """Of SAMPLE documents holding `term`, and of SAMPLE titles holding it, the share that
    hold the whole query: how often its words come together where its rarest word is. The
    documents (whose vectors are read from TOAST) only when the titles' share is `needed`.
    Without `titles` (the title matches are not counted), the documents' share alone (and 0):
    each share reads its word's whole list in the index, 1.4–2 ms for 14,000–28,000."""
    found, alone = tsquery(parsed.groups), tsquery([[[term]]])
    documents, shared = (
        f"(SELECT count(*) FILTER (WHERE {vector} @@ to_tsquery('simple', %s))::float "
        f"/ greatest(count(*), 1) FROM (SELECT {vector} FROM {table} "
        f"WHERE {vector} @@ to_tsquery('simple', %s) LIMIT %s) sample)"
        for table, vector in TABLES
    )
    if titles:
        sql = (
            f"SELECT CASE WHEN share >= %s THEN {documents} ELSE 0 END, share "
            f"FROM (SELECT {shared} AS share OFFSET 0) t"  # (OFFSET 0: the titles' share once)
        )
        params = [needed, found, alone, SAMPLE, found, alone, SAMPLE]
    else:
        sql, params = f"SELECT {documents}, 0", [found, alone, SAMPLE]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def counted_near_term(parsed, terms, held, sides=(0, 1)):
    """The same (the `sides` asked for) for a query of several words (PostgreSQL). Where a
    sample shows its words mostly together (the words of a compound are: 冰雪旅游, 冰雪 and
    旅游), its matches (and its title matches) are counted from the figures of the rarest of
    `terms`: the documents that hold it, less those that hold it without the query, plus
    those that match without it (none, if every match holds it), less the scheduled
    matches; reading a few thousand rows at most, however many documents it finds.
    Otherwise, or when those differences pass LACKING, one by one. In three to four
    queries."""
    alias = router.db_for_read(Card)
    term, figures, commoner = rarest(terms, held, alias)
    # The share of the rarest word's documents that must hold the query for "near".
    needed = [1 - LACKING / 2 / max(n, 1) for n in figures]
    # A word far commoner than the rarest is seldom in all of its documents (项目, 中心).
    sampled = figures[0] > FEW and commoner <= COMMONER * figures[0]
    # Sides whose share the figures show below `needed` (现代物流: 现代 in 38,327, both words at
    # most 32,843): a sample would not find the words together, so none is read.
    apart = [False, False]
    if sampled and term in held and len(held) > 1:
        bound = together(term, held - {term}, alias)
        apart = [bound[side] < needed[side] * figures[side] for side in (0, 1)]
    sides_near = [side for side in sides if not apart[side]]
    sampled = sampled and bool(sides_near)
    # (Where titles are counted too, their share, read first, tells whether the documents' is
    # worth reading.)
    documents_needed = needed[1] if 0 in sides_near else 2
    shares = (
        shares_holding(parsed, term, documents_needed, alias, titles=1 in sides_near)
        if sampled
        else (0, 0)
    )
    near = [shares[side] >= needed[side] and not apart[side] for side in (0, 1)]
    found, alone = tsquery(parsed.groups), tsquery([[[term]]])
    due, due_params = scheduled_sql(parsed)
    parts = []
    for side, everyone in WHOLE:
        if side not in sides:
            continue
        if not near[side]:
            parts.append(cell_groups_sql(LIVE[side], everyone(parsed), alias))
            continue
        column = ("matches", "title_matches")[side]
        held_rows = TermCount.objects.filter(term=term).values_list(*FACET_FIELDS, column)
        sql, params = held_rows.query.get_compiler(using=alias).as_sql()
        parts.append((f"SELECT {HELD[side]}, * FROM ({sql}) h", params))
        parts.append(differing_sql(LACKS[side], side, f"{alone} & !({found})", LACKING + 1))
        if term not in held:
            parts.append(differing_sql(EXTRA[side], side, f"({found}) & !{alone}", LACKING + 1))
        sql = f"SELECT {DUE[side]}, kind, region, area, year, {column} FROM ({due}) d"
        parts.append((sql, due_params))
    read = parts_read(parts, alias)
    found = []
    for side in (0, 1):
        if side not in sides:
            found.append(None)
            continue
        lacking, more = read.get(LACKS[side], {}), read.get(EXTRA[side], {})
        if not near[side]:
            found.append(read.get(LIVE[side], {}))
        elif max(sum(lacking.values()), sum(more.values())) <= LACKING:
            corrected = dict(read.get(HELD[side], {}))
            for changes, sign in ((lacking, -1), (more, 1), (read.get(DUE[side], {}), -1)):
                for key, n in changes.items():
                    corrected[key] = corrected.get(key, 0) + sign * n
            found.append(corrected)
        else:  # the sample misled: every match, counted
            found.append(counted(parsed, (side,))[side])
    return tuple(found)


def as_rows(found):
    """[(kind, region, area, year, count)] of {facets: count}, in one order (the year may be
    None)."""
    rows = [(*key, n) for key, n in found.items() if n]
    return sorted(rows, key=lambda row: (row[0], row[1], row[2], row[3] or 0))


def facet_rows(parsed, titles=True):
    """[(kind, region, area, year, count)] of everything `parsed` finds, remembered until the
    content changes: every count on the page is summed from these. With `titles`, the title
    matches are counted too (title_rows), in the same query; without, only where that costs
    nothing more (one word on PostgreSQL, from its term's figures): page 1, ranked without
    them beside the counts (ranking.first_page_ahead), does not wait for a second count as
    long as the first."""
    return found_rows(parsed, titles)[0]


def title_rows(parsed):
    """The same rows of the matches whose titles hold the query: the title tier's size."""
    titles = found_rows(parsed)[1]
    if titles is not None:
        return titles

    def compute():
        return as_rows(counted_sides(parsed, (1,))[1])

    return memoize(f"search-titles:{parsed.key()}", compute)


def titles_known(parsed):
    """Whether the title matches were counted with the matches (title_rows reads nothing)."""
    return found_rows(parsed)[1] is not None


def found_rows(parsed, titles=True):
    """(facet_rows, title_rows or None where not counted), remembered together."""

    def compute():
        found = counted_sides(parsed, (0, 1) if titles else (0,))
        return tuple(None if side is None else as_rows(side) for side in found)

    return memoize(facet_key(parsed), compute)


def counted_sides(parsed, sides):
    """({facets: matches}, {facets: title matches}) of the `sides` asked for (0, 1), each None
    if not counted, the quickest way the database has: a one-word query's figures hold both."""
    if connection.vendor == "postgresql" and (term := one_term(parsed)):
        return counted_term(parsed, term)
    if connection.vendor == "postgresql" and several_terms(parsed)[0]:
        return counted_near_term(parsed, *several_terms(parsed), sides=sides)
    return counted(parsed, sides=sides)


def facet_key(parsed):
    # (Not "search-facets:", whose figures held both sides in one list: a process of the
    # previous release may still be filing them under the same content version.)
    return f"search-counts:{parsed.key()}"
