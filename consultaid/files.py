"""Writing a file the safe way: all of it or nothing, owner-only, and a clear sentence when it
cannot be.

Every file the app writes can hold a patient's details, so it is readable by its owner only (0600
on POSIX), whatever the umask.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from consultaid.errors import ConsultAidError

PRIVATE = 0o600


def write_atomically(path: Path, data: bytes) -> None:
    """Write to an owner-only temporary file beside `path`, flush it to disk, rename it into
    place, then flush the folder, so the new name survives a power cut too."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as f:
                _make_private(f.fileno())
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        sync_folder(path.parent)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConsultAidError(
            f"Cannot write {path} ({reason}). Choose a folder that exists and you can write to."
        ) from None


def prepare_private(path: Path) -> None:
    """Make `path` an owner-only file before another library (a printer writing a PDF) fills
    it: that library truncates and writes the file, and the file keeps its mode. If the file
    cannot be made, the library fails too, and says so."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE)
    except OSError:
        return
    try:
        _make_private(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (a no-op where folders cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _make_private(fd: int) -> None:
    if os.name == "posix":
        os.fchmod(fd, PRIVATE)
