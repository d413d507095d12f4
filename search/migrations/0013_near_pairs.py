import importlib

from django.db import migrations

# PostgreSQL: for each title, the pairs of its terms at most NEAR places apart, "x~y~d" (x before
# y in code-point order, d the fewest places between them), and the terms it holds more than
# once, "x~x", GIN-indexed (an immutable function of the title card's vector: no column, no
# trigger); and a trigram index of the title cards' titles. A two-word query's older titles that
# may outrank its newest (outranking.pair_titles_sql) hold its words close, one of them twice or
# its phrase: they are found from these two indexes instead of reading every title that holds
# both words (12,550 for 玉米加工 at 200,000 documents). At 200,323 titles the function takes
# 50-60 µs a title (5 s more for a 100,000-project import); building both indexes took 21 s (a
# lock that holds title-card writes, not searches): 43 MB and 12 MB (45 and 16 MB filled by
# rebuild_search_index).

NEAR = 3  # outranking.NEAR: a larger one needs the pairs written again
phrase_index = importlib.import_module("search.migrations.0007_phrase_index")  # (its `run`)

FORWARD = [
    "CREATE FUNCTION search_near_pairs(tsvector) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "WITH places AS (SELECT x.lexeme, p FROM unnest($1) x, unnest(x.positions) p) "
    "SELECT coalesce(array_to_tsvector(array_agg(pair)), ''::tsvector) FROM ("
    "SELECT a.lexeme || '~' || b.lexeme || '~' || min(abs(a.p - b.p)) AS pair "
    f"FROM places a JOIN places b ON b.p BETWEEN a.p - {NEAR} AND a.p + {NEAR} "
    'AND a.lexeme COLLATE "C" < b.lexeme COLLATE "C" GROUP BY a.lexeme, b.lexeme '
    "UNION ALL SELECT x.lexeme || '~' || x.lexeme FROM unnest($1) x "
    "WHERE cardinality(x.positions) > 1) pairs $$",
    "CREATE INDEX search_titlecard_pairs_idx ON search_titlecard "
    "USING gin (search_near_pairs(title_vector))",
    "CREATE INDEX search_titlecard_title_idx ON search_titlecard USING gin (title gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_titlecard_title_idx",
    "DROP INDEX IF EXISTS search_titlecard_pairs_idx",
    "DROP FUNCTION IF EXISTS search_near_pairs(tsvector)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0012_facet_cells"),
    ]

    operations = [migrations.RunPython(phrase_index.run(FORWARD), phrase_index.run(BACKWARD))]
