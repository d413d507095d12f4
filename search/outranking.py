"""The title tier's first page of a two-word query without ranking every title match
(ranking.newest_titles): the newest title matches are ranked, and of the older ones only
those that could still outrank them, found from indexes (migration 0013) where the typed
phrase has a trigram."""

import re

from .query import ORDER, RANKING, lexeme, tsquery

NEAR = 3  # words at most this far apart are looked for; a cut below 1 / (NEAR + 1): all
CUT_FROM = 3  # times a page's titles the walk ranks to find the rank to beat
TRIGRAM = re.compile(r"\w{3}")  # a trigram index finds no phrase shorter (ranking.phrase_hit too)


def pair(parsed):
    """The two terms of a query of two words, each with one spelling of one term (玉米加工:
    玉米, 加工), else None."""
    if len(parsed.groups) != 2 or any(len(g) != 1 or len(g[0]) != 1 for g in parsed.groups):
        return None
    terms = tuple(group[0][0] for group in parsed.groups)
    return terms if terms[0] != terms[1] else None


def outranking_sql(terms, phrase, cut):
    """SQL (and params) of a condition that every title card holding both `terms` passes if its
    ts_rank_cd for them may be above `cut` (SQL of a rank of at least 1 / (NEAR + 1)), or if
    it holds `phrase` (a LIKE pattern).

    A title's vector is all of weight A, so a title holding each word once, d positions apart,
    has one cover and ts_rank_cd 1 / d (PostgreSQL's calc_rank_cd: the cover's weight over one
    plus the words between; the 'simple' configuration gives every lexeme a position of its own,
    so d is at least 1: no two of 200,323 generated titles' lexemes share one); only titles
    holding the words closer than that, or holding one of them more than once (more covers) can
    rank higher. ts_rank, which counts occurrences and weighs distances, finds both without
    ts_rank_cd's cover search (which took as long again as reading 12,550 titles holding 玉米 and
    加工 apart at 200,000 documents), nor a phrase search per distance (6 of the 20 ms that
    reading took with it): ts_rank of the two words either way differs from a title's holding
    each once where one is repeated, and ts_rank of both words falls as d grows (PostgreSQL's
    word_distance), so a title holding each once at most d apart ranks both at least as a title
    holding them d apart does."""
    either = tsquery([[[term] for term in terms]])
    both = tsquery([[[term]] for term in terms])
    first, second = (lexeme(term) for term in terms)
    once = f"{first}:1A {second}:2A"
    near, near_params = [], []
    for d in range(1, NEAR + 1):
        near.append("(%s::real, ts_rank(%s::tsvector, to_tsquery('simple', %s)))")
        near_params += [1 / d, f"{first}:1A {second}:{1 + d}A", both]
    sql = (
        "(title LIKE %s OR ts_rank(title_vector, to_tsquery('simple', %s)) <> "
        "ts_rank(%s::tsvector, to_tsquery('simple', %s)) OR ts_rank(title_vector, "
        "to_tsquery('simple', %s)) >= (SELECT min(near) FROM (VALUES "
        f"{', '.join(near)}) v(rank, near) WHERE {cut} < v.rank))"
    )
    return sql, [phrase, either, once, either, both, *near_params]


def near_pairs_sql(terms, cut):
    """SQL (and params) of the tsquery of the search_near_pairs lexemes (migration 0013) that a
    title holding both `terms` has if outranking_sql may pass it at `cut` (SQL of a rank of at
    least 1 / (NEAR + 1)): either term held twice, or the two at most d apart for each d that
    outranking_sql looks for (1 / d above the cut). Only ever more titles than pass it."""
    first, second = sorted(terms)  # (code points: the function's "C" collation)
    twice = f"{lexeme(f'{first}~{first}')} | {lexeme(f'{second}~{second}')}"
    sql, params = ["%s::tsquery"], [twice]
    for d in range(1, NEAR + 1):
        sql.append(f"CASE WHEN {cut} < %s::real THEN %s::tsquery ELSE %s::tsquery END")
        params += [1 / d, lexeme(f"{first}~{second}~{d}"), twice]
    return "(" + " || ".join(sql) + ")", params


