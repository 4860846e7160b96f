"""Backups from the app: one automatic backup a day in the background, and File → Restore.

The automatic backup runs on a worker thread (SQLite's backup API does not hold Python's lock), so
a large database never freezes the window; a failure is shown, never swallowed.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from consultaid.errors import ConsultAidError
from consultaid.logs import log
from consultaid.records import Store
from consultaid.records.backups import auto_backup, list_backups, restore_backup

if TYPE_CHECKING:
    from consultaid.ui.record_window import RecordWindowMixin


class AutoBackup(QObject):
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, db_path: Path, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.folder = folder
        self.thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="auto-backup", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            made = auto_backup(self.db_path, self.folder)
        except ConsultAidError as exc:
            log.warning("automatic backup failed: %s", type(exc).__name__)
            self.failed.emit(str(exc))
            return
        log.info("automatic backup %s", "made" if made else "already made today")
        self.finished.emit(str(made or ""))


def restore_from_backup(window: RecordWindowMixin, folder: Path) -> None:
    """Replace the window's records with a backup, after confirmation; the current file is kept.

    The Store is closed for the swap and opened again; if it cannot be, the window closes rather
    than run on a closed file.
    """
    session = window.session
    if session.pending:
        window.prompts.error(
            "Not now",
            "Some changes are not saved yet. Wait until they are saved, then restore.",
        )
        return
    if any(runner.running for runner in window.findChildren(AutoBackup)):
        window.prompts.error("Not now", "Today's backup is being made. Try again in a moment.")
        return
    backups = list_backups(folder)
    options = [f"{b.date:%A %d %B %Y} ({b.size / 1_048_576:.1f} MB)" for b in backups]
    options.append("Another backup file…")
    index = window.prompts.choose(
        "Restore from backup", "Which backup should replace the current records?", options
    )
    if index is None:
        return
    if index < len(backups):
        source, label = backups[index].path, f"the backup of {options[index]}"
    else:
        chosen = window.prompts.open_file("Choose a backup", "ConsultAid databases (*.db)")
        if chosen is None:
            return
        source, label = chosen, str(chosen)
    db = session.store.path
    if not window.prompts.confirm(
        "Restore from backup",
        f"Replace the records in {db} with {label}?\n\nThe current file is kept first, as a "
        "copy beside it. Anything recorded since that backup is only in the kept copy.",
        "Restore",
    ):
        return
    window.close_presenter()
    window.flush_record()
    session.close_consultation()
    window.remember_consultation()
    session.store.close()
    failure, kept = "", None
    try:
        kept = restore_backup(source, db)
    except ConsultAidError as exc:
        failure = str(exc)
    try:
        session.store = Store.open(db)
    except ConsultAidError as exc:
        window.prompts.error("The records cannot be opened", f"{exc} ConsultAid will close.")
        window.close()
        return
    window.apply_clinic_settings()
    if failure:
        window.prompts.error("Not restored", f"{failure} The current records are unchanged.")
    else:
        where = f" The previous file is kept as {kept}." if kept else ""
        window.prompts.info("Restored", f"The records were restored from {label}.{where}")
