"""The strip above the picture: which patient and consultation is open, and unsaved edits."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel

from consultaid.changes import Changes, Part
from consultaid.consultation import Consultations

BANNER_STYLE = "padding: 8px 12px; border-radius: 6px; font-size: 16px; "
NOTHING_OPEN = "No consultation is open. Choose File → Patients… (Ctrl+O)."


class ConsultationBanner(QLabel):
    def __init__(self, consultations: Consultations) -> None:
        super().__init__()
        self.consultations = consultations
        self.setObjectName("banner")
        self.setAccessibleName("Open consultation")
        self.setWordWrap(True)
        self.record_changed(Changes.record())

    def record_changed(self, changes: Changes) -> None:
        if changes.touches(Part.PATIENT, Part.STATUS, Part.LEVELS):
            self.show_consultation()

    def show_consultation(self) -> None:
        c = self.consultations
        record = c.record
        if record is None:
            self.setText(NOTHING_OPEN)
            self.setStyleSheet(BANNER_STYLE + "background: #eef1f3; color: #44525c;")
            return
        patient, consultation = record.patient, record.consultation
        when = consultation.started_at.astimezone().strftime("%d %b %Y %H:%M")
        if consultation.is_final:
            finalized = consultation.finalized_at.astimezone()
            status = f"FINAL — read only (finalized {finalized:%d %b %Y %H:%M})"
        elif c.is_past:
            status = "Draft from an earlier day — read only; finalize it or start a new one"
        else:
            status = "Draft — every change is saved as you go"
        if consultation.content_version != c.procedure.content_version:
            status += (
                f" · held with content version {consultation.content_version[:12]}; "
                f"shown now: {c.procedure.content_version[:12]}"
            )
        self.setText(
            f"<b>{html.escape(patient.display_name)}</b> · born "
            f"{patient.date_of_birth:%d %b %Y} · MRN {html.escape(patient.mrn)} · "
            f"{when} · {html.escape(consultation.clinician)} · {status}"
        )
        colour = (
            "background: #e3efe6; color: #1f4d2b;"
            if c.editable
            else "background: #f3e7d3; color: #5a3d12;"
        )
        self.setStyleSheet(BANNER_STYLE + colour)


class PendingBar(QLabel):
    """Shown while edits wait for a failing database, so nobody walks away from unsaved work."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pendingBar")
        self.setAccessibleName("Changes not saved yet")
        self.setWordWrap(True)
        self.setStyleSheet(BANNER_STYLE + "background: #fbe3e1; color: #7a1a14; font-weight: bold;")
        self.hide()

    def show_pending(self, count: int, reason: str) -> None:
        self.setVisible(count > 0)
        if count:
            self.setText(
                f"{count} change{'s' if count > 1 else ''} not saved yet. {reason} "
                "ConsultAid keeps trying every few seconds; keep it open."
            )
