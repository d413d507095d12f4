from django.db import migrations

# PostgreSQL: for each title, the pairs of its terms "x~y" where y stands between two of x's
# places (汽车~电池 in 汽车电池汽车电池), GIN-indexed (an immutable function of the title card's
# vector: no column, no trigger). ts_rank_cd of a title finds a second cover of a query of
# several words only past a second place of the word its first cover starts with, with every
# other word between the two: a title without such a pair for the query has one cover and
# ranks 1 at most. So the title tier of such a query may rank the newest title cards alone
# when they fill its page at rank 1: the older titles that could still come first are those
# this index finds (ranking.closest_titles). Building it takes about 6 s at 200,000 titles.

FORWARD = [
    "CREATE FUNCTION search_bracketed_terms(tsvector) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_to_tsvector(array_agg(DISTINCT x.lexeme || '~' || y.lexeme)), "
    "''::tsvector) FROM unnest($1) x, unnest($1) y "
    "WHERE cardinality(x.positions) > 1 AND y.lexeme <> x.lexeme AND EXISTS ("
    "SELECT FROM unnest(y.positions) p WHERE p > (SELECT min(q) FROM unnest(x.positions) q) "
    "AND p < (SELECT max(q) FROM unnest(x.positions) q)) $$",
    "CREATE INDEX search_titlecard_bracketed_idx ON search_titlecard "
    "USING gin (search_bracketed_terms(title_vector))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_titlecard_bracketed_idx",
    "DROP FUNCTION IF EXISTS search_bracketed_terms(tsvector)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_phrase_index"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