def pair_titles_sql(terms, query, phrase, ranked, walk, walk_rows, end, typed=""):
    """SQL (and params) of the title tier's first `end` rows (id, published_at, phrase, rank)
    for a query of two words, `terms`, in one statement: the newest title matches are ranked
    (CUT_FROM times as many as the page needs, among the `walk_rows` newest title cards the
    Filters of `walk` (ranking.walk_sql) reads, read in order from an index, each title
    matched in its row), and of the older title matches only those that could outrank the
    `end`th of them (outranking_sql): none if it holds the phrase, all of them only if
    fewer are walked or if it holds the words too far apart. Where `typed` (the typed text,
    of which `phrase` is the LIKE pattern) has a trigram, those older titles are found from
    the indexes of near pairs and of titles' trigrams, not by reading every older title that
    holds both words. `ranked` is the SQL (and params) of the phrase and rank columns."""
    (ranked, ranked_params), (where, walk_params, admitted, admit_params) = ranked, walk
    match = "title_vector @@ to_tsquery('simple', %s)"
    every = (
        f"SELECT id, published_at, {ranked} FROM search_titlecard WHERE {where} AND {admitted} "
        f"AND {match}"
    )
    every_params = [*ranked_params, *walk_params, *admit_params, query]
    older = (
        "(published_at, id) < (SELECT published_at, id FROM ranked ORDER BY published_at, id "
        "LIMIT 1)"
    )
    contenders, contender_params = outranking_sql(terms, phrase, "(SELECT rank FROM cut)")
    near = 1 / (NEAR + 1)
    if TRIGRAM.search(typed):
        pairs, pair_params = near_pairs_sql(terms, "(SELECT rank FROM cut)")
        asked = "(SELECT complete AND phrase = 0 AND rank >= %s FROM cut)"
        found = f"search_near_pairs(title_vector) @@ {pairs}"
        # Far words: every older title. Near ones: only the title cards the two indexes find,
        # each read once (OFFSET 0: the title tier's conditions are not taken into their scans,
        # where the title vectors' index would find every title holding both words), and only
        # when the cut asks for them.
        outranking = (
            f"UNION ALL ({every} AND (SELECT complete AND phrase = 0 AND rank < %s FROM cut) "
            f"AND {older} OFFSET 0) "
            f"UNION ALL (SELECT id, published_at, {ranked} FROM (SELECT * FROM search_titlecard "
            f"WHERE {found} AND {asked} UNION ALL SELECT * FROM search_titlecard WHERE title "
            f"LIKE %s AND NOT {found} AND {asked} OFFSET 0) near WHERE {where} AND {admitted} "
            f"AND {match} AND {older} AND {contenders})"
        )
        outranking_params = [*every_params, near, *ranked_params, *pair_params, near, phrase]
        outranking_params += [*pair_params, near, *walk_params, *admit_params, query]
        outranking_params += contender_params
    else:
        outranking = (
            f"UNION ALL ({every} AND (SELECT complete AND phrase = 0 FROM cut) AND {older} AND "
            f"((SELECT rank FROM cut) < %s OR {contenders}) OFFSET 0)"
        )
        outranking_params = [*every_params, near, *contender_params]
    sql = (
        f"WITH ranked AS MATERIALIZED (SELECT id, published_at, {ranked} FROM (SELECT id, "
        f"published_at, title, title_vector, kind, region, area, {match} AS hit FROM "
        f"search_titlecard WHERE {where} {ORDER} LIMIT %s) recent WHERE hit AND {admitted} "
        f"{ORDER} LIMIT %s), cut AS MATERIALIZED (SELECT count(*) >= %s AS complete, "
        "(SELECT phrase FROM ranked ORDER BY phrase DESC, rank DESC LIMIT 1 OFFSET %s) AS "
        "phrase, (SELECT rank FROM ranked ORDER BY phrase DESC, rank DESC LIMIT 1 OFFSET %s) "
        "AS rank FROM ranked) SELECT * FROM (SELECT * FROM ranked WHERE (SELECT complete FROM cut) "
        f"UNION ALL ({every} AND NOT (SELECT complete FROM cut) OFFSET 0) {outranking}) m "
        f"{RANKING} LIMIT %s"
    )  # (OFFSET 0: the matches are collected first, not found by walking the recency index)
    params = [*ranked_params, query, *walk_params, walk_rows, *admit_params, CUT_FROM * end]
    params += [end, end - 1, end - 1, *every_params, *outranking_params]
    return sql, [*params, end]
