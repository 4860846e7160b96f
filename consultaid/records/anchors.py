"""The chain's head, written outside the database, so a rewritten chain can be told apart.

At each finalize and beside each backup the head (rows, last id, hash) is appended to an
owner-only file next to the backups, `backups/<database name>.anchors`, and to the app's log.
`check` compares the database's chain with every anchor it finds: a chain recomputed from the
start no longer has the hash an earlier anchor saw at that row.

A restore writes a line too: anchors written before it describe the file that was replaced, so
they are kept but no longer compared. This stops honest restores reading as tampering; someone
who can write both the database and this file can still hide a change, as README "Your data" says.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from consultaid.logs import log
from consultaid.records import chain

SUFFIX = ".anchors"
LOG_MARK = "chain anchor "


@dataclass(frozen=True)
class Anchor:
    at: str
    reason: str
    rows: int
    last_id: int
    hash: str
    source: str


def anchor_file(db_path: Path) -> Path:
    """`backups/<name>.anchors` beside the database (where its automatic backups go)."""
    db = db_path.expanduser().absolute()
    return db.parent / "backups" / f"{db.name}{SUFFIX}"


def _line(db_path: Path, reason: str, head: chain.Head | None) -> str:
    entry: dict[str, object] = {
        "db": str(db_path.expanduser().absolute()),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "reason": reason,
    }
    if head is not None:
        entry |= {"rows": head.rows, "last_id": head.last_id, "hash": head.hash}
    return json.dumps(entry, sort_keys=True)


def write(db_path: Path, reason: str, head: chain.Head | None) -> None:
    """Append an anchor (or, with no head, a restore mark). Best effort: an anchor that cannot be
    written (a full or read-only disk) must not undo the finalize that asked for it; the chain
    in the file still holds, and the next anchor covers this one's rows."""
    line = _line(db_path, reason, head)
    log.info("%s%s", LOG_MARK, line)
    path = anchor_file(db_path)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.name == "posix":
            os.chmod(path, 0o600)


def read(db_path: Path, log_folder: Path | None = None) -> list[Anchor]:
    """This database's anchors still in force (after its last restore), from the file and log."""
    db = str(db_path.expanduser().absolute())
    texts: list[tuple[str, str]] = []
    with contextlib.suppress(OSError):
        source = str(anchor_file(db_path))
        texts += [(line, source) for line in anchor_file(db_path).read_text().splitlines()]
    if log_folder is not None:
        texts += list(_log_lines(log_folder))
    entries = []
    for text, source in texts:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            entry = json.loads(text)
            if entry.get("db") == db:
                entries.append((str(entry["at"]), entry, source))
    entries.sort(key=lambda e: e[0])
    anchors: list[Anchor] = []
    for at, entry, source in entries:
        if "hash" not in entry:  # a restore: what came before described another file
            anchors = []
            continue
        with contextlib.suppress(ValueError, TypeError, KeyError):
            anchors.append(
                Anchor(
                    at,
                    str(entry["reason"]),
                    int(entry["rows"]),
                    int(entry["last_id"]),
                    str(entry["hash"]),
                    source,
                )
            )
    return anchors


def _log_lines(folder: Path) -> Iterable[tuple[str, str]]:
    for path in sorted(folder.glob("consultaid.log*")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            for line in path.read_text(encoding="utf-8").splitlines():
                at = line.find(LOG_MARK)
                if at >= 0:
                    yield line[at + len(LOG_MARK) :], str(path)


def problems(conn: sqlite3.Connection, anchors: Iterable[Anchor]) -> list[str]:
    """A sentence for each anchor the database's chain no longer agrees with."""
    found = []
    for anchor in anchors:
        seen = chain.hash_at(conn, anchor.last_id)
        if seen is None:
            found.append(
                f"The audit log is shorter than it was on {anchor.at} ({anchor.reason}): "
                f"row {anchor.last_id} is gone, so rows were removed."
            )
        elif seen != (anchor.rows, anchor.hash):
            found.append(
                f"The audit log differs from the copy of its head written on {anchor.at} "
                f"({anchor.reason}) at row {anchor.last_id}: it was rewritten."
            )
    return found
