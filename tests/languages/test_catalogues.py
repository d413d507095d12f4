"""Every translation catalogue compiles: `compilemessages` runs `msgfmt --check`, which fails on
a msgstr that drops or adds a placeholder of its msgid (one bad entry stops the whole deploy)."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
IGNORED = {".venv", ".git", "node_modules", ".tools"}


def catalogues():
    return sorted(
        path for path in REPO.rglob("*.po") if not IGNORED & set(path.relative_to(REPO).parts)
    )


def test_the_repository_has_catalogues():
    assert REPO / "locale/en/LC_MESSAGES/django.po" in catalogues()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("po", catalogues(), ids=lambda path: str(path.relative_to(REPO)))
def test_msgfmt_check_passes(po):
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert result.returncode == 0, "\n".join(errors)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("po", catalogues(), ids=lambda path: str(path.relative_to(REPO)))
def test_the_compiled_catalogue_is_up_to_date(po, tmp_path):
    """The committed .mo is what the .po compiles to (deploys use the .mo as committed)."""
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--output-file", str(compiled), str(po)], check=True)
    assert po.with_suffix(".mo").read_bytes() == compiled.read_bytes()
