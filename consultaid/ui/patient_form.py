"""Add or edit a patient, with inline messages: nothing is saved until every field is acceptable.

The Store does the checking (so the command line and the screen agree); this dialog shows the
Store's one-sentence message under the field it concerns and keeps what was typed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from consultaid.errors import ConsultAidError
from consultaid.records import SEXES, Patient
from consultaid.ui.record_controller import RecordController
from consultaid.ui.style import save_cancel_buttons

DATE_HINT = "YYYY-MM-DD, for example 1961-04-23"


def parse_date(text: str) -> date:
    """An ISO date typed by a person; a ValueError says what was expected."""
    parsed = QDate.fromString(text.strip(), "yyyy-MM-dd")
    if not parsed.isValid():
        raise ValueError(f"Type the date of birth as {DATE_HINT}.")
    return date(parsed.year(), parsed.month(), parsed.day())


class PatientForm(QDialog):
    def __init__(
        self, controller: RecordController, patient: Patient | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.patient = patient
        self.saved: Patient | None = None
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.mrn = self._field("MRN (medical record number)")
        self.family = self._field("Family name")
        self.given = self._field("Given names")
        self.dob = self._field("Date of birth")
        self.dob.setPlaceholderText(DATE_HINT)
        self.sex = QComboBox()
        self.sex.setAccessibleName("Sex")
        for value in SEXES:
            self.sex.addItem(value.capitalize(), value)
        self.message = QLabel()
        self.message.setObjectName("formError")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a12622; font-weight: bold;")
        self.message.hide()
        for label, widget in (
            ("MRN", self.mrn),
            ("Family name", self.family),
            ("Given names", self.given),
            ("Date of birth", self.dob),
            ("Sex", self.sex),
        ):
            form.addRow(label, widget)
        buttons = save_cancel_buttons(self)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if patient:
            self.mrn.setText(patient.mrn)
            self.family.setText(patient.family_name)
            self.given.setText(patient.given_names)
            self.dob.setText(patient.date_of_birth.isoformat())
            self.sex.setCurrentIndex(max(0, self.sex.findData(patient.sex)))

    def _field(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.textEdited.connect(lambda _t: self.message.hide())
        return edit

    def show_error(self, text: str, field: QWidget | None = None) -> None:
        self.message.setText(text)
        self.message.show()
        if field is not None:
            field.setFocus()

    def accept(self) -> None:
        try:
            dob = parse_date(self.dob.text())
        except ValueError as exc:
            self.show_error(str(exc), self.dob)
            return
        values = {
            "mrn": self.mrn.text(),
            "family_name": self.family.text(),
            "given_names": self.given.text(),
            "date_of_birth": dob,
            "sex": self.sex.currentData(),
        }
        try:
            consultations = self.controller.consultations
            if self.patient is None:
                self.saved = consultations.add_patient(**values)
            else:
                outcome = consultations.update_patient(self.patient.id, **values)
                self.saved = outcome.value
                self.controller.present(outcome, "Not saved")
        except ConsultAidError as exc:
            text = str(exc)
            field = (
                self.mrn
                if "MRN" in text
                else self.dob
                if "birth" in text
                else self.family
                if "family" in text.lower()
                else None
            )
            self.show_error(text, field)
            return
        super().accept()
