"""Running ConsultAid and the editor as separate processes, as a clinic's machine would, and
waiting for them with a deadline: a child that hangs fails its test instead of hanging the run."""

from __future__ import annotations

import hashlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}


def consultaid(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m consultaid ARGS`, as the user would type it."""
    return subprocess.run(
        [sys.executable, "-m", "consultaid", *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
        timeout=timeout,
    )


def editor_command(*args: str | Path) -> list[str]:
    """The command line of `tests/reliability/editor.py`, the app stand-in."""
    return [sys.executable, "-m", "tests.reliability.editor", *map(str, args)]


def read_line(child: subprocess.Popen[str], what: str, timeout: float = 60) -> str:
    """The child's next line of output; if none comes within `timeout` seconds, the child is
    killed and the test fails, saying what it waited for."""
    stdout = child.stdout
    assert stdout is not None, "the child's stdout is not a pipe"
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        child.kill()  # ends the reader too: its readline sees the end of the pipe
        raise AssertionError(f"waited {timeout:g} s for {what}") from None


def wait_until(
    condition: Callable[[], object],
    what: str,
    *,
    child: subprocess.Popen | None = None,
    timeout: float = 60,
    interval: float = 0.01,
) -> None:
    """Poll `condition` until it is true; fail after `timeout` seconds, or at once if `child`
    exits first (it would never come true)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if child is not None and child.poll() is not None:
            raise AssertionError(f"the child exited ({child.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(interval)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_sentence_error(result: subprocess.CompletedProcess[str]) -> str:
    """The message of a command that failed as it should: exit 1, one line, no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == "", result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("consultaid: "), lines[0]
    return lines[0].removeprefix("consultaid: ")
