"""The access log keeps who asked for which page, not what they searched for."""

import importlib.util
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]


def gunicorn_settings():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def logged_line(tmp_path, uri, referer="-"):
    """The line gunicorn, configured by gunicorn.conf.py, writes for a GET of `uri`."""
    settings = gunicorn_settings()
    config = Config()
    log = tmp_path / "access.log"
    config.set("accesslog", str(log))
    config.set("access_log_format", settings.access_log_format)
    config.set("logger_class", settings.logger_class)
    logger = config.logger_class(config)
    path, _, query = uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_USER_AGENT": "test",
        "HTTP_REFERER": referer,
    }
    request = SimpleNamespace(headers=[("REFERER", referer)])
    response = SimpleNamespace(status="200 OK", headers=[], sent=1234)
    logger.access(response, request, environ, timedelta(milliseconds=12))
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
def test_the_words_searched_for_are_not_tied_to_the_address_that_searched(tmp_path, uri, kept):
    line = logged_line(tmp_path, uri)
    assert line.startswith("10.1.2.3 ")  # who asked, and for which page, stay
    assert f'"GET {kept} HTTP/1.1" 200 1234 12ms' in line
    assert "%E5" not in line and "audi" not in line


def test_other_parameters_are_logged_as_they_came(tmp_path):
    line = logged_line(tmp_path, "/projects/?sort=amount&faq=1&page=3")
    assert '"GET /projects/?sort=amount&faq=1&page=3 HTTP/1.1"' in line
