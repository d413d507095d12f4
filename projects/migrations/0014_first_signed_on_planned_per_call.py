"""The first signing dates refreshed with a plan made for each call (PostgreSQL).

PL/pgSQL keeps the plan of a statement for its session. A session that refreshed dates while
projects_signing was empty (a new site; a database's first import) kept one that read every
signing once per project, and the plan stayed as the table grew (a VACUUM of an empty table
changes no statistics, so nothing replans): a 100,000-row project import with a signing per
project took 715 s instead of 90, each batch slower than the last. The refresh is now one
join grouped by project, driven by the projects' ids, and planned for each call
(plan_cache_mode = force_custom_plan) with the table's size then: at worst it reads the
signings once per batch. The row trigger that puts a stale write right looks its signings up
the same way.
"""

from django.db import migrations

REFRESH = """
    CREATE OR REPLACE FUNCTION projects_refresh_first_signed_on(ids bigint[]) RETURNS void
    LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
    BEGIN
        UPDATE projects_project p SET first_signed_on = d.first
        FROM (
            SELECT u.id, MIN(s.signed_on) FILTER (
                WHERE s.event_id IS NULL OR e.status = 'published'
            ) AS first
            FROM unnest(ids) AS u(id)
            LEFT JOIN projects_signing s ON s.project_id = u.id
            LEFT JOIN projects_event e ON e.id = s.event_id
            GROUP BY u.id
        ) d
        WHERE p.id = ANY(ids) AND p.id = d.id AND p.first_signed_on IS DISTINCT FROM d.first;
    END $$
"""
# As in 0006.
REFRESH_BEFORE = """
    CREATE OR REPLACE FUNCTION projects_refresh_first_signed_on(ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE projects_project p SET first_signed_on = d.first
        FROM (SELECT u.id, (
    SELECT MIN(s.signed_on) FROM projects_signing s
    LEFT JOIN projects_event e ON e.id = s.event_id
    WHERE s.project_id = u.id AND (s.event_id IS NULL OR e.status = 'published')
) AS first FROM unnest(ids) AS u(id)) d
        WHERE p.id = d.id AND p.first_signed_on IS DISTINCT FROM d.first;
    END $$
"""
FORWARD = [
    REFRESH,
    "ALTER FUNCTION projects_project_first_signed_on() SET plan_cache_mode = force_custom_plan",
]
BACKWARD = [
    REFRESH_BEFORE,
    "ALTER FUNCTION projects_project_first_signed_on() RESET ALL",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("projects", "0013_list_orderings_read_from_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
