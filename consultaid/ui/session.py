"""The open patient and consultation, and the one path every edit takes to the database.

Each edit calls one Store method (its own transaction) and only then tells the views, so the screen
never shows as done what is not saved. A failure leaves the screen as it was and says why in one
sentence; the caller keeps what the user typed so it can be tried again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from consultaid.content.model import Procedure
from consultaid.errors import ConsultAidError, InputError
from consultaid.records import ConsultationRecord, Patient, Store

T = TypeVar("T")


class Session(QObject):
    consultationChanged = Signal()
    recordChanged = Signal()
    saveFailed = Signal(str)

    def __init__(self, store: Store, procedure: Procedure, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.procedure = procedure
        self.record: ConsultationRecord | None = None

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
    def editable(self) -> bool:
        return self.record is not None and not self.record.consultation.is_final

    def open(self, consultation_id: int) -> None:
        self.record = self.store.load_record(consultation_id)
        self.consultationChanged.emit()

    def close_consultation(self) -> None:
        if self.record is not None:
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
        self.open(consultation.id)

    def save(self, method: Callable[..., T], *args: Any) -> T | None:
        """Run one Store mutation for the open consultation; None (and a message) if it failed."""
        if self.record is None:
            return None
        consultation_id = self.record.consultation.id
        return self.apply(lambda: method(consultation_id, *args))

    def apply(self, change: Callable[[], T]) -> T | None:
        """Run one Store mutation; on success reload the record, on failure say why."""
        if self.record is None:
            return None
        if self.record.consultation.is_final:
            self.saveFailed.emit(
                "This consultation is final and cannot be changed. Record a correction as an "
                "amendment."
            )
            return None
        try:
            result = change()
        except ConsultAidError as exc:
            self.saveFailed.emit(str(exc))
            return None
        self.reload()
        return result

    def reload(self) -> None:
        if self.record is not None:
            self.record = self.store.load_record(self.record.consultation.id)
            self.recordChanged.emit()

    def check_input(self, validate: Callable[[], T]) -> T | None:
        try:
            return validate()
        except InputError as exc:
            self.saveFailed.emit(str(exc))
            return None
