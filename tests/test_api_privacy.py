"""Birth data never reaches a log line: not in-process (every logger at DEBUG), and not from a
real ``bazi serve`` on a loopback port (its stdout and stderr). The access log that is there
names the method, the path and the status."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

import httpx2
from fastapi.testclient import TestClient

from api.main import app

BIRTH = {"datetime": "1987-03-14T06:45", "tz": "Asia/Shanghai"}
# Every piece of the birth above that a log line could carry, the place included.
SECRETS = ("1987-03-14", "1987", "03-14", "06:45", "06%3A45", "Asia/Shanghai", "Shanghai")
LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "bazi", "bazi.api", "fastapi")
# The test's own HTTP client logs the URL it requests, query string and all: that is the
# caller's log, not the server's, so it is left out of what is checked.
CLIENT_LOGGERS = ("httpx", "httpx2", "httpcore", "httpcore2")


def _requests(call: Callable[..., Any]) -> list[int]:
    """A chart by GET and by POST, a batch, refusals of each kind, a body over the limit, a
    check and an unreadable claim (whose error repeats it)."""
    answers = [
        call("GET", "/v1/chart", params=BIRTH),
        call("POST", "/v1/chart", json={**BIRTH, "gender": "female"}),
        call("POST", "/v1/charts", json={"items": [BIRTH, {**BIRTH, "tz": "Nowhere/Land"}]}),
        call("GET", "/v1/chart", params={**BIRTH, "tz": "Nowhere/Land"}),
        call("GET", "/v1/chart", params={"datetime": BIRTH["datetime"]}),
        call("POST", "/v1/chart", json={**BIRTH, "fold": 7}),
        call("POST", "/v1/chart", content=b'{"datetime": "1987-03-14T06:45", "tz": '),
        call("GET", "/v1/lunar", params={"date": "1987-03-14"}),
        call("POST", "/v1/chart", content=_oversized()),
        call("POST", "/v1/check", json={**BIRTH, "claim": "丁卯 癸卯 壬午 癸卯"}),
        call("POST", "/v1/check", json={**BIRTH, "claim": "1987-03-14 06:45 Shanghai"}),
    ]
    return [r.status_code for r in answers]


# What the server itself writes that could match a secret by chance ("1987" in a pid, a port
# or a duration, "03-14" in today's date, "06:45" in the time of day) is masked first.
NOISE = re.compile(
    r"^20\d\d-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?"  # a leading timestamp
    r"|(?<=process \[)\d+(?=\])"  # "Started server process [1234]"
    r"|(?<=127\.0\.0\.1:)\d+"  # the port
    r"|\b\d+\.\dms$"  # the access log's duration
)


def _oversized() -> Iterator[bytes]:
    """A body of over 2 MB, sent in chunks with no Content-Length."""
    yield b'{"datetime": "1987-03-14T06:45", "tz": "Asia/Shanghai", "note": "'
    for _ in range(40):
        yield b"x" * 65536
    yield b'"}'


def _assert_private(lines: list[str]) -> None:
    leaks = [line for line in lines if any(s in NOISE.sub("#", line) for s in SECRETS)]
    assert not leaks, f"birth data in the log: {leaks}"


def test_no_birth_data_in_any_log_record(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    with TestClient(app) as client:
        statuses = _requests(client.request)
    assert statuses == [200, 200, 200, 422, 422, 422, 422, 200, 413, 200, 422]

    records = [r for r in caplog.records if r.name.split(".")[0] not in CLIENT_LOGGERS]
    assert records, "nothing was logged at all"
    _assert_private([r.getMessage() for r in records])
    _assert_private([f"{r.args!r} {r.exc_text or ''} {r.stack_info or ''}" for r in records])

    access = [r.getMessage() for r in records if r.name == "bazi.api"]
    assert "GET /v1/chart 200" in " | ".join(access)
    assert "POST /v1/chart 200" in " | ".join(access)
    assert "POST /v1/chart 422" in " | ".join(access)
    assert "GET /v1/chart 422" in " | ".join(access)
    assert "POST /v1/charts 200" in " | ".join(access)
    assert "POST /v1/chart 413" in " | ".join(access)


def test_a_streamed_body_over_the_limit_is_413() -> None:
    """Counted as it arrives, without a Content-Length, and answered like a declared one
    (FastAPI used to turn the limit into a 400 while reading the body)."""
    with TestClient(app) as client:
        r = client.post("/v1/chart", content=_oversized())
        assert r.status_code == 413
        assert r.json() == {
            "detail": [
                {"loc": ["body"], "msg": "request body over 2097152 bytes", "type": "too_large"}
            ]
        }
        declared = client.post("/v1/chart", content=b"".join(_oversized()))
        assert declared.status_code == 413 and declared.json() == r.json()
        chunks = iter([b'{"datetime": "1990-05-17T10:30",', b' "tz": "Asia/Shanghai"}'])
        json = {"content-type": "application/json"}
        small = client.post("/v1/chart", content=chunks, headers=json)
        assert small.status_code == 200 and small.json()["text"] == "庚午 辛巳 壬午 乙巳"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve_command() -> list[str]:
    """``bazi serve`` through its console script when it is installed beside this Python,
    else through the same entry point function."""
    script = Path(sys.executable).with_name("bazi")
    args = ["serve", "--host", "127.0.0.1", "--port", "{port}"]
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "import sys, bazi.cli; sys.exit(bazi.cli.main())", *args]


@contextmanager
def _running(command: list[str], logs: Path) -> Iterator[tuple[str, Callable[[], list[str]]]]:
    """Run a server ``command`` (with ``{port}`` filled in with a free loopback port) until
    it answers ``/healthz``; yield its base URL and a function that stops it and returns the
    lines of its stdout and stderr."""
    port = _free_port()
    out, err = logs / "stdout.txt", logs / "stderr.txt"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    argv = [a.format(port=port) for a in command]
    with out.open("wb") as o, err.open("wb") as e:
        process = subprocess.Popen(argv, stdout=o, stderr=e, stdin=subprocess.DEVNULL, env=env)

    def stop() -> list[str]:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # a graceful shutdown flushes the logs
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        return (out.read_text(errors="replace") + err.read_text(errors="replace")).splitlines()

    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"{argv} exited with {process.returncode}: {stop()[-20:]}")
            try:
                if httpx2.get(f"{base}/healthz", timeout=1).status_code < 500:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{argv} did not answer on {base} within 30 s: {stop()[-20:]}")
            time.sleep(0.1)
        yield base, stop
    finally:
        stop()


UVICORN = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1"]


@pytest.mark.parametrize(
    "command",
    [
        _serve_command(),
        [*UVICORN, "--port", "{port}"],
        [*UVICORN, "--port", "{port}", "--log-level", "debug"],
    ],
    ids=["bazi serve", "uvicorn api.main:app", "uvicorn --log-level debug"],
)
def test_no_birth_data_in_the_server_output(tmp_path: Path, command: list[str]) -> None:
    """However the app is started, as documented, its output holds no birth data: the app
    itself switches uvicorn's access log off and logs routes without their query."""
    with _running(command, tmp_path) as (base, stop):
        with httpx2.Client(base_url=base, timeout=30) as client:
            statuses = _requests(client.request)
            client.get("/v1/chart%0aGET%20/forged%20200", params=BIRTH)  # a forged line
        lines = stop()
    assert statuses == [200, 200, 200, 422, 422, 422, 422, 200, 413, 200, 422]
    assert lines, "the server wrote nothing at all"
    _assert_private(lines)
    assert not any("forged" in line for line in lines), lines

    access = [line for line in lines if "/v1/chart" in line]
    assert any("GET /v1/chart 200" in line for line in access), lines
    assert any("POST /v1/chart 200" in line for line in access), lines
    assert any("GET /v1/chart 422" in line for line in access), lines
    assert any("POST /v1/chart 422" in line for line in access), lines
    assert any("POST /v1/charts 200" in line for line in access), lines
    assert any("POST /v1/chart 413" in line for line in access), lines
    assert any("GET (no route) 404" in line for line in lines), lines


