"""gunicorn.conf.py, as the README's production command reads it."""

import gc
import os
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


@pytest.fixture
def config(monkeypatch):
    """gunicorn's settings after reading the file with the given environment, as gunicorn
    does (each value through gunicorn's own validation)."""

    def read(**env):
        for name in [name for name in os.environ if name.startswith("GUNICORN_")]:
            monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        result = Config()
        for name, value in runpy.run_path(str(CONF)).items():
            if name in result.settings:
                result.set(name, value)
        return result

    return read


def test_defaults_suit_one_small_server(config):
    found = config()
    assert found.bind == ["127.0.0.1:8000"]
    assert found.workers >= 2
    assert found.timeout == 30
    assert found.worker_class_str == "sync"
    assert "%(M)sms" in found.access_log_format  # the response time of every request


def test_workers_timeout_and_address_come_from_the_environment(config):
    found = config(GUNICORN_BIND="0.0.0.0:8001", GUNICORN_WORKERS="3", GUNICORN_TIMEOUT="45")
    assert (found.bind, found.workers, found.timeout) == (["0.0.0.0:8001"], 3, 45)


def test_two_instances_share_no_control_socket(config):
    assert config().control_socket_disable
    own = config(GUNICORN_CONTROL_SOCKET="/run/jlsite/blue.ctl")
    assert not own.control_socket_disable
    assert own.control_socket == "/run/jlsite/blue.ctl"


def test_the_access_log_goes_to_standard_output_unless_turned_off(config):
    assert config().accesslog == "-"
    assert config(GUNICORN_ACCESS_LOG="off").accesslog is None


def test_a_worker_freezes_what_it_loaded_before_serving(config):
    """The full garbage collections skip the objects the app loads (tested here on those of
    the test run): they paused a request for 190 ms every few hundred."""
    try:
        config().post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_a_worker_knows_the_sites_names_before_its_first_search(config, monkeypatch):
    """Names join the word dictionary when the worker starts, not during a citizen's search.
    (A name of its own: a dictionary keeps the words it was given.)"""
    from search import indexing, query
    from tests.projects.factories import CompanyFactory

    for module in (indexing, query):  # not yet
        monkeypatch.setattr(module, "load_vocabulary", lambda force=False: None)
    CompanyFactory(name="霁川砺石")
    assert query.parse("霁川砺石").groups[0][0] != ["霁川砺石"]
    monkeypatch.undo()
    monkeypatch.setitem(indexing._vocabulary, "at", None)
    try:
        config().post_worker_init(worker=None)
    finally:
        gc.unfreeze()
    monkeypatch.setattr(query, "load_vocabulary", lambda force=False: None)  # no search's
    assert query.parse("霁川砺石").groups[0][0] == ["霁川砺石"]


def logged_line(config, tmp_path, uri):
    """The line gunicorn, configured by gunicorn.conf.py, writes for a GET of `uri`."""
    log = tmp_path / "access.log"
    found = config(GUNICORN_ACCESS_LOG=str(log))
    logger = found.logger_class(found)
    path, _, query = uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_USER_AGENT": "test",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=1234)
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    return log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "uri, kept",
    [
        ("/search/?q=%E5%A5%A5%E8%BF%AA&type=project&page=2", "/search/?q=-&type=project&page=2"),
        ("/en/search/suggest/?q=audi", "/en/search/suggest/?q=-"),
        ("/projects/?region=changchun&q=%E6%B1%BD%E8%BD%A6", "/projects/?region=changchun&q=-"),
    ],
)
def test_the_access_log_does_not_tie_the_words_searched_to_who_searched(
    config, tmp_path, uri, kept
):
    """The search log keeps the words without the address (search.QueryLog); the access log
    keeps the address and the page, not the words."""
    line = logged_line(config, tmp_path, uri)
    assert line.startswith("10.1.2.3 ")
    assert f'"GET {kept} HTTP/1.1" 200 1234 12ms' in line
    assert "%E5" not in line and "audi" not in line


def test_the_access_log_keeps_other_parameters_as_they_came(config, tmp_path):
    line = logged_line(config, tmp_path, "/projects/?sort=amount&faq=1&page=3")
    assert '"GET /projects/?sort=amount&faq=1&page=3 HTTP/1.1"' in line
