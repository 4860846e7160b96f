"""Every window of the app, opened as the surgeon meets it, over the demo records.

Used by tests/ui/screen_probe.py in a child process whose one screen has the size under test.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialog, QWidget

from consultaid.content import load_procedure
from consultaid.records import Store
from consultaid.records.demo import add_demo_data
from consultaid.ui.app import application, build_main_window
from tests.ui.screen_checks import LOOKED_AT, dialog_problems, name_of, settle, window_problems
from tests.windows import FakePrompts

DRAFT, FINAL = 2, 3  # the demo's draft under way and its final consultation


def all_windows(folder: Path) -> dict[str, object]:
    """{"screen": [width, height, ratio], "windows": [...], "problems": [...]}."""
    app = application(["probe"])
    procedure = load_procedure()
    store = Store.open(folder / "records.db")
    add_demo_data(store, procedure)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("clinician", "Dr Probe")
    prompts = FakePrompts()
    window = build_main_window(procedure, settings, prompts, store)
    window.open_consultation(DRAFT)
    window.show()
    settle()
    problems = window_problems(window, "main window")
    problems += dock_problems(window)
    problems += toolbar_problems(window)
    problems += focus_problems(window)
    problems += popup_problems(window.levels, "main window")
    for dock in window.record_docks:
        dock.raise_()
        settle()
        problems += window_problems(window, f"main window, {dock.windowTitle()} tab")
        boxes = [b for b in dock.widget().findChildren(QComboBox) if b.isVisible()]
        if boxes:  # a list in a scrolling panel opens beside its box too
            problems += popup_problems(boxes[0], f"main window, {dock.windowTitle()} tab")
    window.walkthrough.go_to(window.walkthrough.count - 1)
    problems += window_problems(window, "main window, last step")
    problems += presenter_problems(window)
    problems += dialogs(window, store, procedure, settings, prompts)
    window.close()
    store.close()
    app.processEvents()
    screen = app.primaryScreen()
    size = screen.availableGeometry().size()
    return {
        "screen": [size.width(), size.height(), screen.devicePixelRatio()],
        "windows": sorted(set(LOOKED_AT)),
        "problems": problems,
    }


def dock_problems(window) -> list[str]:
    """Each record dock's tab is on screen, whichever dock is in front."""
    from PySide6.QtWidgets import QTabBar

    bars = [b for b in window.findChildren(QTabBar) if b.isVisible() and b.count() > 1]
    if not bars:
        return ["main window: the record docks have no visible tabs"]
    problems = []
    available = window.screen().availableGeometry()
    for bar in bars:
        for i in range(bar.count()):
            corner = bar.mapToGlobal(bar.tabRect(i).bottomRight())
            if not available.contains(corner):
                problems.append(f"main window: dock tab {bar.tabText(i)!r} is off the screen")
    return problems


def toolbar_problems(window) -> list[str]:
    """Every tool of the walkthrough's toolbar is on it, none folded behind "More tools"."""
    from PySide6.QtWidgets import QToolBar, QToolButton

    out = []
    for bar in window.findChildren(QToolBar):
        more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None and more.isVisible():
            out.append(f"main window: the toolbar {bar.windowTitle()!r} folds tools away")
    return out


def focus_problems(window) -> list[str]:
    """Tab from the last risk's tick box goes to something the surgeon can see."""
    window.record_docks[0].raise_()
    window.activateWindow()
    settle()
    ticks = [c for c in window.risk_panel.findChildren(QCheckBox) if c.isVisible()]
    if not ticks:
        return ["main window: no risk tick boxes are visible"]
    problems = []
    ticks[-1].setFocus()
    for _ in range(3):
        window.focusNextChild()
        settle()
        focused = QApplication.focusWidget()
        if focused is None or not focused.isVisible() or not visible_on_top(focused):
            problems.append(f"main window: Tab from the last risk lands in hidden {focused!r}")
            break
    return problems


