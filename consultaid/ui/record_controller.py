"""The UI's handle on the use-cases: runs them, says why one was refused, fans out what changed.

`Consultations` does the work and never emits signals; this small QObject turns each `Outcome`
into one `changed` signal (each view refreshes only the parts it shows), one sentence when an edit
is refused, and a retry timer while edits wait for a failing database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from consultaid.changes import Outcome, Part
from consultaid.consultation import Consultations
from consultaid.ui.prompts import Prompts

T = TypeVar("T")
RETRY_MS = 3000


class RecordController(QObject):
    changed = Signal(object)  # Changes
    pendingChanged = Signal(int, str)

    def __init__(
        self, consultations: Consultations, prompts: Prompts, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.consultations = consultations
        self.prompts = prompts
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry)

    @property
    def has_records(self) -> bool:
        return self.consultations.store is not None

    def do(self, operation: Callable[..., Outcome[T]], *args: Any, **kw: Any) -> Outcome[T]:
        """Run one use-case and present its outcome."""
        return self.present(operation(*args, **kw), "Not saved")

    def present(self, outcome: Outcome[T], title: str) -> Outcome[T]:
        if outcome.message and not outcome.queued:  # a queued edit shows in the pending bar
            self.prompts.error(title, outcome.message)
        if outcome.changes:
            self.changed.emit(outcome.changes)
        if Part.PENDING in outcome.changes.parts:
            self._pending_changed()
        return outcome

    def retry(self) -> bool:
        """Try the queued edits again; True when none is left."""
        outcome = self.consultations.retry()
        for message in outcome.value or ():
            self.prompts.error("Not saved", message)
        if outcome.changes:
            self.changed.emit(outcome.changes)
        self._pending_changed()
        return not self.consultations.pending

    def _pending_changed(self) -> None:
        c = self.consultations
        if c.pending:
            self._retry.start()
        else:
            self._retry.stop()
        self.pendingChanged.emit(len(c.pending), c.pending_reason)
