"""Automatic daily backups, and restoring one: copies made and checked so a bad copy never wins.

Backups are named `consultaid-YYYY-MM-DD.db` after the *local* calendar day, because "the backup
from Tuesday" is the surgeon's Tuesday, not UTC's. They are made with SQLite's online backup API,
so one can be taken while the app (or another window) writes, and each is checked before it is
given its name: a damaged database never rotates a good old backup away.

Restoring replaces the database's contents, so the caller must close its Store on that file
first; a Store still open in this process, or another window using the file, makes
`restore_backup` refuse. The restored pages are written into the file itself under the exclusive
lock that proved nobody else had it open, so a window that opens the file meanwhile waits, then
sees the restored records: its next save lands there, never in a file about to be replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from consultaid.errors import DatabaseError
from consultaid.records import anchors, chain, checks, database

PREFIX = "consultaid-"
_NAME = re.compile(r"^consultaid-(\d{4}-\d{2}-\d{2})\.db$")
_CLAIM_TIMEOUT_MS = 200
_COMPANIONS = ("-wal", "-shm", "-journal")
# SQLite's unix VFS takes its shared locks on these bytes of the database file (os_unix.c).
_SHARED_FIRST = 0x40000000 + 2
_SHARED_SIZE = 510


@dataclass(frozen=True)
class Backup:
    path: Path
    date: date
    size: int


def backup_folder(db_path: str | os.PathLike[str]) -> Path:
    """Where a database's automatic backups go: `backups/` beside it (the data folder's for the
    default database), so a database on another disk keeps its backups with it."""
    return Path(db_path).expanduser().absolute().parent / "backups"


def list_backups(folder: str | os.PathLike[str]) -> tuple[Backup, ...]:
    """The automatic backups in `folder`, newest first; other files there are ignored."""
    found = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in Path(folder).iterdir():
            match = _NAME.match(entry.name)
            if match is None or not entry.is_file():
                continue
            try:
                day = date.fromisoformat(match[1])
            except ValueError:
                continue
            found.append(Backup(entry, day, entry.stat().st_size))
    return tuple(sorted(found, key=lambda b: b.date, reverse=True))


def auto_backup(
    db_path: str | os.PathLike[str],
    folder: str | os.PathLike[str],
    *,
    now: datetime | None = None,
    keep: int = 7,
) -> Path | None:
    """Today's backup of `db_path` in `folder` if there is none yet; older ones beyond `keep` go.

    Returns the new backup's path, or None if today's exists or there is no database yet. A naive
    `now` is local time. Raises DatabaseError if the copy is unsound (the database is damaged):
    then no backup is named and none is deleted.
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    db = Path(db_path).expanduser().absolute()
    out_dir = Path(folder).expanduser().absolute()
    day = (now or datetime.now()).astimezone().date()
    out = out_dir / f"{PREFIX}{day.isoformat()}.db"
    if out.exists() or not db.exists():
        return None
    staged = _staging_name(out)
    try:
        out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        _copy_consistently(db, staged, live=True)
        problems = _integrity(staged, "quick_check")
        if problems:
            raise DatabaseError(
                f"The automatic backup found {db} damaged ({problems[0]}), so no backup was made "
                "and the earlier ones were kept; restore from a backup (File → Restore from "
                "backup)."
            )
        head = _chain_head(staged)
        os.replace(staged, out)
        database.fsync_path(out_dir)
        if head is not None:
            anchors.write(db, f"automatic backup {out.name}", head)
    except (sqlite3.Error, OSError) as exc:
        mapped = database.environment_error(exc, out)
        if mapped is None:
            raise
        raise mapped from exc
    finally:
        _unlink_quietly(staged)
    for old in list_backups(out_dir)[keep:]:
        if old.path != out:
            _unlink_quietly(old.path)
    return out


