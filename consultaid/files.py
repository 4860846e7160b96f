"""Writing a file the safe way: all of it or nothing, and a clear sentence when it cannot be."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from consultaid.errors import ConsultAidError


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConsultAidError(
            f"Cannot write {path} ({reason}). Choose a folder that exists and you can write to."
        ) from None
