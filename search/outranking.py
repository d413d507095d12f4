"""Which older title matches of a two-word query could still outrank the newest ones: what
lets the title tier's first page be ranked without ranking every title match (ranking.
newest_titles)."""

from .query import lexeme, tsquery

NEAR = 3  # the farthest apart two words' titles are looked for apart (outranking_sql)


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
    plus the words between; 1 / 1.5 at the same position); only titles holding the words
    closer than that, or holding one of them more than once (more covers: ts_rank of the two
    words, which counts occurrences, differs from a title's holding each once) can rank
    higher. Finding them reads each title match's vector, but not the cover search of
    ts_rank_cd, which took as long again (12,550 titles holding 玉米 and 加工 apart at 200,000
    documents)."""
    first, second = (tsquery([[[term]]]) for term in terms)
    either = tsquery([[[term] for term in terms]])
    once = " ".join(f"{lexeme(term)}:{n}A" for n, term in enumerate(terms, start=1))
    near, near_params = [], []
    for d in range(NEAR + 1):
        near.append("(%s::real, %s)")  # (a title's rank with the words d apart, the words)
        near_params += [1 / d if d else 1 / 1.5, f"{first} <{d}> {second} | {second} <{d}> {first}"]
    sql = (
        "(title LIKE %s OR ts_rank(title_vector, to_tsquery('simple', %s)) <> "
        "ts_rank(%s::tsvector, to_tsquery('simple', %s)) OR title_vector @@ (SELECT "
        "to_tsquery('simple', string_agg(apart, ' | ')) FROM (VALUES "
        f"{', '.join(near)}) v(rank, apart) WHERE {cut} < v.rank))"
    )
    return sql, [phrase, either, once, either, *near_params]
