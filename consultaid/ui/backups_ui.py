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
    from consultaid.ui.consultation_actions import ConsultationActions


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


def restore_from_backup(actions: ConsultationActions, folder: Path) -> None:
    """Replace the records with a backup, after confirmation; the current file is kept.

    The Store is closed for the swap and opened again; nothing of the consultation that was open
    stays on screen. If the file cannot be opened again, the window closes rather than run on a
    closed file.
    """
    consultations, prompts, window = actions.consultations, actions.prompts, actions.window
    if consultations.pending:
        prompts.error(
            "Not now",
            "Some changes are not saved yet. Wait until they are saved, then restore.",
        )
        return
    if any(runner.running for runner in window.findChildren(AutoBackup)):
        prompts.error("Not now", "Today's backup is being made. Try again in a moment.")
        return
    backups = list_backups(folder)
    options = [f"{b.date:%A %d %B %Y} ({b.size / 1_048_576:.1f} MB)" for b in backups]
    options.append("Another backup file…")
    index = prompts.choose(
        "Restore from backup", "Which backup should replace the current records?", options
    )
    if index is None:
        return
    if index < len(backups):
        source, label = backups[index].path, f"the backup of {options[index]}"
    else:
        chosen = prompts.open_file("Choose a backup", "ConsultAid databases (*.db)")
        if chosen is None:
            return
        source, label = chosen, str(chosen)
    db = consultations.store.path
    if not prompts.confirm(
        "Restore from backup",
        f"Replace the records in {db} with {label}?\n\nThe current file is kept first, as a "
        "copy beside it. Anything recorded since that backup is only in the kept copy.",
        "Restore",
    ):
        return
    actions.close_consultation()
    if consultations.record is not None:
        return
    consultations.store.close()
    failure, kept = "", None
    try:
        kept = restore_backup(source, db)
    except ConsultAidError as exc:
        failure = str(exc)
    try:
        store = Store.open(db)
    except ConsultAidError as exc:
        prompts.error("The records cannot be opened", f"{exc} ConsultAid will close.")
        window.close()
        return
    actions.controller.do(consultations.replace_store, store)
    actions.settings_saved()
    if failure:
        prompts.error("Not restored", f"{failure} The current records are unchanged.")
    else:
        where = f" The previous file is kept as {kept}." if kept else ""
        prompts.info("Restored", f"The records were restored from {label}.{where}")
