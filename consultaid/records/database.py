"""Opening the SQLite file safely, and turning environment failures into one-sentence errors.

Opening never writes to a file it is going to refuse: the header is read with plain file I/O, then
the schema through a read-only connection, and only a file that is a ConsultAid database this code
understands is opened for writing (which switches it to WAL and may migrate it, after a copy).

A new database is built under a temporary name beside the target and linked into place only once
its schema is complete, so this code never leaves a zero-length or half-made file at the path.
That is why a zero-length file there is refused as damaged rather than treated as new: it is
something else's doing (a failed copy, a sync tool, a full disk), and quietly making a fresh
database in its place would make the records it should hold look deleted rather than missing.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from consultaid.errors import DatabaseError, InputError
from consultaid.records import migrations
from consultaid.records.free_space import ensure_room

T = TypeVar("T")
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 32 * 1024  # keeps a large patient list's search pages in memory (default is 2 MiB)
_MAGIC = b"SQLite format 3\x00"

# SQLite primary result codes (https://sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_PERM = 3

_MESSAGES: dict[int, str] = {
    _BUSY: (
        "The database file {path} is locked by another program; close other ConsultAid windows "
        "using it and try again."
    ),
    _FULL: "{path} cannot be written because the disk is full; free some space and try again.",
    _READONLY: (
        "The database file {path} cannot be written because it or its folder is read-only; make "
        "it writable or choose another file with --db."
    ),
    _CANTOPEN: (
        "The database file {path} cannot be opened; check that its folder exists and that you "
        "may read and write it, or choose another file with --db."
    ),
    _IOERR: (
        "The disk reported an error reading or writing {path}; check the disk, and restore from "
        "a backup (File → Restore from backup) if it happens again."
    ),
    _CORRUPT: (
        "The database file {path} is damaged or is not a ConsultAid database; restore it from a "
        "backup (File → Restore from backup) or choose another file with --db."
    ),
}
_MESSAGES[_LOCKED] = _MESSAGES[_BUSY]
_MESSAGES[_PERM] = _MESSAGES[_CANTOPEN]
_MESSAGES[_NOTADB] = _MESSAGES[_CORRUPT]


# A record number no row can have: SQLite's ids are 64-bit, and Python refuses to bind a larger one.
OUT_OF_RANGE = "There is no record with so large a number; check the number."


def _is_out_of_range(exc: BaseException) -> bool:
    return isinstance(exc, OverflowError) and "SQLite INTEGER" in str(exc)


def damaged(path: Path) -> DatabaseError:
    return DatabaseError(_MESSAGES[_CORRUPT].format(path=path))


def is_damage(exc: BaseException | None) -> bool:
    """True for SQLite's "the file is corrupt / not a database", as opposed to its surroundings."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (_CORRUPT, _NOTADB)


def is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (_BUSY, _LOCKED)


def environment_error(exc: BaseException, path: Path) -> DatabaseError | None:
    """The user-facing error for a failure of the disk or file, or None for a bug."""
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return DatabaseError(
            f"ConsultAid could not use {path} ({reason}); check the disk and the folder's "
            "permissions, or choose another file with --db."
        )
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or code is None:
        return None
    message = _MESSAGES.get(code & 0xFF)
    return DatabaseError(message.format(path=path)) if message else None


def open_connection(path: Path, *, create: bool) -> sqlite3.Connection:
    """A configured, migrated connection to the ConsultAid database at `path`."""
    try:
        ensure_room(path)
        return _open(path, create=create)
    except (sqlite3.Error, OSError) as exc:
        mapped = environment_error(exc, path)
        if mapped is None:
            raise
        raise mapped from exc


