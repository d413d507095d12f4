"""A client that keeps its connection open must not hold a gunicorn sync worker
(serving/closing.py), and a response must still reach a client whose request was not read to
the end."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from serving.closing import close_connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def connection():
    """(server side, client side) of a TCP connection on loopback."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    yield server, client
    client.close()
    server.close()


def close_in_thread(sock):
    thread = threading.Thread(target=close_connection, args=(sock,), daemon=True)
    thread.start()
    return thread


def test_with_nothing_unread_the_worker_closes_without_waiting_for_the_client(connection):
    server, client = connection
    client.sendall(b"GET / HTTP/1.1\r\n\r\n")
    server.recv(1024)  # the app read the whole request
    server.sendall(b"hello")
    closing = close_in_thread(server)
    closing.join(timeout=1)  # gunicorn's own close waits 2 s for the client to close first
    assert not closing.is_alive()
    client.settimeout(5)
    assert client.recv(100) == b"hello"
    assert client.recv(100) == b""  # an orderly end, with the client's socket still open


def test_an_unread_request_body_is_drained_so_the_response_is_not_reset(connection):
    server, client = connection
    client.sendall(b"POST /upload HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + b"x" * 5000)
    time.sleep(0.1)  # the body has arrived; the app answers without reading it
    server.sendall(b"HTTP/1.1 413 Payload Too Large\r\n\r\n")
    closing = close_in_thread(server)
    time.sleep(0.2)  # a plain close would have sent RST by now, destroying the answer
    client.settimeout(5)
    received = b""
    while chunk := client.recv(100):
        received += chunk
    assert received == b"HTTP/1.1 413 Payload Too Large\r\n\r\n"
    client.close()
    closing.join(timeout=5)
    assert not closing.is_alive()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_answer(sock):
    answer = b""
    while not answer.endswith(b"hello") and (chunk := sock.recv(1024)):
        answer += chunk
    return answer


def get(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        return read_answer(sock)


def test_gunicorn_conf_keeps_a_worker_free_of_clients_that_do_not_close():
    port = free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1",
           "GUNICORN_ACCESS_LOG": "off"}  # fmt: skip
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "tests.serving.hello_wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.1)
        rude = socket.create_connection(("127.0.0.1", port), timeout=5)
        rude.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answer(rude).endswith(b"hello")  # read, and the socket left open
        started = time.monotonic()
        assert get(port).endswith(b"hello")
        # The only worker answered the next client while the first still held its socket
        # (gunicorn's own close would have kept it for 2 s).
        assert time.monotonic() - started < 1
        rude.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
