"""The composition root: builds the QApplication, loads the pack, opens the Store, wires windows.

Nothing else creates long-lived objects; each widget gets what it needs through its constructor.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from consultaid import __version__
from consultaid.changes import Changes
from consultaid.consultation import Consultations
from consultaid.content import load_procedure
from consultaid.content.model import Procedure
from consultaid.errors import ConsultAidError, DatabaseError
from consultaid.logs import configure_logging, log
from consultaid.paths import APP_NAME, data_dir, default_db_path, signing_dir
from consultaid.records import Store
from consultaid.records.backups import backup_folder
from consultaid.ui.backups_ui import AutoBackup
from consultaid.ui.consultation_actions import surgeon_name
from consultaid.ui.main_window import MainWindow
from consultaid.ui.prompts import Prompts, QtPrompts
from consultaid.ui.record_controller import RecordController
from consultaid.ui.record_panels import RecordPanels
from consultaid.ui.screen_fit import ScreenFit
from consultaid.ui.style import STYLESHEET, use_bundled_fonts
from consultaid.ui.walkthrough import Walkthrough
from consultaid.ui.wheel_guard import WheelGuard


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    use_bundled_fonts(app)
    app.setStyleSheet(STYLESHEET)
    return app


def load_pack(pack_path: Path | None, prompts: Prompts) -> Procedure | None:
    """The pack, or None after telling the user in one message what is wrong with it."""
    try:
        return load_procedure(pack_path)
    except ConsultAidError as exc:
        prompts.error("The content pack cannot be loaded", str(exc))
        return None


def open_store(db_path: Path | None, prompts: Prompts) -> Store | None:
    """The Store, or None after saying what is wrong with the database and what to do."""
    try:
        return Store.open(db_path or default_db_path())
    except ConsultAidError as exc:
        prompts.error("The records cannot be opened", str(exc))
        return None


def build_main_window(
    procedure: Procedure,
    settings: QSettings,
    prompts: Prompts,
    store: Store | None = None,
    signing_folder: Path | None = None,
) -> MainWindow:
    """The window and what it is made of: one Consultations, its controller, the panels."""
    WheelGuard.install(QApplication.instance())
    ScreenFit.install(QApplication.instance())
    consultations = Consultations(
        store, procedure, surgeon=surgeon_name(settings), signing_folder=signing_folder
    )
    controller = RecordController(consultations, prompts)
    walkthrough = Walkthrough(procedure, controller)
    panels = RecordPanels.build(controller, walkthrough) if store is not None else None
    window = MainWindow(walkthrough, settings, prompts, controller, panels)
    controller.setParent(window)
    walkthrough.setParent(window)
    return window


def reopen_last(window: MainWindow) -> None:
    """Bring back the consultation that was open when the app last closed."""
    actions = window.commands
    value = window.settings.value("open_consultation", "")
    if actions is None or not str(value).isdigit():
        return
    if window.consultations.open(int(value)).refused:
        window.settings.setValue("open_consultation", "")
        return
    window.controller.changed.emit(Changes.record())
    step = str(window.settings.value("open_step", "0"))
    window.walkthrough.go_to(int(step) if step.isdigit() else 0)


def first_steps(window: MainWindow) -> None:
    """On the first start, the surgeon's and clinic's names; then, if nothing is open, patients."""
    actions = window.commands
    if actions is None:
        return
    actions.ensure_names()
    if window.consultations.record is None:
        actions.show_patients()


def warn_if_tampered(store: Store, prompts: Prompts) -> None:
    """Say at start-up if the records were changed behind the app's back; `check` says more."""
    try:
        problems = store.quick_check(log_folder=data_dir())
    except DatabaseError as exc:
        prompts.error("The records could not be checked", str(exc))
        return
    if problems:
        log.warning("start-up check found %d problem(s)", len(problems))
        prompts.error(
            "The records were changed outside ConsultAid",
            f"{problems[0]} Run “consultaid check” for the full report, and restore a backup "
            "made before the change (File → Restore from backup).",
        )


def run_app(db_path: Path | None = None, pack_path: Path | None = None) -> int:
    app = application()
    configure_logging(data_dir())
    log.info("ConsultAid %s starting", __version__)
    prompts = QtPrompts()
    procedure = load_pack(pack_path, prompts)
    if procedure is None:
        return 1
    store = open_store(db_path, prompts)
    if store is None:
        return 1
    window = build_main_window(procedure, QSettings(), prompts, store, signing_dir())
    prompts.parent = window
    QTimer.singleShot(0, lambda: warn_if_tampered(store, prompts))
    reopen_last(window)
    window.show()
    window.raise_()
    window.activateWindow()
    window.start_idle_lock()
    backup = AutoBackup(store.path, backup_folder(store.path), window)
    backup.failed.connect(lambda text: prompts.error("The automatic backup failed", text))
    backup.start()
    QTimer.singleShot(0, lambda: first_steps(window))
    try:
        return app.exec()
    finally:
        store.close()
        log.info("ConsultAid closed")
