"""The File menu's consultation commands: patients, start, sign, finalize, amend, print, settings.

Each command asks what it must (through `Prompts` or a dialog) and then calls one use-case of
`Consultations` through the record controller; none sequences Store calls itself. The dialogs it
opens for one patient are closed when another consultation is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from consultaid.changes import Changes, Part
from consultaid.clinic_settings import SETTING_CLINIC_NAME
from consultaid.errors import ConsultAidError
from consultaid.paths import data_dir
from consultaid.record_keys import INTERPRETER, REPRESENTATIVE
from consultaid.records.backups import backup_folder
from consultaid.ui.hospital_export import HospitalExport
from consultaid.ui.prompts import Prompts
from consultaid.ui.record_controller import RecordController

SURGEON_KEY = "clinician"


def surgeon_name(settings: QSettings) -> str:
    """The surgeon set on this computer ("" until someone enters it)."""
    return str(settings.value(SURGEON_KEY, "") or "").strip()


class ConsultationActions(QObject):
    """The commands on the open consultation, as QActions on `window`."""

    settingsSaved = Signal()

    def __init__(
        self,
        window: QWidget,
        controller: RecordController,
        settings: QSettings,
        prompts: Prompts,
        *,
        flush: Callable[[], None],
        close_presenter: Callable[[], None],
        token_folder: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.consultations = controller.consultations
        self.settings = settings
        self.prompts = prompts
        self.flush = flush
        self.close_presenter = close_presenter
        self.dialogs: list[QDialog] = []
        self.consent_preview: QDialog | None = None
        self.signature_dialog: QDialog | None = None
        self.amend_dialog: QDialog | None = None
        self.settings_dialog: QDialog | None = None
        self.patients = self._action("Patients…", self.show_patients, "Ctrl+O")
        self.summary = self._action("Consent summary…", self.show_summary, "Ctrl+P")
        self.sign = self._action("Sign on screen…", self.show_signing, "")
        self.finalize = self._action("Finalize consultation…", self.finalize_consultation, "")
        self.amend = self._action("Record an amendment…", self.show_amendment, "")
        self.close_record = self._action("Close consultation", self.close_consultation, "Ctrl+W")
        self.settings_action = self._action("Settings…", self.show_settings, "")
        self.refresh = self._action("Refresh from the database", self.reload, "Ctrl+R")
        self.restore = self._action("Restore from backup…", self.restore_from_backup, "")
        self.token_folder = token_folder or data_dir()
        self.hospital = HospitalExport(
            self.consultations,
            prompts,
            self.token_folder,
            lambda text, slot: self._action(text, slot, ""),
            self,
        )
        self.consultations.surgeon = surgeon_name(settings)
        self._credit_store()
        controller.changed.connect(self.record_changed)
        self.record_changed(Changes.record())

    def _action(self, text: str, slot: Callable[[], object], shortcut: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)
        return action

    @property
    def record_actions(self) -> tuple[QAction, ...]:
        return (
            self.patients,
            self.summary,
            self.sign,
            self.finalize,
            self.amend,
            *self.hospital.actions,
            self.close_record,
        )

    @property
    def file_actions(self) -> tuple[QAction, ...]:
        return (self.refresh, self.settings_action, self.restore)

    def record_changed(self, changes: Changes) -> None:
        c = self.consultations
        if changes.touches(Part.RECORD):
            self.close_dialogs()
        if changes.touches(Part.STATUS, Part.SIGNATURES):
            self.finalize.setEnabled(c.editable or c.is_past)
            self.sign.setEnabled(c.editable)
            self.amend.setEnabled(c.is_final)
            self.hospital.follow(c.is_final)
            self.summary.setEnabled(c.record is not None)
            self.close_record.setEnabled(c.record is not None)

    def close_dialogs(self) -> None:
        """Close every dialog opened for the consultation that was shown (nothing of it stays)."""
        for dialog in self.dialogs:
            dialog.close()
            dialog.setParent(None)  # gone from the window now, not at the next event loop turn
            dialog.deleteLater()
        self.dialogs = []
        self.consent_preview = self.signature_dialog = None
        self.amend_dialog = self.settings_dialog = None

    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
            dialog.deleteLater()

    # Names ------------------------------------------------------------------------------------

    def _credit_store(self) -> None:
        store = self.consultations.store
        if store is not None and self.consultations.surgeon:
            store.actor = self.consultations.surgeon

    def ensure_names(self) -> bool:
        """On first use, ask for the surgeon's and the clinic's names; False if still unset."""
        if self.consultations.surgeon:
            return True
        store = self.consultations.store
        clinic = str(store.get_setting(SETTING_CLINIC_NAME, "") or "") if store else ""
        answer = self.prompts.names(self.consultations.surgeon, clinic)
        if answer is None:
            return False
        surgeon, clinic = (part.strip() for part in answer)
        if not surgeon:
            return False
        outcome = self.controller.present(
            self.consultations.save_settings({SETTING_CLINIC_NAME: clinic}), "Not saved"
        )
        if outcome.refused:
            return False
        self.settings.setValue(SURGEON_KEY, surgeon)
        self.consultations.surgeon = surgeon
        self._credit_store()
        return True

    # Patients, opening, closing ---------------------------------------------------------------

    def show_patients(self) -> None:
        self.close_presenter()
        self.flush()
        from consultaid.ui.patients_dialog import PatientsDialog

        dialog = PatientsDialog(self.controller, self.window)
        if not dialog.exec():
            return
        if dialog.new_consultation_for is not None:
            self.start_consultation(dialog.new_consultation_for)
        elif dialog.chosen_consultation is not None:
            self.open_consultation(dialog.chosen_consultation)

    def open_consultation(self, consultation_id: int) -> bool:
        self.flush()
        outcome = self.controller.do(self.consultations.open, consultation_id)
        self.remember()
        return outcome.done

    def start_consultation(self, patient_id: int) -> None:
        if not self.ensure_names():
            self.prompts.error(
                "The consultation was not started",
                "Enter the surgeon's name first: it is printed on the consent summary.",
            )
            return
        drafts = self.consultations.drafts_today(patient_id)
        if drafts:
            started = drafts[-1].started_at.astimezone().strftime("%H:%M")
            choice = self.prompts.choose(
                "A draft from today exists",
                f"This patient already has a draft consultation from today ({started}). "
                "Open it, or start a second one?",
                ["Open today's draft", "Start a second consultation"],
            )
            if choice is None:
                return
            if choice == 0:
                self.open_consultation(drafts[-1].id)
                return
        self.flush()
        self.controller.present(
            self.consultations.start(patient_id), "The consultation could not be started"
        )
        self.remember()

    def close_consultation(self) -> None:
        self.close_presenter()
        self.flush()
        self.controller.do(self.consultations.close)
        self.remember()

    def reload(self) -> None:
        self.flush()
        self.controller.present(self.consultations.reload(), "Not refreshed")

    def remember(self) -> None:
        """The consultation to bring back at the next start."""
        cid = self.consultations.consultation_id
        self.settings.setValue("open_consultation", cid if cid is not None else "")

    # Signing, finalizing, amending ------------------------------------------------------------

    def show_signing(self) -> None:
        """Sign on screen; the signature is stored at once and drawn in the summary."""
        c = self.consultations
        record = c.record
        if record is None or not c.editable:
            return
        from consultaid.ui.signature_pad import SignatureDialog

        def save(role, name, strokes, *, relationship="", language=""):
            outcome = self.controller.present(
                c.sign(role, name, strokes, relationship=relationship, language=language),
                "Not saved",
            )
            return outcome.value if outcome.done else None

        names = {
            "patient": record.patient.printed_name,
            "surgeon": record.consultation.clinician,
        }
        for role, key in (("interpreter", INTERPRETER), ("representative", REPRESENTATIVE)):
            person = record.answer(key)
            if isinstance(person, dict) and person.get("name"):
                names[role] = str(person["name"])
        self.signature_dialog = self._keep(SignatureDialog(save, names, self.window))
        self.signature_dialog.open()

    def finalize_consultation(self) -> None:
        c = self.consultations
        if c.record is None or c.is_final:
            return
        self.flush()
        readiness = c.readiness()
        if readiness.blocking:
            listing = "\n".join(f"• {line}" for line in readiness.blocking)
            self.prompts.error(
                "Not ready to finalize",
                f"{listing}\n\nUse File → Sign on screen… for each signature, then finalize.",
            )
            return
        gaps = readiness.gaps
        listing = "\n".join(f"• {gap}" for gap in gaps) if gaps else "Nothing is missing."
        message = (
            "Once final, this consultation cannot be changed; later corrections are recorded "
            f"as amendments.\n\nStill missing:\n{listing}\n\nFinalize it now?"
        )
        if not self.prompts.confirm("Finalize consultation", message, "Finalize"):
            return
        self.controller.present(c.finalize(), "Finalize consultation")

    def show_amendment(self) -> None:
        """Correct a final consultation with a reason, then seal a summary that supersedes it."""
        c = self.consultations
        if not c.is_final or c.record is None:
            return
        from consultaid.ui.amend_dialog import AmendDialog

        dialog = AmendDialog(c.procedure, c.record, self.window)
        dialog.accepted.connect(lambda: self._save_amendment(dialog))
        self.amend_dialog = self._keep(dialog)
        dialog.open()

    def _save_amendment(self, dialog) -> None:
        target, value, key, reason = dialog.amendment()
        author = self.consultations.surgeon or self.consultations.record.consultation.clinician
        self.controller.present(
            self.consultations.amend(target, value, key, reason, author), "Amendment"
        )

    # Printing, settings, restoring ------------------------------------------------------------

    def show_summary(self) -> None:
        """Preview the consent form and the leaflet: the sealed ones if final, else drafts."""
        c = self.consultations
        record = c.record
        if record is None:
            return
        self.flush()
        from consultaid.ui.consent_preview import ConsentPreview, PreviewDocument

        cid, final = record.consultation.id, record.consultation.is_final
        day = record.consultation.started_at.astimezone().date().isoformat()
        try:
            # The date and the consultation's number, never a name or MRN: file names land in
            # the desktop's list of recent files.
            documents = [
                PreviewDocument(
                    title, c.printable_pdf(kind), f"{kind}-{day}-consultation-{cid}.pdf", final
                )
                for kind, title in (("consent-form", "Consent form"), ("leaflet", "Leaflet"))
            ]
        except ConsultAidError as exc:
            self.prompts.error("The consent documents cannot be made", str(exc))
            return
        self.controller.changed.emit(Changes.of(Part.DOCUMENTS))
        preview = ConsentPreview(documents, record.patient.display_name, self.prompts, self.window)
        self.consent_preview = self._keep(preview)
        preview.open()

    def show_settings(self) -> None:
        from consultaid.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.controller,
            self.consultations.procedure,
            self.settings,
            self.prompts,
            self.window,
            token_folder=self.token_folder,
        )
        dialog.accepted.connect(self.settings_saved)
        self.settings_dialog = self._keep(dialog)
        dialog.open()

    def settings_saved(self) -> None:
        self.consultations.surgeon = surgeon_name(self.settings)
        self._credit_store()
        self.settingsSaved.emit()

    def restore_from_backup(self) -> None:
        from consultaid.ui.backups_ui import restore_from_backup

        restore_from_backup(self, backup_folder(self.consultations.store.path))