def test_the_check_sees_a_leak(tmp_path: Path) -> None:
    """The same check on uvicorn serving an app that does not switch its access log off
    (an empty Starlette app, answering 404), whose access log prints the query, fails."""
    empty = [sys.executable, "-m", "uvicorn", "--factory", "starlette.applications:Starlette"]
    with _running([*empty, "--host", "127.0.0.1", "--port", "{port}"], tmp_path) as (base, stop):
        httpx2.get(f"{base}/v1/chart", params=BIRTH, timeout=30)
        lines = stop()
    with pytest.raises(AssertionError, match="1987-03-14"):
        _assert_private(lines)


def test_the_access_log_follows_uvicorns_log_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """``uvicorn api.main:app --log-level warning`` sets the level on ``uvicorn.error``
    (its ``uvicorn`` logger stays at INFO): the app's own access lines follow it."""
    from api.privacy import log, silence_access_log

    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # nothing else shows the log
    monkeypatch.setattr(log, "handlers", [])
    monkeypatch.setattr(log, "level", log.level)
    error_log = logging.getLogger("uvicorn.error")
    monkeypatch.setattr(error_log, "level", error_log.level)
    for level in (logging.WARNING, logging.INFO, logging.NOTSET):
        error_log.setLevel(level)
        silence_access_log()
        assert len(log.handlers) == 1  # added once, however often it runs
        assert log.level == (level or logging.INFO)
    assert logging.getLogger("uvicorn.access").disabled
