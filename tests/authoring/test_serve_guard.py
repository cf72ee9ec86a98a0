"""The preview server's guard: security headers on every answer, a deadline for slow requests, a clean SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from conftest import ROOT, write_project

from clinicdocs.authoring.guard import REQUEST_SECONDS, page_policy

GOOD = "---\ntitle: Guard\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Walking\n\nWalk every day.\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exchange(port: int, request: bytes, wait: float = 15.0) -> bytes:
    """Send raw bytes and return everything the server answers until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


def headers(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, dict[str, str]]:
    """Return the status and headers of a GET (lower-case names)."""
    head = exchange(port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()).split(b"\r\n\r\n")[0].decode("latin-1")
    lines = head.split("\r\n")
    return int(lines[0].split()[1]), {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """Start `serve` with its own temporary folder; yield (process, port, temporary folder)."""
    root = write_project(tmp_path_factory.mktemp("guard"), {"source/doc.md": GOOD})
    temporary = root / "tmp"
    temporary.mkdir()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "TMPDIR": str(temporary)}
    process = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "serve", "--only", "guide", "--port", str(port)],
                               cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if b"/pages/" in exchange(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"):
                break
        except OSError:
            pass
        time.sleep(0.2)
    yield process, port, temporary
    if process.poll() is None:
        process.kill()
        process.wait(timeout=30)


@pytest.mark.parametrize(("path", "host", "status"), [("/", "127.0.0.1", 200), ("/out/nothing.pdf", "localhost", 404), ("/", "evil.example", 400)])
def test_every_answer_carries_the_security_headers(server, path, host, status):
    _, port, _ = server
    got, found = headers(port, path, host)
    assert got == status
    assert found["x-content-type-options"] == "nosniff" and found["referrer-policy"] == "no-referrer"
    policy = found["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy and "unsafe-eval" not in policy
    if path == "/" and status == 200:
        assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy


def test_the_page_policy_allows_exactly_its_own_inline_code():
    policy = page_policy("<style>a{}</style><script>go()</script><script>more()</script>")
    assert policy.count("'sha256-") == 3 and "script-src 'sha256-" in policy
    assert "script-src 'none'" in page_policy("<p>no script</p>")


def test_a_request_never_completed_is_closed_and_a_stream_is_not(server):
    _, port, _ = server
    started = time.monotonic()
    assert exchange(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", wait=REQUEST_SECONDS * 4) == b""  # closed, not timed out by us
    assert time.monotonic() - started < REQUEST_SECONDS * 4
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_SECONDS * 4) as stream:
        stream.sendall(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        first = stream.recv(65536)
        time.sleep(REQUEST_SECONDS + 1)
        stream.setblocking(False)
        try:
            peeked = stream.recv(1, socket.MSG_PEEK)  # b"" once the server has closed it
        except BlockingIOError:
            peeked = b"open, nothing new to say"
        assert b"200 OK" in first and peeked != b""  # the deadline never cuts a response under way


def test_sigterm_stops_cleanly_with_the_closing_line_and_no_temporary_folder(server):
    process, _, temporary = server
    process.send_signal(signal.SIGTERM)
    output = process.communicate(timeout=30)[0].decode()
    assert process.returncode == 0, output
    assert output.strip().endswith("stopped serving") and "Traceback" not in output
    assert not [p.name for p in temporary.iterdir() if p.name.startswith("weasyprint")]
