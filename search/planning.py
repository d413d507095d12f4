"""Planner methods turned off for a few statements whose best plan PostgreSQL cannot judge
(it has no statistics of the text it matches)."""

from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def without(alias, *methods):
    """The statements run inside are planned with these planner methods off (`enable_sort`,
    `enable_seqscan`, ...) on PostgreSQL; elsewhere nothing changes."""
    database = connections[alias]
    if database.vendor != "postgresql":
        yield
        return
    enclosed = database.in_atomic_block
    with transaction.atomic(using=alias), database.cursor() as cursor:
        for method in methods:
            cursor.execute(f"SET LOCAL {method} = off")
        yield
        if enclosed:  # SET LOCAL lasts until the enclosing transaction ends
            for method in methods:
                cursor.execute(f"RESET {method}")
