"""Backups from the app: one automatic backup a day in the background, and File → Restore.

The automatic backup runs on a worker thread (SQLite's backup API does not hold Python's lock), so
a large database never freezes the window; a failure is shown, never swallowed.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from consultaid.errors import ConsultAidError
from consultaid.logs import log
from consultaid.records.backups import auto_backup


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
