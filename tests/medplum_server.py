"""The `fhir_server` fixture: a real FHIR R4 implementation on loopback for the end-to-end tests.

tests/fhir_server/server.mjs serves Medplum's FHIR router and validator in memory; this plugin
installs its packages when they are missing (`npm ci`, which also brings Node 22), starts it once
per session with a random bearer token and stops it at the end. Every test that uses the fixture
is marked `slow`. (Named apart from tests/fhir_server/, the Node package, so neither shadows the
other on import.)
"""

from __future__ import annotations

import os
import secrets
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_DIR = Path(__file__).parent / "fhir_server"
NODE = SERVER_DIR / "node_modules" / ".bin" / "node"
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class FhirServer:
    """Where the running server answers, and the token it wants."""

    base_url: str
    token: str
    pid: int


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`slow` on every test that starts (or shares) the Node server."""
    for item in items:
        if "fhir_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def _installed() -> bool:
    """node_modules is there and no older than the lock file it was installed from."""
    marker = SERVER_DIR / "node_modules" / ".package-lock.json"
    lock = SERVER_DIR / "package-lock.json"
    return NODE.exists() and marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime


def _install() -> None:
    """`npm ci` once, even when two test runs on this machine ask at the same time."""
    if _installed():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed; the FHIR end-to-end tests need Node.js and npm")
    import fcntl

    with (SERVER_DIR / "package.json").open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed():
            return
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=SERVER_DIR,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if done.returncode != 0 or not NODE.exists():
        pytest.fail(
            f"npm ci in {SERVER_DIR} failed; run it by hand to see why:\n{done.stderr[-2000:]}"
        )


def _wait_for_port(process: subprocess.Popen[bytes], log: Path) -> int:
    """The port from the server's first line, "LISTENING <port>"."""
    assert process.stdout is not None
    line = b""
    deadline = time.monotonic() + START_TIMEOUT
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        ready, _, _ = select.select([process.stdout], [], [], max(left, 0))
        chunk = os.read(process.stdout.fileno(), 256) if ready else b""
        if not chunk:
            process.kill()
            process.wait()
            raise RuntimeError(
                f"The test FHIR server did not start (exit {process.returncode}):\n"
                f"{log.read_text(errors='replace')[-2000:]}"
            )
        line += chunk
    word, port = line.decode().split()[:2]
    assert word == "LISTENING", line
    return int(port)


@pytest.fixture(scope="session")
def fhir_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FhirServer]:
    """Medplum's FHIR router on 127.0.0.1 at /fhir/R4, empty at the start of the session."""
    _install()
    token = secrets.token_urlsafe(24)
    log = tmp_path_factory.mktemp("fhir-server") / "stderr.txt"
    with log.open("wb") as stderr:
        # stdin stays an open pipe: the server ends when it closes, even if pytest is killed.
        process = subprocess.Popen(
            [str(NODE), "server.mjs", "0", token],
            cwd=SERVER_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
    try:
        port = _wait_for_port(process, log)
        yield FhirServer(f"http://127.0.0.1:{port}/fhir/R4", token, process.pid)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
