"""Every transactional test puts the database back (serialized_rollback).

A plain flush after a transactional test re-creates the roles with new ids through post_migrate;
the next test that restores the database then fails on auth_group.name, depending on the order
the tests happened to run in.
"""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
MARK = re.compile(r"django_db\(([^)]*transaction=True[^)]*)\)")


def test_every_transactional_test_restores_the_database():
    bare = [
        f"{path.relative_to(TESTS)}: {match.group(0)}"
        for path in TESTS.rglob("*.py")
        for match in MARK.finditer(path.read_text(encoding="utf-8"))
        if "serialized_rollback=True" not in match.group(1)
    ]
    assert bare == []