def restore_backup(
    backup_path: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    *,
    now: datetime | None = None,
) -> Path | None:
    """Replace the database with a backup, keeping the current file beside it first.

    The backup must pass the checks `consultaid check` makes, or nothing is touched. The current
    file is copied to `<name>.before-restore-<UTC time>.db` (returned; None if there was no
    current file), then the checked copy of the backup takes its place, both under one exclusive
    lock. A symlinked `db_path` is restored onto the link's target, which stays where it is (an
    encrypted volume, say); the link stays a link. Close every Store on `db_path` first: one still
    open makes this refuse rather than cut it off.
    """
    backup = Path(backup_path).expanduser().absolute()
    given = Path(db_path).expanduser().absolute()
    db = given.resolve()
    if db.exists() and backup.exists() and backup.samefile(db):
        raise DatabaseError(f"{backup} is the database itself; choose a backup file to restore.")
    if not backup.is_file():
        raise DatabaseError(f"There is no backup at {backup}; choose another backup file.")
    pending = _verify_backup(backup)
    staged = _staging_name(db)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        _copy_consistently(backup, staged, live=False)
        _check_staged(backup, staged, pending)
        stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = _replace_current(db, staged, stamp)
        database.fsync_path(db.parent)
        anchors.write(given, f"restored from {backup.name}", None)
    except (sqlite3.Error, OSError) as exc:
        mapped = database.environment_error(exc, db)
        if mapped is None:
            raise
        raise mapped from exc
    finally:
        _unlink_quietly(staged)
    return kept


def _chain_head(copy: Path) -> chain.Head | None:
    """The chain head a fresh copy holds (None before the chain existed), for its anchor."""
    conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
        return chain.head(conn) if "hash" in columns else None
    finally:
        conn.close()


def _verify_backup(backup: Path) -> bool:
    """Refuse a backup that is damaged, foreign or newer, reading it only; True if it is older."""
    try:
        pending = database.inspect_file(backup, opens_next=Path(f"{backup}-wal").exists())
    except database.NewerDatabaseError as exc:
        raise DatabaseError(
            f"The backup {backup} was made by a newer version of ConsultAid; update ConsultAid "
            "before restoring it."
        ) from exc
    except DatabaseError as exc:
        raise _unsound_backup(backup, "it cannot be read as a ConsultAid database") from exc
    problems = _integrity(backup, "integrity_check")
    if problems:
        raise _unsound_backup(backup, problems[0])
    return pending


