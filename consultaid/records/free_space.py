"""Room on the disk: a full disk is refused in a sentence before SQLite could die of it."""

from __future__ import annotations

import os
from pathlib import Path

from consultaid.errors import DatabaseError

# SQLite maps a WAL database's index (the -shm file, 32 KiB at a time) into memory, allocating it
# by writing one byte per 4 KiB page. On a filesystem with smaller blocks the rest of each page
# stays a hole, and when the disk is full, filling that hole through the mapping is a SIGBUS that
# kills the process without a word. So a disk with less than this free is refused first, in a
# sentence. (No connection uses `PRAGMA mmap_size`: the database file itself is never mapped.)
MIN_FREE_BYTES = 256 * 1024


class DiskFullError(DatabaseError):
    """Too little room left beside the file to open it safely."""


def ensure_room(path: Path) -> None:
    """Refuse, in a sentence, to open `path` on a full (or nearly full) disk."""
    try:
        free = os.statvfs(path.expanduser().absolute().parent)
    except (OSError, AttributeError):  # no such folder yet, or no statvfs (Windows)
        return
    if free.f_bavail * free.f_frsize < MIN_FREE_BYTES:
        raise DiskFullError(
            f"ConsultAid cannot open {path} because the disk is full; free some space and try "
            "again."
        )