def _open(path: Path, *, create: bool) -> sqlite3.Connection:
    if not path.exists():
        if not create:
            raise DatabaseError(
                f"There is no database at {path}; check the path, or start ConsultAid once to "
                "create it."
            )
        _create(path)
    pending = _inspect(path)
    if pending:
        copy_aside(path, migrations.SCHEMA_VERSION)
    conn = _connect(path)
    try:
        pending = _judge(path, _state(conn))  # again: another window may have changed it since
        conn.execute("PRAGMA journal_mode = WAL")
        if pending:
            migrations.apply_all(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _create(path: Path) -> None:
    """Build a complete new database under a temporary name, then link it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(path)
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        create_private_file(tmp)
        conn = _connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrations.apply_all(conn)
        finally:
            conn.close()
        fsync_path(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another window created it first; open theirs
        except OSError:
            if not path.exists():  # a filesystem without hard links
                os.replace(tmp, path)
        fsync_path(path.parent)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


ABANDONED_AFTER_S = 600


def remove_abandoned_builds(path: Path) -> list[Path]:
    """Delete half-built databases a killed process left (`.<name>.new-*`, over 10 min old).

    They never held a record: a build is linked into place only once complete. The age keeps a
    build another window is making right now out of reach.
    """
    removed = []
    cutoff = time.time() - ABANDONED_AFTER_S
    for leftover in path.parent.glob(f".{path.name}.new-*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed.append(leftover)
    return removed


def inspect_file(path: Path, *, opens_next: bool = True) -> bool:
    """`_inspect` for callers that judge a file without opening it for writing (a backup).

    `opens_next`: the caller then opens a connection to it, which needs room beside it for
    SQLite's WAL index; a backup only read as an immutable file does not."""
    try:
        if opens_next:
            ensure_room(path)
        return _inspect(path)
    except (sqlite3.Error, OSError) as exc:
        mapped = environment_error(exc, path)
        if mapped is None:
            raise
        raise mapped from exc


def _inspect(path: Path) -> bool:
    """Refuse a damaged, foreign or newer file without writing to it; True if it needs migrating.

    With no WAL beside the file nobody has it open, so it is read as immutable, which creates no
    -wal or -shm files next to a file we may refuse. If it reads as damaged while a -wal or
    -journal is there (a window opened it meanwhile, and may be writing), a plain read-only
    connection, which sees that window's changes, has the last word; without one, that
    connection would only leave a -wal and -shm beside a file we refuse.
    """
    _check_header(path)
    wal, journal = Path(f"{path}-wal"), Path(f"{path}-journal")
    state = None
    if not wal.exists():
        state = _read_state(path, "mode=ro&immutable=1")
    if state is None and (wal.exists() or journal.exists()):
        state = _read_state(path, "mode=ro")
    if state is None:
        raise damaged(path)
    return _judge(path, state)


def _read_state(path: Path, params: str) -> tuple[int, list[str], int] | None:
    """The recorded version, this set's applied changes and the number of tables; None if the
    file reads as damaged."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{params}", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return _state(conn)
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF in (_CORRUPT, _NOTADB):  # type: ignore[attr-defined]
            return None
        raise
    finally:
        conn.close()


def _state(conn: sqlite3.Connection) -> tuple[int, list[str], int]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    applied = migrations.applied_names(conn)
    tables = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"
    ).fetchone()[0]
    return version, applied, tables


def _judge(path: Path, state: tuple[int, list[str], int]) -> bool:
    version, applied, tables = state
    known = migrations.CHANGES
    if version > len(known) or any(name not in known for name in applied):
        raise newer(path, max(version, len(applied)))
    if not applied and tables:
        raise damaged(path)
    return len(applied) < len(known)


class NewerDatabaseError(DatabaseError):
    """Written by a newer ConsultAid: refused, though not damaged (so a restore says "update")."""


def newer(path: Path, version: int) -> DatabaseError:
    return NewerDatabaseError(
        f"The database file {path} was written by a newer version of ConsultAid (schema {version}, "
        f"this version knows up to {migrations.SCHEMA_VERSION}); update ConsultAid, or choose "
        "another file with --db."
    )


def _check_header(path: Path) -> None:
    """What SQLite would not notice until a query touched the missing part."""
    size = path.stat().st_size
    with path.open("rb") as f:
        header = f.read(100)
    if size == 0 or len(header) < 100 or not header.startswith(_MAGIC):
        raise damaged(path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        raise damaged(path)
    header_pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[24:28] == header[92:96]
    wal = Path(f"{path}-wal")
    wal_has_pages = wal.exists() and wal.stat().st_size > 0
    if size_is_valid and header_pages * page_size > size and not wal_has_pages:
        raise damaged(path)
    if int.from_bytes(header[60:64], "big") > migrations.SCHEMA_VERSION:
        raise newer(path, int.from_bytes(header[60:64], "big"))


def _connect(path: Path) -> sqlite3.Connection:
    """A writable connection; explicit transactions only, shared by the Store's threads."""
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=rw",
        uri=True,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


def copy_aside(path: Path, target_version: int) -> Path:
    """Copy the file beside itself before a migration: `<name>.before-v<N>-<UTC time>.db`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    out = path.with_name(f"{path.stem}.before-v{target_version}-{stamp}.db")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        backup_to(source, out)
    finally:
        source.close()
    return out


def backup_to(source: sqlite3.Connection, out: Path) -> None:
    """A consistent copy through SQLite's online backup API, owner-only, moved into place whole."""
    tmp = out.with_name(f".{out.name}.part-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        create_private_file(tmp)
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        fsync_path(tmp)
        os.replace(tmp, out)
        fsync_path(out.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def create_private_file(path: Path) -> None:
    """An empty file only its owner may read (0600 on POSIX), failing if it already exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def fsync_path(path: Path) -> None:
    """Make a new file or directory entry durable before relying on it (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Connection:
    """The Store's one connection: a transaction per call, busy retries, environment errors mapped.

    A lock serialises callers so the UI may save from a worker thread; SQLite's own locking keeps
    two windows (two processes) apart, with the busy timeout and a few retries on top.
    """

    RETRIES = 3

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()

    @property
    def raw(self) -> sqlite3.Connection:
        return self._conn

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def backup(self, out: Path) -> None:
        """Copy the database to `out`; failures are reported against `out`, where they happen."""
        with self._lock:
            try:
                backup_to(self._conn, out)
            except (sqlite3.Error, OSError) as exc:
                mapped = environment_error(exc, out)
                if mapped is None:
                    raise
                raise mapped from exc

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one IMMEDIATE transaction: all of it is saved, or none of it."""
        return self._run("BEGIN IMMEDIATE", work)

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` against one consistent snapshot of the file."""
        return self._run("BEGIN", work)

    def _run(self, begin: str, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            for attempt in range(1, self.RETRIES + 1):
                try:
                    self._conn.execute(begin)
                    result = work(self._conn)
                    self._conn.execute("COMMIT")
                    return result
                except BaseException as exc:
                    self._rollback()
                    if _is_out_of_range(exc):
                        raise InputError(OUT_OF_RANGE) from None
                    if is_busy(exc) and attempt < self.RETRIES:
                        time.sleep(0.05 * attempt)
                        continue
                    mapped = environment_error(exc, self.path)
                    if mapped is None:
                        raise
                    raise mapped from exc
            raise AssertionError("unreachable")  # the loop returns or raises

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
