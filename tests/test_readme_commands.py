import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_make_targets():
    commands = re.findall(r"^make (\S+)", (REPO / "README.md").read_text(encoding="utf-8"), re.M)
    return set(commands)


def test_readme_shows_run_and_test_first():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make run" in first_block
    assert "make test" in first_block


def test_every_make_command_in_the_readme_is_a_makefile_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    assert {"run", "test"} <= readme_make_targets() <= targets


def test_make_run_migrates_loads_the_demo_and_serves_on_port_8000():
    plan = subprocess.run(
        ["make", "-n", "run", "PYTHON=python3"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    assert "manage.py migrate" in plan
    assert "manage.py load_demo" in plan
    assert "createsuperuser" in plan
    assert "runserver 127.0.0.1:8000" in plan


def test_ci_runs_the_readme_test_command_on_both_databases():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.count("make test") == 2
    assert re.search(r"DATABASE_URL=\"?postgres://\S+\s+make test", ci)
    assert "makemigrations --check" in ci
    assert "ruff check" in ci
