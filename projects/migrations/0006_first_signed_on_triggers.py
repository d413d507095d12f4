"""Project.first_signed_on, kept by the database from the signings whatever writes them.

The earliest date among a project's signings outside events or at events marked 已发布 (not
the publication time, which passes without a write; SigningQuerySet.dating_projects says the
same in Python). Triggers refresh it when a signing is added, changed or deleted and when an
event's status changes; a write to the column itself (a stale Project.save(), raw SQL) is
replaced by the value the signings give.

SQLite remakes a table for many schema changes, which drops its triggers: a later migration
that alters projects_project, projects_signing or projects_event there must create them again
(tests/projects/test_signing_dates.py fails on SQLite if it does not).
"""

from django.db import migrations

FIRST = """(
    SELECT MIN(s.signed_on) FROM projects_signing s
    LEFT JOIN projects_event e ON e.id = s.event_id
    WHERE s.project_id = {project} AND (s.event_id IS NULL OR e.status = 'published')
)"""
REFRESH = "UPDATE projects_project SET first_signed_on = {first} WHERE id {where}".format(
    first=FIRST.format(project="projects_project.id"), where="{where}"
)
BACKFILL = REFRESH.format(where="IS NOT NULL")

SQLITE = [
    f"""
    CREATE TRIGGER signing_dates_project_insert AFTER INSERT ON projects_signing
    BEGIN {REFRESH.format(where="= NEW.project_id")}; END
    """,
    f"""
    CREATE TRIGGER signing_dates_project_update
    AFTER UPDATE OF signed_on, event_id, project_id ON projects_signing
    BEGIN {REFRESH.format(where="IN (OLD.project_id, NEW.project_id)")}; END
    """,
    f"""
    CREATE TRIGGER signing_dates_project_delete AFTER DELETE ON projects_signing
    BEGIN {REFRESH.format(where="= OLD.project_id")}; END
    """,
    f"""
    CREATE TRIGGER event_status_dates_projects AFTER UPDATE OF status ON projects_event
    WHEN OLD.status IS NOT NEW.status
    BEGIN {REFRESH.format(where="IN (SELECT project_id FROM projects_signing WHERE event_id = NEW.id)")}; END
    """,
    f"""
    CREATE TRIGGER project_first_signed_on_insert AFTER INSERT ON projects_project
    WHEN NEW.first_signed_on IS NOT {FIRST.format(project="NEW.id")}
    BEGIN {REFRESH.format(where="= NEW.id")}; END
    """,
    f"""
    CREATE TRIGGER project_first_signed_on_update AFTER UPDATE OF first_signed_on ON projects_project
    WHEN NEW.first_signed_on IS NOT {FIRST.format(project="NEW.id")}
    BEGIN {REFRESH.format(where="= NEW.id")}; END
    """,
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "signing_dates_project_insert",
        "signing_dates_project_update",
        "signing_dates_project_delete",
        "event_status_dates_projects",
        "project_first_signed_on_insert",
        "project_first_signed_on_update",
    )
]

# PostgreSQL refreshes once per statement from its transition tables: a bulk import of 1,000
# signings is one set-based UPDATE of their projects, not 1,000.
REFRESH_PROJECTS = f"""
    CREATE FUNCTION projects_refresh_first_signed_on(ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE projects_project p SET first_signed_on = d.first
        FROM (SELECT u.id, {FIRST.format(project="u.id")} AS first FROM unnest(ids) AS u(id)) d
        WHERE p.id = d.id AND p.first_signed_on IS DISTINCT FROM d.first;
    END $$
"""
SIGNINGS_CHANGED = """
    CREATE FUNCTION projects_signings_date_projects() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM projects_refresh_first_signed_on(ARRAY(SELECT project_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM projects_refresh_first_signed_on(ARRAY(SELECT project_id FROM old_rows));
        ELSE
            PERFORM projects_refresh_first_signed_on(ARRAY(
                SELECT unnest(ARRAY[o.project_id, n.project_id])
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.signed_on, o.event_id, o.project_id)
                    IS DISTINCT FROM (n.signed_on, n.event_id, n.project_id)
            ));
        END IF;
        RETURN NULL;
    END $$
"""
POSTGRESQL = [
    REFRESH_PROJECTS,
    SIGNINGS_CHANGED,
    """
    CREATE TRIGGER signings_date_projects_insert AFTER INSERT ON projects_signing
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_signings_date_projects()
    """,
    """
    CREATE TRIGGER signings_date_projects_update AFTER UPDATE ON projects_signing
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_signings_date_projects()
    """,
    """
    CREATE TRIGGER signings_date_projects_delete AFTER DELETE ON projects_signing
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_signings_date_projects()
    """,
    """
    CREATE FUNCTION projects_event_dates_projects() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM projects_refresh_first_signed_on(
            ARRAY(SELECT project_id FROM projects_signing WHERE event_id = NEW.id)
        );
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER event_status_dates_projects AFTER UPDATE OF status ON projects_event
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION projects_event_dates_projects()
    """,
    # A project inserted after its signings (foreign keys are checked at commit) gets its date.
    """
    CREATE FUNCTION projects_projects_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM projects_refresh_first_signed_on(ARRAY(SELECT id FROM new_rows));
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER project_first_signed_on_insert AFTER INSERT ON projects_project
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_projects_inserted()
    """,
    # Any write to the column from outside these triggers (a stale save()) is put right.
    f"""
    CREATE FUNCTION projects_project_first_signed_on() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.first_signed_on := {FIRST.format(project="NEW.id")};
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER project_first_signed_on_update BEFORE UPDATE OF first_signed_on ON projects_project
    FOR EACH ROW WHEN (
        pg_trigger_depth() = 0 AND NEW.first_signed_on IS DISTINCT FROM OLD.first_signed_on
    )
    EXECUTE FUNCTION projects_project_first_signed_on()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS signings_date_projects_insert ON projects_signing",
    "DROP TRIGGER IF EXISTS signings_date_projects_update ON projects_signing",
    "DROP TRIGGER IF EXISTS signings_date_projects_delete ON projects_signing",
    "DROP FUNCTION IF EXISTS projects_signings_date_projects()",
    "DROP TRIGGER IF EXISTS event_status_dates_projects ON projects_event",
    "DROP FUNCTION IF EXISTS projects_event_dates_projects()",
    "DROP TRIGGER IF EXISTS project_first_signed_on_insert ON projects_project",
    "DROP FUNCTION IF EXISTS projects_projects_inserted()",
    "DROP TRIGGER IF EXISTS project_first_signed_on_update ON projects_project",
    "DROP FUNCTION IF EXISTS projects_project_first_signed_on()",
    "DROP FUNCTION IF EXISTS projects_refresh_first_signed_on(bigint[])",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_signed_milestones_become_signings")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": [BACKFILL, *SQLITE], "postgresql": [BACKFILL, *POSTGRESQL]}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
