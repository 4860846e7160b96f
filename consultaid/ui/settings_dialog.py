"""Clinic settings: name and address, paper size, the recovery advice the clinic gives, and more.

The clinic's settings live in the database, so every computer on it prints the same; a final
consultation keeps the settings it was finalized with. The surgeon's own name and the idle-lock
delay belong to this computer and live in QSettings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from consultaid.clinic_certificate import ClinicCertificate
from consultaid.clinic_settings import (
    SETTING_ADVICE_PREFIX,
    SETTING_CLINIC_ADDRESS,
    SETTING_CLINIC_NAME,
    SETTING_FHIR_BASE_URL,
    SETTING_FHIR_MRN_SYSTEM,
    SETTING_PAPER_SIZE,
)
from consultaid.consent.document import PAPER_SIZES
from consultaid.content.model import Procedure
from consultaid.errors import ConsultAidError
from consultaid.fhir.bundle import MRN_SYSTEM_DEFAULT
from consultaid.fhir.credentials import save_token
from consultaid.paths import data_dir
from consultaid.ui.idle_lock import DEFAULT_MINUTES
from consultaid.ui.prompts import Prompts
from consultaid.ui.record_controller import RecordController
from consultaid.ui.screen_fit import body_widget, scrolling_body
from consultaid.ui.style import save_cancel_buttons


class SettingsDialog(QDialog):
    def __init__(
        self,
        controller: RecordController,
        procedure: Procedure,
        settings: QSettings,
        prompts: Prompts,
        parent=None,
        *,
        token_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        store = controller.consultations.store
        self.procedure = procedure
        self.settings = settings
        self.prompts = prompts
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.resize(720, 760)

        clinic = QGroupBox("Clinic (printed on every consent summary)")
        form = QFormLayout(clinic)
        self.clinic_name = QLineEdit(str(store.get_setting(SETTING_CLINIC_NAME, "") or ""))
        self.clinic_name.setAccessibleName("Clinic name")
        address = store.get_setting(SETTING_CLINIC_ADDRESS, "") or ""
        if isinstance(address, list):
            address = "\n".join(address)
        self.clinic_address = QPlainTextEdit(str(address))
        self.clinic_address.setAccessibleName("Clinic address")
        self.clinic_address.setFixedHeight(80)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        self.paper.addItems(PAPER_SIZES)
        self.paper.setCurrentText(str(store.get_setting(SETTING_PAPER_SIZE, "A4")))
        form.addRow("Name", self.clinic_name)
        form.addRow("Address", self.clinic_address)
        form.addRow("Paper size", self.paper)

        advice = QGroupBox("Recovery advice this clinic gives")
        advice_form = QFormLayout(advice)
        note = QLabel(
            "Practice differs between surgeons. Leave a field as it is to print the default."
        )
        note.setWordWrap(True)
        advice_form.addRow(note)
        self.advice: dict[str, QPlainTextEdit] = {}
        for item in procedure.recovery_defaults:
            edit = QPlainTextEdit(str(store.get_setting(SETTING_ADVICE_PREFIX + item.id, "") or ""))
            edit.setPlaceholderText(item.default)
            edit.setAccessibleName(f"Recovery advice: {item.label}")
            edit.setFixedHeight(60)
            self.advice[item.id] = edit
            advice_form.addRow(item.label, edit)

        local = QGroupBox("This computer")
        local_form = QFormLayout(local)
        self.clinician = QLineEdit(str(settings.value("clinician", "") or ""))
        self.clinician.setAccessibleName("Surgeon's name")
        self.clinician.setPlaceholderText("As printed on the consent summary")
        self.idle = QSpinBox()
        self.idle.setAccessibleName("Minutes before the idle lock")
        self.idle.setRange(1, 120)
        self.idle.setSuffix(" minutes")
        self.idle.setValue(int(float(settings.value("idle_lock_minutes", DEFAULT_MINUTES) or 10)))
        local_form.addRow("Surgeon's name", self.clinician)
        local_form.addRow("Lock when idle for", self.idle)

        hospital = QGroupBox("Hospital record (FHIR)")
        hospital_form = QFormLayout(hospital)
        self.token_folder = token_folder or data_dir()
        self.fhir_url = QLineEdit(str(store.get_setting(SETTING_FHIR_BASE_URL, "") or ""))
        self.fhir_url.setAccessibleName("FHIR server address")
        self.fhir_url.setPlaceholderText("https://fhir.hospital.example/R4")
        self.mrn_system = QLineEdit(str(store.get_setting(SETTING_FHIR_MRN_SYSTEM, "") or ""))
        self.mrn_system.setAccessibleName("MRN identifier system")
        self.mrn_system.setPlaceholderText(MRN_SYSTEM_DEFAULT)
        self.fhir_token = QLineEdit()
        self.fhir_token.setAccessibleName("FHIR server token")
        self.fhir_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.fhir_token.setPlaceholderText("Leave empty to keep the saved token")
        hospital_form.addRow("Server address", self.fhir_url)
        hospital_form.addRow("MRN system", self.mrn_system)
        hospital_form.addRow("Token", self.fhir_token)

        signing = self._signing_group(ClinicCertificate(controller.consultations.signing_folder))

        # The groups scroll (the advice list is long); Save and Cancel stay in view below them.
        body = QVBoxLayout()
        body.addWidget(clinic)
        body.addWidget(advice, 1)
        body.addWidget(local)
        body.addWidget(hospital)
        body.addWidget(signing)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling_body(body_widget(body)), 1)
        layout.addWidget(save_cancel_buttons(self))

    def _signing_group(self, certificate: ClinicCertificate) -> QGroupBox:
        """Whose certificate signs the sealed documents, and a button to import the clinic's."""
        self.certificate = certificate
        group = QGroupBox("Signing certificate (signs every sealed document)")
        form = QFormLayout(group)
        self.certificate_label = QLabel(certificate.describe())
        self.certificate_label.setWordWrap(True)
        self.certificate_label.setAccessibleName("Signing certificate in use")
        self.import_certificate = QPushButton("Import certificate…")
        self.import_certificate.setAccessibleName("Import the clinic's signing certificate")
        self.import_certificate.setEnabled(certificate.can_import)
        self.import_certificate.clicked.connect(self.choose_certificate)
        form.addRow("In use", self.certificate_label)
        form.addRow("", self.import_certificate)
        return group

    def choose_certificate(self) -> None:
        """Import a PKCS#12 file at once (it is not undone by Cancel), then show it."""
        path = self.prompts.open_file(
            "Choose the clinic's signing certificate", "PKCS#12 certificate (*.p12 *.pfx)"
        )
        if path is None:
            return
        password = self.prompts.password(
            "Certificate password", f"The password of {path.name} (leave empty if it has none):"
        )
        if password is None:
            return
        outcome = self.certificate.import_file(path, password)
        if outcome.refused:
            self.prompts.error("Certificate not imported", outcome.message)
            return
        self.certificate_label.setText(self.certificate.describe())

    def values(self) -> dict[str, object]:
        """The database settings as they would be saved (unchanged advice is left unset)."""
        address = [
            line.strip() for line in self.clinic_address.toPlainText().splitlines() if line.strip()
        ]
        out: dict[str, object] = {
            SETTING_CLINIC_NAME: self.clinic_name.text().strip(),
            SETTING_CLINIC_ADDRESS: address,
            SETTING_PAPER_SIZE: self.paper.currentText(),
            SETTING_FHIR_BASE_URL: self.fhir_url.text().strip(),
            SETTING_FHIR_MRN_SYSTEM: self.mrn_system.text().strip(),
        }
        for item_id, edit in self.advice.items():
            out[SETTING_ADVICE_PREFIX + item_id] = edit.toPlainText().strip()
        return out

    def accept(self) -> None:
        url = self.fhir_url.text().strip()
        if url and not url.lower().startswith(("http://", "https://")):
            self.prompts.error(
                "Settings not saved",
                f"The FHIR server address {url!r} is not a web address; it starts with https://.",
            )
            return
        outcome = self.controller.consultations.save_settings(self.values())
        if self.controller.present(outcome, "Settings not saved").refused:
            return
        token = self.fhir_token.text().strip()
        if token:
            if not url:
                self.prompts.error("Token not saved", "Enter the FHIR server address first.")
                return
            try:
                save_token(url, token, self.token_folder)
            except ConsultAidError as exc:
                self.prompts.error("Token not saved", str(exc))
                return
        self.settings.setValue("clinician", self.clinician.text().strip())
        self.settings.setValue("idle_lock_minutes", self.idle.value())
        super().accept()
