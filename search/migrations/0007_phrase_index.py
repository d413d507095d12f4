from django.db import migrations

# PostgreSQL: a trigram index over each document's title and body (joined by a space), so that
# the body tier finds the documents that hold a typed phrase from the index, not by reading
# every match's document (ranking.phrase_hit). pg_trgm is a trusted extension: the database's
# owner may create it. Building it takes a lock that holds document writes (not searches) for
# about 12 s at 200,000 documents of the benchmark's length.

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_document_phrase_idx ON search_document "
    "USING gin ((title || ' ' || body) gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS search_document_phrase_idx"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_term_counts"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
