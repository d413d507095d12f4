"""The full-text index beside search_document, in each database's own form.

PostgreSQL: a stored generated tsvector (config `simple`: the terms are already cut by jieba)
with the title weighted A and the body B, and a GIN index on it. SQLite: an FTS5 table over
the same terms (unicode61 splits on the spaces between them), kept by triggers.
"""

from django.db import migrations

POSTGRESQL = [
    (
        "ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title_terms), 'A') || "
        "setweight(to_tsvector('simple', body_terms), 'B')) STORED",
        "ALTER TABLE search_document DROP COLUMN vector",
    ),
    (
        "CREATE INDEX search_document_vector_idx ON search_document USING gin (vector)",
        "DROP INDEX IF EXISTS search_document_vector_idx",
    ),
]

SQLITE = [
    (
        "CREATE VIRTUAL TABLE search_document_fts USING fts5(title_terms, body_terms, "
        "content='search_document', content_rowid='id', tokenize='unicode61')",
        "DROP TABLE IF EXISTS search_document_fts",
    ),
    (
        "CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN "
        "INSERT INTO search_document_fts(rowid, title_terms, body_terms) "
        "VALUES (new.id, new.title_terms, new.body_terms); END",
        "DROP TRIGGER IF EXISTS search_document_fts_insert",
    ),
    (
        "CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN "
        "INSERT INTO search_document_fts(search_document_fts, rowid, title_terms, body_terms) "
        "VALUES ('delete', old.id, old.title_terms, old.body_terms); END",
        "DROP TRIGGER IF EXISTS search_document_fts_delete",
    ),
    (
        "CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN "
        "INSERT INTO search_document_fts(search_document_fts, rowid, title_terms, body_terms) "
        "VALUES ('delete', old.id, old.title_terms, old.body_terms); "
        "INSERT INTO search_document_fts(rowid, title_terms, body_terms) "
        "VALUES (new.id, new.title_terms, new.body_terms); END",
        "DROP TRIGGER IF EXISTS search_document_fts_update",
    ),
]

STATEMENTS = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def create(apps, schema_editor):
    for forward, _ in STATEMENTS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(forward)


def drop(apps, schema_editor):
    for _, backward in reversed(STATEMENTS.get(schema_editor.connection.vendor, [])):
        schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
