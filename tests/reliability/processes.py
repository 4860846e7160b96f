"""Running ConsultAid and the editor as separate processes, as a clinic's machine would."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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
