"""The open patient and consultation, and the one path every edit takes to the database.

Each edit calls one Store method (its own transaction) and only then tells the views, so the screen
never shows as done what is not saved. Wrong input is refused with a sentence and the views go back
to what is saved. When the database itself fails (disk full, read-only, locked) the edit is kept in
order in a queue, the screen keeps showing it with a "not saved yet" warning, and it is retried
until it goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from consultaid.assessment import age_on
from consultaid.content.model import Procedure
from consultaid.errors import DatabaseError, InputError
from consultaid.logs import log
from consultaid.records import ConsultationRecord, Patient, Store

T = TypeVar("T")
RETRY_MS = 3000


class Session(QObject):
    consultationChanged = Signal()
    recordChanged = Signal()
    saveFailed = Signal(str)
    pendingChanged = Signal(int, str)

    def __init__(self, store: Store, procedure: Procedure, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.procedure = procedure
        self.record: ConsultationRecord | None = None
        self.pending: list[tuple[str, Callable[[], Any]]] = []
        self.pending_reason = ""
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry)

    @property
    def consultation_id(self) -> int | None:
        return self.record.consultation.id if self.record else None

    @property
    def patient(self) -> Patient | None:
        return self.record.patient if self.record else None

    @property
    def is_final(self) -> bool:
        return bool(self.record and self.record.consultation.is_final)

    @property
    def is_past(self) -> bool:
        """A draft from an earlier day: read only, so an old record is not changed by chance."""
        if self.record is None or self.record.consultation.is_final:
            return False
        return self.record.consultation.started_at.astimezone().date() < date.today()

    @property
    def editable(self) -> bool:
        return (
            self.record is not None and not self.record.consultation.is_final and not self.is_past
        )

    def patient_age(self) -> int | None:
        """The patient's age on the (local) day of the consultation."""
        if self.record is None:
            return None
        on = self.record.consultation.started_at.astimezone().date()
        return age_on(self.record.patient.date_of_birth, on)

    def open(self, consultation_id: int) -> None:
        self.record = self.store.load_record(consultation_id)
        log.info("consultation %d opened", consultation_id)
        self.consultationChanged.emit()

    def close_consultation(self) -> None:
        if self.record is not None:
            log.info("consultation %d closed", self.record.consultation.id)
            self.record = None
            self.consultationChanged.emit()

    def start(self, patient_id: int, clinician: str, levels: tuple[str, ...]) -> None:
        consultation = self.store.start_consultation(
            patient_id,
            clinician,
            levels,
            self.procedure.id,
            self.procedure.content_version,
        )
        log.info("consultation %d started", consultation.id)
        self.open(consultation.id)

    def save(self, method: Callable[..., T], *args: Any) -> T | None:
        """Run one Store mutation for the open consultation; None if it is not saved (yet)."""
        if self.record is None:
            return None
        consultation_id = self.record.consultation.id
        return self.apply(lambda: method(consultation_id, *args), getattr(method, "__name__", ""))

    def apply(
        self, change: Callable[[], T], name: str = "change", *, closes_past_draft: bool = False
    ) -> T | None:
        """Run one Store mutation; reload on success, explain on refusal, queue on failure.

        A draft from an earlier day is read only; `closes_past_draft` lets finalizing through.
        """
        if self.record is None:
            return None
        if self.record.consultation.is_final:
            self.saveFailed.emit(
                "This consultation is final and cannot be changed. Record a correction as an "
                "amendment."
            )
            self.recordChanged.emit()
            return None
        if self.is_past and not closes_past_draft:
            self.saveFailed.emit(
                "This draft is from an earlier day and is shown read only. Finalize it as it "
                "stands, or start a new consultation."
            )
            self.recordChanged.emit()
            return None
        if self.pending:
            self._queue(name, change, self.pending_reason)
            return None
        try:
            result = change()
        except InputError as exc:
            log.info("%s refused: %s", name, type(exc).__name__)
            self.saveFailed.emit(str(exc))
            self.recordChanged.emit()
            return None
        except DatabaseError as exc:
            log.warning("%s not saved: %s", name, type(exc).__name__)
            self._queue(name, change, str(exc))
            return None
        log.info("%s saved (consultation %s)", name, self.consultation_id)
        self.reload()
        return result

    def amend(self, target: Any, value: Any, key: str, reason: str, author: str) -> bool:
        """Record a correction to a final consultation; True when it is saved."""
        if self.record is None or not self.record.consultation.is_final:
            return False
        cid = self.record.consultation.id
        try:
            self.store.amend(cid, target, value, key=key, reason=reason, author=author)
        except (InputError, DatabaseError) as exc:
            log.info("amend refused: %s", type(exc).__name__)
            self.saveFailed.emit(str(exc))
            return False
        log.info("amend saved (consultation %d)", cid)
        self.reload()
        return True

    def _queue(self, name: str, change: Callable[[], Any], reason: str) -> None:
        self.pending.append((name, change))
        self.pending_reason = reason
        self._retry.start()
        self.pendingChanged.emit(len(self.pending), reason)

    def retry(self) -> bool:
        """Try the queued changes in order; True when none is left."""
        while self.pending:
            name, change = self.pending[0]
            try:
                change()
            except InputError as exc:
                log.info("%s refused on retry: %s", name, type(exc).__name__)
                self.pending.pop(0)
                self.saveFailed.emit(str(exc))
                continue
            except DatabaseError as exc:
                self.pending_reason = str(exc)
                self.pendingChanged.emit(len(self.pending), self.pending_reason)
                return False
            log.info("%s saved on retry", name)
            self.pending.pop(0)
        self._retry.stop()
        self.pending_reason = ""
        self.pendingChanged.emit(0, "")
        self.reload()
        return True

    def reload(self) -> None:
        if self.record is not None:
            try:
                self.record = self.store.load_record(self.record.consultation.id)
            except DatabaseError as exc:
                self.saveFailed.emit(str(exc))
                return
            self.recordChanged.emit()