def visible_on_top(widget: QWidget) -> bool:
    """Shown, and not inside a dock that another dock's tab covers."""
    from PySide6.QtWidgets import QDockWidget

    parent = widget
    while parent is not None:
        if isinstance(parent, QDockWidget) and parent.visibleRegion().isEmpty():
            return False
        parent = parent.parentWidget()
    return not widget.visibleRegion().isEmpty()


def popup_problems(combo: QComboBox, title: str) -> list[str]:
    """A combo box's list opens over or beside the box, not somewhere else on the screen."""
    combo.showPopup()
    settle()
    popup = combo.view().window()
    where = popup.frameGeometry()
    box = combo.rect().translated(combo.mapToGlobal(combo.rect().topLeft()))
    combo.hidePopup()
    settle()
    near = where.adjusted(-4, -4, 4, 4).intersects(box.adjusted(0, -4, 0, 4))
    available = combo.screen().availableGeometry()
    if not near or not available.contains(where):
        return [f"{title}: the list of {name_of(combo)} opens at {where} away from {box}"]
    return []


def presenter_problems(window) -> list[str]:
    window.toggle_presenter()
    settle()
    presenter = window.presenter
    problems = window_problems(presenter, "presenter view") if presenter else ["no presenter"]
    window.close_presenter()
    settle()
    return problems


def readiness_box(window) -> QDialog:
    """The longest message the app shows: what a fresh draft still lacks before finalizing."""
    from PySide6.QtWidgets import QMessageBox

    window.open_consultation(1)
    readiness = window.consultations.readiness()
    listing = "\n".join(f"• {line}" for line in (*readiness.blocking, *readiness.gaps))
    box = QMessageBox(QMessageBox.Icon.Critical, "Not ready to finalize", listing)
    box.setParent(window, box.windowFlags())
    window.open_consultation(DRAFT)
    return box


def folder_of(store: Store) -> Path:
    return Path(store.path).parent


def sample_pdf(folder: Path, pages: int = 3) -> bytes:
    """A few A4 pages with a line of text each: the preview's sizing does not depend on them."""
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    path = folder / "sample.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.drawText(200, 400, f"Consent summary, page {page + 1}")
    painter.end()
    return path.read_bytes()


def dialogs(window, store, procedure, settings, prompts) -> list[str]:
    from consultaid.ui.amend_dialog import AmendDialog
    from consultaid.ui.consent_preview import ConsentPreview, PreviewDocument
    from consultaid.ui.patient_form import PatientForm
    from consultaid.ui.patients_dialog import PatientsDialog
    from consultaid.ui.prompts import NamesDialog
    from consultaid.ui.settings_dialog import SettingsDialog
    from consultaid.ui.signature_pad import SignatureDialog

    controller = window.controller
    c = window.consultations
    names = {"patient": "Ελένη Παπαδοπούλου", "surgeon": "Dr Probe"}
    patient = c.record.patient
    problems = dialog_problems(lambda: PatientsDialog(controller, window), "Patients")
    problems += dialog_problems(lambda: PatientForm(controller, patient, window), "Edit patient")
    problems += dialog_problems(lambda: NamesDialog("", "", window), "Welcome")
    problems += dialog_problems(
        lambda: SettingsDialog(controller, procedure, settings, prompts, window), "Settings"
    )
    problems += dialog_problems(
        lambda: SignatureDialog(lambda *a, **k: None, names, window), "Sign on screen"
    )
    pdf = sample_pdf(folder_of(store))
    problems += dialog_problems(
        lambda: ConsentPreview(
            [PreviewDocument("Consent form", pdf, "c.pdf"), PreviewDocument("Leaflet", pdf, "l")],
            patient.display_name,
            prompts,
            window,
        ),
        "Consent summary",
    )
    problems += dialog_problems(lambda: readiness_box(window), "Message")
    window.open_consultation(FINAL)
    settle()
    problems += dialog_problems(lambda: AmendDialog(procedure, c.record, window), "Amendment")
    return problems
