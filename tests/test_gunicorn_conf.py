"""gunicorn.conf.py, as the README's production command reads it."""

import os
import runpy
from pathlib import Path

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
    import gc

    try:
        config().post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
