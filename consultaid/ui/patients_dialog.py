"""Find a patient (search as you type, by name or MRN, accents ignored) and open a consultation.

This is the surgeon's screen: opening it closes the presenter view first (the main window sees to
that), so a patient never sees the list.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from consultaid.errors import ConsultAidError
from consultaid.levels import format_levels
from consultaid.records import Patient, Store
from consultaid.ui.patient_form import PatientForm
from consultaid.ui.record_controller import RecordController
from consultaid.ui.style import DIALOG_ROW_PADDING
from consultaid.ui.wrapping_list import WrappingList

SEARCH_PAUSE_MS = 120


class PatientsDialog(QDialog):
    """Returns with `chosen_consultation` set, or `new_consultation_for` set to a patient id."""

    def __init__(self, controller: RecordController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.store: Store = controller.consultations.store
        self.chosen_consultation: int | None = None
        self.new_consultation_for: int | None = None
        self.setWindowTitle("Patients")
        self.setAccessibleName("Patients")
        self.resize(960, 620)

        self.search = QLineEdit()
        self.search.setAccessibleName("Search patients by name or MRN")
        self.search.setPlaceholderText("Search by name or MRN")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._timer.start)

        self.results = WrappingList(QSize(*DIALOG_ROW_PADDING))
        self.results.setAccessibleName("Patients found")
        self.results.currentItemChanged.connect(self.show_patient)
        self.results.itemActivated.connect(lambda _i: self.start_consultation())
        self.consultations = WrappingList(QSize(*DIALOG_ROW_PADDING))
        self.consultations.setAccessibleName("Consultations of this patient")
        self.consultations.itemActivated.connect(lambda _i: self.open_consultation())
        self.history_label = QLabel("Consultations")

        self.new_button = self._button("New patient…", self.new_patient)
        self.edit_button = self._button("Edit patient…", self.edit_patient)
        self.start_button = self._button("Start consultation", self.start_consultation)
        self.open_button = self._button("Open consultation", self.open_consultation)
        close = self._button("Close", self.reject)

        self.empty = QLabel()
        self.empty.setObjectName("emptyResults")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5b6770; padding: 6px;")
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.empty)
        left.addWidget(self.results, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        left.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.history_label)
        right.addWidget(self.consultations, 1)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.open_button)
        right.addLayout(row)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a12622;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.run_search()
        self.search.setFocus()

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        return button

    def selected_patient(self) -> Patient | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def run_search(self) -> None:
        self._timer.stop()
        try:
            patients = self.store.search_patients(self.search.text())
        except ConsultAidError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.results.clear()
        for patient in patients:
            item = QListWidgetItem(
                f"{patient.display_name}   ·   {patient.date_of_birth.isoformat()}"
                f"   ·   MRN {patient.mrn}"
            )
            item.setData(Qt.ItemDataRole.UserRole, patient)
            self.results.addItem(item)
        self.empty.setVisible(not patients)
        if self.search.text().strip():
            self.empty.setText("No patient matches. Check the spelling or the MRN, or add one.")
        else:
            self.empty.setText("No patients yet. Press “New patient…” to add the first one.")
        if patients:
            self.results.setCurrentRow(0)
        else:
            self.show_patient()

    def show_patient(self, *_: object) -> None:
        patient = self.selected_patient()
        self.consultations.clear()
        for button in (self.edit_button, self.start_button):
            button.setEnabled(patient is not None)
        if patient is None:
            self.history_label.setText("Consultations")
            self.open_button.setEnabled(False)
            return
        self.history_label.setText(f"Consultations of {patient.display_name}")
        for consultation in self.store.list_consultations(patient.id):
            when = consultation.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
            status = "Final" if consultation.is_final else "Draft"
            item = QListWidgetItem(
                f"{when}   ·   {status}   ·   {format_levels(consultation.levels)}"
                f"   ·   {consultation.clinician}"
            )
            item.setData(Qt.ItemDataRole.UserRole, consultation.id)
            self.consultations.addItem(item)
        if self.consultations.count():
            self.consultations.setCurrentRow(0)
        self.open_button.setEnabled(self.consultations.count() > 0)

    def new_patient(self) -> None:
        form = PatientForm(self.controller, parent=self)
        if form.exec() and form.saved is not None:
            self.search.setText(form.saved.mrn)
            self.run_search()

    def edit_patient(self) -> None:
        patient = self.selected_patient()
        if patient is None:
            return
        form = PatientForm(self.controller, patient, parent=self)
        if form.exec():
            self.run_search()

    def start_consultation(self) -> None:
        patient = self.selected_patient()
        if patient is not None:
            self.new_consultation_for = patient.id
            self.accept()

    def open_consultation(self) -> None:
        item = self.consultations.currentItem()
        if item is not None:
            self.chosen_consultation = item.data(Qt.ItemDataRole.UserRole)
            self.accept()
