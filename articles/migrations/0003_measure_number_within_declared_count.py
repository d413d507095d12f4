"""A measure's number may not exceed its policy's declared count, enforced in the database.

A CHECK constraint cannot look at another table, so triggers guard both sides: inserting or
renumbering a measure, and lowering a policy's declared count below a measure already entered.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER measure_number_within_count_insert
    BEFORE INSERT ON articles_policymeasure
    WHEN NEW.number > (SELECT declared_measure_count FROM articles_policy WHERE id = NEW.policy_id)
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: measure_number_within_declared_count'); END
    """,
    """
    CREATE TRIGGER measure_number_within_count_update
    BEFORE UPDATE OF number, policy_id ON articles_policymeasure
    WHEN NEW.number > (SELECT declared_measure_count FROM articles_policy WHERE id = NEW.policy_id)
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: measure_number_within_declared_count'); END
    """,
    """
    CREATE TRIGGER policy_count_covers_measures
    BEFORE UPDATE OF declared_measure_count ON articles_policy
    WHEN NEW.declared_measure_count < (SELECT MAX(number) FROM articles_policymeasure WHERE policy_id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: measure_number_within_declared_count'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS measure_number_within_count_insert",
    "DROP TRIGGER IF EXISTS measure_number_within_count_update",
    "DROP TRIGGER IF EXISTS policy_count_covers_measures",
]

POSTGRESQL = [
    """
    CREATE FUNCTION measure_number_within_declared_count() RETURNS trigger AS $$
    BEGIN
        IF NEW.number > (SELECT declared_measure_count FROM articles_policy WHERE id = NEW.policy_id) THEN
            RAISE EXCEPTION 'measure number % exceeds the declared count', NEW.number
                USING ERRCODE = 'check_violation', CONSTRAINT = 'measure_number_within_declared_count';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER measure_number_within_count
    BEFORE INSERT OR UPDATE OF number, policy_id ON articles_policymeasure
    FOR EACH ROW EXECUTE FUNCTION measure_number_within_declared_count()
    """,
    """
    CREATE FUNCTION policy_count_covers_measures() RETURNS trigger AS $$
    BEGIN
        IF NEW.declared_measure_count < (SELECT MAX(number) FROM articles_policymeasure WHERE policy_id = NEW.id) THEN
            RAISE EXCEPTION 'declared count % is below a measure already entered', NEW.declared_measure_count
                USING ERRCODE = 'check_violation', CONSTRAINT = 'measure_number_within_declared_count';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER policy_count_covers_measures
    BEFORE UPDATE OF declared_measure_count ON articles_policy
    FOR EACH ROW EXECUTE FUNCTION policy_count_covers_measures()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS measure_number_within_count ON articles_policymeasure",
    "DROP FUNCTION IF EXISTS measure_number_within_declared_count()",
    "DROP TRIGGER IF EXISTS policy_count_covers_measures ON articles_policy",
    "DROP FUNCTION IF EXISTS policy_count_covers_measures()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
