"""The consultation record beside the walkthrough: the panels, the patients screen, finalizing,
the "not saved yet" bar and the idle lock. A mixin of MainWindow, kept apart to keep both readable.
"""

from __future__ import annotations

import getpass
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar

from consultaid.clinic_settings import SETTING_SHOW_PLATE
from consultaid.completeness import missing_items
from consultaid.errors import ConsultAidError
from consultaid.record_keys import INTERPRETER, REPRESENTATIVE
from consultaid.records.backups import backup_folder
from consultaid.ui.backups_ui import restore_from_backup
from consultaid.ui.candidacy_panel import CandidacyPanel
from consultaid.ui.consultation_link import ConsultationLink
from consultaid.ui.discussion_panel import DiscussionPanel
from consultaid.ui.idle_lock import DEFAULT_MINUTES, IdleWatch, LockScreen
from consultaid.ui.risk_panel import RiskPanel
from consultaid.ui.session import Session

BANNER_STYLE = "padding: 8px 12px; border-radius: 6px; font-size: 16px; "


def _number(value: object, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def _login_name() -> str:

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "clinician"


class RecordWindowMixin:
    """Everything of MainWindow that concerns the open consultation (needs a Session)."""

    def _build_record_panels(self, session: Session) -> None:
        """The consultation record beside the walkthrough: risks, candidacy, discussion."""
        self.risk_panel = RiskPanel(session, self.walkthrough)
        self.candidacy_panel = CandidacyPanel(session, self.walkthrough)
        self.discussion_panel = DiscussionPanel(session)
        docks = []
        for title, name, widget in (
            ("Risks", "risksDock", self.risk_panel),
            ("Candidacy", "candidacyDock", self.candidacy_panel),
            ("Discussion", "discussionDock", self.discussion_panel),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setAccessibleName(title)
            dock.setWidget(widget)
            widget.setMinimumWidth(400)
            dock.setFeatures(self.notes_dock.features())
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.tabifyDockWidget(self.notes_dock, dock)
            docks.append(dock)
        self.record_docks = docks
        docks[0].raise_()
        self.resizeDocks([self.notes_dock], [520], Qt.Orientation.Horizontal)
        self.link = ConsultationLink(session, self.walkthrough, self.close_presenter)
        self.patients_action = self._action("Patients…", self.show_patients, ("Ctrl+O",))
        self.summary_action = self._action("Consent summary…", self.show_summary, ("Ctrl+P",))
        self.sign_action = self._action("Sign on screen…", self.sign, ())
        self.finalize_action = self._action("Finalize consultation…", self.finalize, ())
        self.amend_action = self._action("Record an amendment…", self.amend, ())
        self.close_record_action = self._action(
            "Close consultation", session.close_consultation, ("Ctrl+W",)
        )
        self.settings_action = self._action("Settings…", self.show_settings, ())
        self.refresh_action = self._action("Refresh from the database", session.reload, ("Ctrl+R",))
        self.restore_action = self._action("Restore from backup…", self.restore_from_backup, ())
        first = self.file_menu.actions()[0]
        for action in (
            self.patients_action,
            self.summary_action,
            self.sign_action,
            self.finalize_action,
            self.amend_action,
            self.close_record_action,
        ):
            self.file_menu.insertAction(first, action)
        self.file_menu.insertSeparator(first)
        self.file_menu.insertAction(first, self.refresh_action)
        self.file_menu.insertAction(first, self.settings_action)
        self.file_menu.insertAction(first, self.restore_action)
        self.file_menu.insertSeparator(first)
        self.plate_action.triggered.connect(self.save_show_plate)
        session.consultationChanged.connect(self.show_consultation)
        session.recordChanged.connect(self.show_consultation)
        session.saveFailed.connect(lambda text: self.prompts.error("Not saved", text))
        session.pendingChanged.connect(self.show_pending)
        self.lock_screen = LockScreen(self)
        self.lock_screen.unlocked.connect(self.unlock)
        minutes = _number(
            self.settings.value("idle_lock_minutes", DEFAULT_MINUTES), DEFAULT_MINUTES
        )
        self.idle = IdleWatch(round(minutes * 60_000), self)
        self.idle.idle.connect(self.lock)
        self.apply_clinic_settings()
        self.show_consultation()

    def show_consultation(self) -> None:
        session = self.session
        record = session.record if session else None
        if session is None:
            return
        editable = session.editable
        can_draw = record is None or editable
        self.illustration.drawing_enabled = can_draw
        self.levels.setEnabled(can_draw)
        for action in (self.undo_action, self.clear_action, *self.pen_actions.actions()):
            action.setVisible(can_draw)
        self.finalize_action.setEnabled(editable or session.is_past)
        self.sign_action.setEnabled(editable)
        self.amend_action.setEnabled(session.is_final)
        self.summary_action.setEnabled(record is not None)
        self.close_record_action.setEnabled(record is not None)
        if record is None:
            self.banner.setText("No consultation is open. Choose File → Patients… (Ctrl+O).")
            self.banner.setStyleSheet(BANNER_STYLE + "background: #eef1f3; color: #44525c;")
            return
        patient, consultation = record.patient, record.consultation
        when = consultation.started_at.astimezone().strftime("%d %b %Y %H:%M")
        if consultation.is_final:
            finalized = consultation.finalized_at.astimezone()
            status = f"FINAL — read only (finalized {finalized:%d %b %Y %H:%M})"
        elif session.is_past:
            status = "Draft from an earlier day — read only; finalize it or start a new one"
        else:
            status = "Draft — every change is saved as you go"
        if consultation.content_version != session.procedure.content_version:
            status += (
                f" · held with content version {consultation.content_version[:12]}; "
                f"shown now: {session.procedure.content_version[:12]}"
            )
        self.banner.setText(
            f"<b>{html.escape(patient.display_name)}</b> · born "
            f"{patient.date_of_birth:%d %b %Y} · MRN {html.escape(patient.mrn)} · "
            f"{when} · {html.escape(consultation.clinician)} · {status}"
        )
        colour = (
            "background: #e3efe6; color: #1f4d2b;"
            if session.editable
            else "background: #f3e7d3; color: #5a3d12;"
        )
        self.banner.setStyleSheet(BANNER_STYLE + colour)

    def start_idle_lock(self) -> None:
        """Watch for input from now on (the composition root calls this once the app runs)."""
        app = QApplication.instance()
        if app is not None and self.session is not None:
            app.installEventFilter(self.idle)
            self.idle.start()

    def lock(self) -> None:
        """Hide every patient detail: the presenter closes and the window's contents hide."""
        self.close_presenter()
        self.flush_record()
        self.centralWidget().hide()
        for dock in self.findChildren(QDockWidget):
            dock.setProperty("lockedVisible", dock.isVisible())
            dock.hide()
        self.menuBar().setEnabled(False)
        for toolbar in self.findChildren(QToolBar):
            toolbar.setEnabled(False)
        self.lock_screen.lock()

    def unlock(self) -> None:
        self.centralWidget().show()
        for dock in self.findChildren(QDockWidget):
            dock.setVisible(bool(dock.property("lockedVisible")))
        self.menuBar().setEnabled(True)
        for toolbar in self.findChildren(QToolBar):
            toolbar.setEnabled(True)
        self.idle.start()

    @property
    def locked(self) -> bool:
        return self.session is not None and self.lock_screen.isVisible()

    def show_pending(self, count: int, reason: str) -> None:
        self.pending_bar.setVisible(count > 0)
        if count:
            self.pending_bar.setText(
                f"{count} change{'s' if count > 1 else ''} not saved yet. {reason} "
                "ConsultAid keeps trying every few seconds; keep it open."
            )

    def close_presenter(self) -> None:
        if self.presenter is not None:
            self.presenter.close()

    def show_patients(self) -> None:
        self.close_presenter()
        self.flush_record()
        from consultaid.ui.patients_dialog import PatientsDialog

        dialog = PatientsDialog(self.session.store, self)
        if not dialog.exec():
            return
        if dialog.new_consultation_for is not None:
            self.start_consultation(dialog.new_consultation_for)
        elif dialog.chosen_consultation is not None:
            self.session.open(dialog.chosen_consultation)
        self.remember_consultation()

    def start_consultation(self, patient_id: int) -> None:
        clinician = self.settings.value("clinician", "") or _login_name()
        try:
            self.session.start(patient_id, str(clinician), self.walkthrough.levels)
        except ConsultAidError as exc:
            self.prompts.error("The consultation could not be started", str(exc))

    def remember_consultation(self) -> None:
        cid = self.session.consultation_id if self.session else None
        self.settings.setValue("open_consultation", cid if cid is not None else "")
        self.settings.setValue("open_step", self.walkthrough.index)

    def finalize(self) -> None:
        session = self.session
        if session is None or session.record is None or session.is_final:
            return
        self.flush_record()
        gaps = missing_items(session.procedure, session.record)
        listing = "\n".join(f"• {gap}" for gap in gaps) if gaps else "Nothing is missing."
        message = (
            "Once final, this consultation cannot be changed; later corrections are recorded "
            f"as amendments.\n\nStill missing:\n{listing}\n\nFinalize it now?"
        )
        if not self.prompts.confirm("Finalize consultation", message, "Finalize"):
            return
        actor = self.clinician()
        cid = session.consultation_id
        finalize = session.store.finalize
        if session.apply(lambda: finalize(cid, actor), "finalize", closes_past_draft=True) is None:
            return
        from consultaid.consent.sealing import seal

        try:
            seal(session.store, cid)
        except ConsultAidError as exc:
            self.prompts.error(
                "The consent summary was not stored",
                f"The consultation is final, but its consent summary could not be stored: {exc} "
                "It will be stored when you next open the consent summary.",
            )
        self.show_consultation()

    def amend(self) -> None:
        """Correct a final consultation with a reason, then seal a summary that supersedes it."""
        session = self.session
        if session is None or not session.is_final:
            return
        from consultaid.ui.amend_dialog import AmendDialog

        dialog = AmendDialog(session.procedure, session.record, self)
        self.amend_dialog = dialog
        dialog.accepted.connect(lambda: self._save_amendment(dialog))
        dialog.open()

    def _save_amendment(self, dialog) -> None:
        session = self.session
        target, value, key, reason = dialog.amendment()
        if not session.amend(target, value, key, reason, self.clinician()):
            return
        from consultaid.consent.sealing import seal

        try:
            seal(session.store, session.consultation_id)
        except ConsultAidError as exc:
            self.prompts.error(
                "The new consent summary was not stored",
                f"The amendment is saved, but the new summary could not be stored: {exc} "
                "It will be stored when you next open the consent summary.",
            )

    def restore_from_backup(self) -> None:
        restore_from_backup(self, backup_folder(self.session.store.path))

    def clinician(self) -> str:
        return str(self.settings.value("clinician", "") or _login_name())

    def show_summary(self) -> None:
        """Preview the consent summary: the sealed one if final, else a draft render."""
        session = self.session
        if session is None or session.record is None:
            return
        self.flush_record()
        from consultaid.consent.sealing import printable_pdf
        from consultaid.ui.consent_preview import ConsentPreview

        record = session.record
        try:
            pdf = printable_pdf(session.store, record.consultation.id)
        except ConsultAidError as exc:
            self.prompts.error("The consent summary cannot be made", str(exc))
            return
        session.reload()
        name = f"consent-{record.patient.mrn}-{record.consultation.id}.pdf"
        preview = ConsentPreview(pdf, record.patient.display_name, name, self.prompts, self)
        self.consent_preview = preview
        preview.open()

    def sign(self) -> None:
        """Sign on screen; the signature is stored at once and drawn in the summary."""
        session = self.session
        if session is None or not session.editable:
            return
        from consultaid.ui.signature_pad import SignatureDialog

        record = session.record
        store, cid = session.store, record.consultation.id

        def save(role, name, strokes, *, relationship="", language=""):
            return session.apply(
                lambda: store.save_signature(
                    cid, role, name, strokes, relationship=relationship, language=language
                ),
                "save_signature",
            )

        names = {
            "patient": f"{record.patient.given_names} {record.patient.family_name}".strip(),
            "surgeon": record.consultation.clinician,
        }
        for role, key in (("interpreter", INTERPRETER), ("representative", REPRESENTATIVE)):
            person = record.answer(key)
            if isinstance(person, dict) and person.get("name"):
                names[role] = str(person["name"])
        dialog = SignatureDialog(save, names, self)
        self.signature_dialog = dialog
        dialog.open()

    def show_settings(self) -> None:
        from consultaid.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.session.store, self.walkthrough.procedure, self.settings, self.prompts, self
        )
        dialog.accepted.connect(self.apply_clinic_settings)
        self.settings_dialog = dialog
        dialog.open()

    def apply_clinic_settings(self) -> None:
        store = self.session.store
        try:
            show_plate = bool(store.get_setting(SETTING_SHOW_PLATE, False))
        except ConsultAidError:
            show_plate = False
        self.plate_action.setChecked(show_plate)
        self.walkthrough.set_show_plate(show_plate)
        store.actor = self.clinician()
        minutes = _number(self.settings.value("idle_lock_minutes"), DEFAULT_MINUTES)
        self.idle.timer.setInterval(round(minutes * 60_000))

    def save_show_plate(self, show: bool) -> None:
        try:
            self.session.store.set_setting(SETTING_SHOW_PLATE, bool(show))
        except ConsultAidError as exc:
            self.prompts.error("Not saved", str(exc))

    def flush_record(self) -> None:
        """Save what is being typed and the time on the current step."""
        if self.session is not None and self.session.record is not None:
            self.discussion_panel.flush()
            self.link.flush_visit()
