import importlib

from django.db import migrations

# PostgreSQL: the cards follow the documents per statement, not per row. The row trigger of
# 0005 ran two one-row upserts (and a PL/pgSQL call) for each document a statement wrote,
# about a third of what writing a batch of 500 documents cost; these triggers write a batch's
# cards in two set-based upserts from the statement's transition tables (in id order, so
# that concurrent writers take the cards' locks in the same order). Same cards, same vectors.
# (SQLite keeps its row triggers: it has no statement triggers.)

split_cards = importlib.import_module("search.migrations.0005_split_cards")
CARD_COLUMNS = split_cards.CARD_COLUMNS
TITLE_COLUMNS = split_cards.TITLE_COLUMNS


def upsert(table, columns, vector_column, vector):
    return (
        f"INSERT INTO {table} ({columns}, {vector_column}) "
        f"SELECT {columns}, {vector.format('')} FROM new_rows ORDER BY id "
        f"ON CONFLICT (id) DO UPDATE SET {split_cards.updates(columns, [vector_column])}"
    )


def follow(card_vector=split_cards.VECTOR):
    """The statement trigger's function, writing each card's vector as `card_vector` (0011
    adds the facets to it)."""
    return (
        "CREATE FUNCTION search_card_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' THEN "
        "DELETE FROM search_card WHERE id IN (SELECT id FROM old_rows); "
        "DELETE FROM search_titlecard WHERE id IN (SELECT id FROM old_rows); "
        "ELSE "
        f"{upsert('search_card', CARD_COLUMNS, 'vector', card_vector)}; "
        f"{upsert('search_titlecard', TITLE_COLUMNS, 'title_vector', split_cards.TITLE_VECTOR)}; "
        "END IF; RETURN NULL; END $$"
    )


def trigger(event, transition):
    return (
        f"CREATE TRIGGER search_card_{event.lower()} AFTER {event} ON search_document "
        f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION search_card_follow()"
    )


ROW_TRIGGER = [
    "DROP TRIGGER IF EXISTS search_card_follow ON search_document",
    "DROP FUNCTION IF EXISTS search_card_follow()",
]
STATEMENT_TRIGGERS = [
    *(
        f"DROP TRIGGER IF EXISTS search_card_{event} ON search_document"
        for event in ("insert", "update", "delete")
    ),
    "DROP FUNCTION IF EXISTS search_card_follow()",
]

TRIGGERS = [
    trigger("INSERT", "NEW TABLE AS new_rows"),
    trigger("UPDATE", "NEW TABLE AS new_rows"),
    trigger("DELETE", "OLD TABLE AS old_rows"),
]
FORWARD = [*ROW_TRIGGER, follow(), *TRIGGERS]
# Back to 0005's row trigger (its function and trigger, as 0005 created them).
BACKWARD = [
    *STATEMENT_TRIGGERS,
    *(
        statement
        for statement in split_cards.POSTGRESQL_AFTER
        if statement.startswith(
            ("CREATE FUNCTION search_card_follow", "CREATE TRIGGER search_card_follow")
        )
    ),
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_bracketed_title_terms"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
