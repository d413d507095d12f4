"""The Nu HTML Checker (vnu.jar) reports no error on any public page (tests.public_pages.PAGES).

The pages are fetched with Django's test client, saved, and checked in one run of the checker.
Skipped when Java or vnu.jar is missing: `apt-get install default-jre-headless` and `make vnu`
(or VNU_JAR=/path/to/vnu.jar).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.jlsite.conftest import demo_data
from tests.public_pages import PAGES, resolve_pages

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def vnu_command():
    java = shutil.which("java")
    jars = [Path(os.environ["VNU_JAR"])] if os.environ.get("VNU_JAR") else []
    jars += sorted(REPO.glob(".tools/vnu-*/vnu.jar"), reverse=True)
    jar = next((j for j in jars if j.is_file()), None)
    if not java or not jar:
        pytest.skip("the Nu HTML Checker needs Java and vnu.jar (make vnu)")
    return [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker, tmp_path_factory):
    """{page name: the checker's errors on it}, or None for a page the demo data lacks."""
    command = vnu_command()
    folder = tmp_path_factory.mktemp("pages")
    files = {}
    with django_db_blocker.unblock(), demo_data():
        client = Client()
        for name, path in resolve_pages().items():
            if path is None:
                continue
            response = client.get(path)
            assert response.status_code in (200, 404), (path, response.status_code)
            files[name] = folder / f"{name}.html"
            files[name].write_bytes(response.content)
    result = subprocess.run(
        [*command, *map(str, files.values())], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stderr)["messages"]
    errors = {name: [] for name in files}
    for message in messages:
        if message["type"] in ("error", "non-document-error"):
            # The checker names a file "file:/tmp/…/home.html".
            name = Path(urlsplit(message.get("url", "")).path).stem
            assert name in errors, message
            errors[name].append(
                f"{message.get('lastLine', '?')}: {message['message']} «{message.get('extract', '')}»"
            )
    return {name: errors.get(name) for name in PAGES}


@pytest.mark.parametrize("name", PAGES)
def test_the_nu_html_checker_finds_no_error(checked, name):
    if checked[name] is None:
        pytest.skip(f"the demo data has no {name} page")
    assert checked[name] == []