def _check_staged(backup: Path, staged: Path, pending: bool) -> None:
    """Run `consultaid check`'s checks on our private copy (the search index check must write).

    An older backup is judged on SQLite's checks alone; the Store migrates it when next opened,
    after copying it aside.
    """
    conn = sqlite3.connect(staged, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if pending:
                problems = [
                    f"row {r[1]} of {r[0]} refers to a missing row of {r[2]}"
                    for r in conn.execute("PRAGMA foreign_key_check").fetchall()[:1]
                ]
            else:
                problems = checks.inspect(conn, [])[1]
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    finally:
        conn.close()
    if problems:
        raise _unsound_backup(backup, problems[0])


def _unsound_backup(backup: Path, reason: str) -> DatabaseError:
    return DatabaseError(
        f"The backup {backup} cannot be restored because it is damaged or is not a ConsultAid "
        f"database ({reason.rstrip('.')}); choose another backup."
    )


def _replace_current(db: Path, staged: Path, stamp: str) -> Path | None:
    """Copy the current file aside, then put the staged copy in its place, proving first that no
    window has it open and keeping every other window out until the restored pages are in."""
    present = [p for p in (db, *_companions(db)) if p.exists()]
    if not present:
        os.replace(staged, db)
        return None
    kept = _free_name(db.with_name(f"{db.stem}.before-restore-{stamp}.db"))
    try:
        database.inspect_file(db)
    except DatabaseError:
        _replace_unreadable(db, staged, kept, present)
        return kept
    conn = _claim(db)
    try:
        # Leaving WAL mode succeeds only with no other connection on the file, and folds the
        # WAL in; from the next write lock on, nobody else can start until `conn` closes. The
        # copy kept aside is made only then, so no save can land between it and the restore.
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        wal = Path(f"{db}-wal")
        if mode != "delete" or (wal.exists() and wal.stat().st_size):
            raise _in_use(db)
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        database.backup_to(conn, kept)
        _write_into(staged, conn)
        # Left from WAL mode; safe to remove while the lock is held: a window waiting for it has
        # not read the file yet, so it has not opened these either.
        for leftover in (wal, Path(f"{db}-shm")):
            _unlink_quietly(leftover)
    finally:
        conn.close()
    return kept


def _write_into(staged: Path, conn: sqlite3.Connection) -> None:
    """The staged copy's pages written over the database through `conn`, which holds its exclusive
    lock: one journalled transaction, so a crash leaves the old or the restored records."""
    conn.execute("PRAGMA synchronous = FULL")
    source = sqlite3.connect(f"{staged.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        source.backup(conn)
    finally:
        source.close()


def _replace_unreadable(db: Path, staged: Path, kept: Path, present: list[Path]) -> None:
    """A file SQLite cannot read (so no window can save into it) is kept byte for byte, and the
    staged copy renamed over it."""
    _refuse_if_in_use(db)
    for source in present:
        _byte_copy(source, Path(f"{kept}{source.name.removeprefix(db.name)}"))
    for companion in _companions(db):
        _unlink_quietly(companion)
    os.replace(staged, db)


def _claim(db: Path) -> sqlite3.Connection:
    """A connection on `db` in locking_mode EXCLUSIVE, refused if a window is writing to it.

    In WAL mode another window may still have the file open; the caller's switch out of WAL mode
    proves it has not. In rollback mode the lock outlives the transaction that took it.
    """
    conn = sqlite3.connect(f"{db.as_uri()}?mode=rw", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {_CLAIM_TIMEOUT_MS}")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.close()
        if database.is_busy(exc):
            raise _in_use(db) from exc
        raise
    return conn


def _refuse_if_in_use(db: Path) -> None:
    """For a file SQLite cannot read: is any process holding SQLite's shared lock on it?

    POSIX only. Closing the descriptor drops this process's locks on the file, which is safe only
    because no Store here has it open (the caller's promise).
    """
    if os.name != "posix" or not db.exists():
        return
    import fcntl

    fd = os.open(db, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _SHARED_SIZE, _SHARED_FIRST, os.SEEK_SET)
    except OSError as exc:
        raise _in_use(db) from exc
    finally:
        os.close(fd)


def _in_use(db: Path) -> DatabaseError:
    return DatabaseError(
        f"The database file {db} is open in another ConsultAid window; close it there and try "
        "the restore again."
    )


def _copy_consistently(source: Path, out: Path, *, live: bool) -> None:
    """A consistent, owner-only copy through the online backup API, safe while others write.

    A live database is read through an ordinary connection, which, if it is the last one to
    close, tidies the -wal and -shm away; a backup file is read without taking locks or making
    files beside it (immutable), unless it has a WAL of its own.
    """
    if live:
        params = "mode=rw"
    elif Path(f"{source}-wal").exists():
        params = "mode=ro"
    else:
        params = "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{source.as_uri()}?{params}", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {database.BUSY_TIMEOUT_MS}")
        database.backup_to(conn, out)
    finally:
        conn.close()


def _integrity(path: Path, pragma: str) -> list[str]:
    """SQLite's own check of a file nobody else writes; an empty list means sound."""
    params = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.as_uri()}?{params}", uri=True, isolation_level=None)
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}(5)")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    if rows == ["ok"]:
        return []
    lines = [line for row in rows for line in row.splitlines()]
    return [line for line in lines if not line.startswith("***")] or lines


def _byte_copy(source: Path, out: Path) -> None:
    """An owner-only copy of a file SQLite cannot read, kept as it is for whoever can mend it."""
    database.create_private_file(out)
    with source.open("rb") as src, out.open("r+b") as dst:
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())


def _companions(db: Path) -> list[Path]:
    return [Path(f"{db}{suffix}") for suffix in _COMPANIONS]


def _free_name(path: Path) -> Path:
    """`path`, or `path` with -2, -3 … before the suffix: a kept copy is never overwritten."""
    candidate, n = path, 1
    while any(p.exists() for p in (candidate, *_companions(candidate))):
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _staging_name(target: Path) -> Path:
    """A hidden name beside `target` (same filesystem, so the final rename is atomic)."""
    return target.with_name(f".{target.name}.staged-{os.getpid()}-{secrets.token_hex(4)}")


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
