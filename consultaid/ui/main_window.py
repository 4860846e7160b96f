"""The surgeon's window: steps, the large illustration, the patient text and the talking points.

Everything it shows comes from the Walkthrough; navigation, level and drawing changes go back to it,
and the presenter view (if open) follows the same object. With records behind it, the window also
holds the record panels (as docks), the consultation's File commands and the idle lock, each given
to it ready-made or built from the record controller it receives.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultaid import __version__
from consultaid.changes import Changes, Part
from consultaid.levels import format_levels, level_options
from consultaid.strokes import PEN_COLOURS
from consultaid.ui.banner import ConsultationBanner, PendingBar
from consultaid.ui.consultation_actions import ConsultationActions
from consultaid.ui.idle_lock import DEFAULT_MINUTES, WindowLock
from consultaid.ui.illustration_view import IllustrationView
from consultaid.ui.presenter import PresenterWindow
from consultaid.ui.prompts import Prompts
from consultaid.ui.record_controller import RecordController
from consultaid.ui.record_panels import RecordPanels
from consultaid.ui.screen_fit import fitted_size, frame_margins, needed_width
from consultaid.ui.style import STEP_ROW_PADDING, pen_icon, vertical_scroll
from consultaid.ui.text import paragraphs_html
from consultaid.ui.walkthrough import Walkthrough
from consultaid.ui.wrapping_list import WrappingList

ZOOM_STEPS = (70, 80, 90, 100, 115, 130, 150, 175, 200)
BASE_TEXT_PX = 26
PRESENTER_RATIO = 1.3
PANEL_MIN_WIDTH, PANEL_WIDTH = 400, 520


def idle_minutes(value: object) -> float:
    """The idle-lock delay from the settings, or the default for anything unusable."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return number if 0 < number < 24 * 60 else DEFAULT_MINUTES


def show_content(dock: QDockWidget, shown: bool) -> None:
    """A dock behind another's tab hides its contents, so Tab never moves focus into it.

    Qt only moves such a dock out of sight: its fields stay "visible" and in the focus chain.
    """
    widget = dock.widget()
    if widget is not None and widget.isVisibleTo(dock) != shown:
        widget.setVisible(shown)


class MainWindow(QMainWindow):
    def __init__(
        self,
        walkthrough: Walkthrough,
        settings: QSettings,
        prompts: Prompts,
        controller: RecordController,
        panels: RecordPanels | None = None,
    ) -> None:
        super().__init__()
        self.walkthrough = walkthrough
        self.settings = settings
        self.prompts = prompts
        self.controller = controller
        self.consultations = controller.consultations
        self.panels = panels
        self.commands: ConsultationActions | None = None
        self.window_lock: WindowLock | None = None
        self.presenter: PresenterWindow | None = None
        procedure = walkthrough.procedure
        self.setWindowTitle(f"ConsultAid — {procedure.plain_title}")
        self.setAccessibleName("ConsultAid main window")

        self.steps = WrappingList(QSize(*STEP_ROW_PADDING))
        self.steps.setAccessibleName("Steps")
        self.steps.setObjectName("steps")
        self.steps.setMinimumWidth(230)
        for n, step in enumerate(procedure.steps, 1):
            self.steps.addItem(QListWidgetItem(f"{n}   {step.title}"))
        self.steps.currentRowChanged.connect(walkthrough.go_to)

        self.illustration = IllustrationView()
        self.illustration.setAccessibleName("Illustration: draw on it with the mouse, pen or touch")
        self.illustration.strokeFinished.connect(walkthrough.add_stroke)

        self.step_title = QLabel()
        self.step_title.setWordWrap(True)
        self.step_title.setObjectName("stepTitle")
        self.step_title.setAccessibleName("Step title")
        self.patient_text = QLabel()
        self.patient_text.setObjectName("patientText")
        self.patient_text.setAccessibleName("Explanation for the patient")
        self.patient_text.setWordWrap(True)
        self.patient_text.setTextFormat(Qt.TextFormat.RichText)
        self.patient_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.patient_text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        text_scroll = vertical_scroll(self.patient_text)
        text_scroll.setAccessibleName("Explanation for the patient")

        self.previous_button = QPushButton("◀  Previous")
        self.previous_button.setAccessibleName("Previous step")
        self.previous_button.clicked.connect(walkthrough.previous)
        self.next_button = QPushButton("Next  ▶")
        self.next_button.setAccessibleName("Next step")
        self.next_button.clicked.connect(walkthrough.next)
        self.position = QLabel()
        self.position.setAccessibleName("Step position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.position)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        centre = QWidget()
        centre.setObjectName("centre")
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(20, 12, 20, 12)
        centre_layout.setSpacing(10)
        self.banner = ConsultationBanner(self.consultations)
        self.banner.setVisible(panels is not None)
        centre_layout.addWidget(self.banner)
        self.pending_bar = PendingBar()
        centre_layout.addWidget(self.pending_bar)
        centre_layout.addWidget(self.step_title)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.illustration)
        splitter.addWidget(text_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 240])
        centre_layout.addWidget(splitter, 1)
        centre_layout.addLayout(nav)

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.steps)
        body.addWidget(centre)
        body.setChildrenCollapsible(False)
        body.setStretchFactor(1, 1)
        body.setSizes([250, 1100])
        self.setCentralWidget(body)

        self.talking_points = QLabel()
        self.talking_points.setObjectName("talkingPoints")
        self.talking_points.setAccessibleName("Talking points for the surgeon")
        self.talking_points.setWordWrap(True)
        self.talking_points.setTextFormat(Qt.TextFormat.RichText)
        self.talking_points.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        points_scroll = vertical_scroll(self.talking_points)
        self.notes_dock = QDockWidget("For the surgeon", self)
        self.notes_dock.setObjectName("notesDock")
        self.notes_dock.setAccessibleName("Surgeon's panel")
        self.notes_dock.setWidget(points_scroll)
        self.notes_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_dock)

        self._build_actions()
        if panels is not None:
            self._add_record_panels(panels)
        self._zoom = self._restore_zoom()
        self.apply_zoom()

        walkthrough.stepChanged.connect(self.show_step)
        walkthrough.levelsChanged.connect(self.show_levels)
        walkthrough.textChanged.connect(self.show_patient_text)
        walkthrough.drawingChanged.connect(self.refresh_illustration)
        walkthrough.factsChanged.connect(self.refresh_illustration)
        controller.changed.connect(self.record_changed)
        controller.pendingChanged.connect(self.pending_bar.show_pending)
        self.record_changed(Changes.record())
        self.show_step()
        self._restore_geometry()

    def _add_record_panels(self, panels: RecordPanels) -> None:
        """The record panels as docks tabbed with the talking points, and the File commands."""
        docks = []
        for title, name, widget in panels.titled():
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setAccessibleName(title)
            dock.setWidget(widget)
            widget.setMinimumWidth(max(PANEL_MIN_WIDTH, needed_width(widget)))
            dock.setFeatures(self.notes_dock.features())
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.tabifyDockWidget(self.notes_dock, dock)
            docks.append(dock)
        self.record_docks = docks
        for dock in (self.notes_dock, *docks):
            dock.visibilityChanged.connect(lambda shown, d=dock: show_content(d, shown))
        docks[0].raise_()
        actions = ConsultationActions(
            self,
            self.controller,
            self.settings,
            self.prompts,
            flush=self.flush_record,
            close_presenter=self.close_presenter,
        )
        self.commands = actions
        self.risk_panel, self.candidacy_panel = panels.risks, panels.candidacy
        self.discussion_panel = panels.discussion
        self.patients_action, self.summary_action = actions.patients, actions.summary
        self.sign_action, self.finalize_action = actions.sign, actions.finalize
        self.amend_action, self.close_record_action = actions.amend, actions.close_record
        self.settings_action, self.refresh_action = actions.settings_action, actions.refresh
        self.restore_action = actions.restore
        first = self.file_menu.actions()[0]
        for action in actions.record_actions:
            self.file_menu.insertAction(first, action)
        self.file_menu.insertSeparator(first)
        for action in actions.file_actions:
            self.file_menu.insertAction(first, action)
        self.file_menu.insertSeparator(first)
        minutes = idle_minutes(self.settings.value("idle_lock_minutes", DEFAULT_MINUTES))
        self.window_lock = WindowLock(self, minutes, self.before_lock)
        actions.settingsSaved.connect(self.apply_idle_minutes)

    def record_changed(self, changes: Changes) -> None:
        """Another consultation: the presenter closes; a read-only one cannot be drawn on."""
        self.banner.record_changed(changes)
        if changes.touches(Part.RECORD):
            self.close_presenter()
        if changes.touches(Part.STATUS):
            can_draw = self.consultations.can_draw
            self.illustration.drawing_enabled = can_draw
            self.levels.setEnabled(can_draw)
            for action in (self.undo_action, self.clear_action, *self.pen_actions.actions()):
                action.setVisible(can_draw)

    def apply_idle_minutes(self) -> None:
        if self.window_lock is not None:
            self.window_lock.set_minutes(
                idle_minutes(self.settings.value("idle_lock_minutes", DEFAULT_MINUTES))
            )

    def flush_record(self) -> None:
        """Save what is being typed and the time on the current step."""
        if self.panels is not None and self.consultations.record is not None:
            self.panels.flush()
            self.walkthrough.flush_visit()

    def before_lock(self) -> None:
        self.close_presenter()
        self.flush_record()

    def start_idle_lock(self) -> None:
        if self.window_lock is not None:
            self.window_lock.start()

    @property
    def locked(self) -> bool:
        return self.window_lock is not None and self.window_lock.locked

    def close_presenter(self) -> None:
        if self.presenter is not None:
            self.presenter.close()

    def show_patients(self) -> None:
        if self.commands is not None:
            self.commands.show_patients()

    def start_consultation(self, patient_id: int) -> None:
        if self.commands is not None:
            self.commands.start_consultation(patient_id)

    def open_consultation(self, consultation_id: int) -> None:
        if self.commands is not None:
            self.commands.open_consultation(consultation_id)

    def close_consultation(self) -> None:
        if self.commands is not None:
            self.commands.close_consultation()

    def _build_actions(self) -> None:
        w = self.walkthrough
        self.next_action = self._action("Next step", w.next, ("Right", "PgDown"))
        self.previous_action = self._action("Previous step", w.previous, ("Left", "PgUp"))
        self.present_action = self._action("Present to patient", self.toggle_presenter, ("F5",))
        self.present_action.setCheckable(True)
        self.undo_action = self._action("Undo drawing", w.undo, (QKeySequence.StandardKey.Undo,))
        self.clear_action = self._action("Clear drawing", self.clear_drawing, ())
        self.zoom_in_action = self._action(
            "Larger text", lambda: self.zoom_by(1), ("Ctrl+=", "Ctrl++")
        )
        self.zoom_out_action = self._action("Smaller text", lambda: self.zoom_by(-1), ("Ctrl+-",))
        self.zoom_reset_action = self._action("Normal text size", self.zoom_reset, ("Ctrl+0",))
        self.quit_action = self._action("Quit", self.close, (QKeySequence.StandardKey.Quit,))
        self.about_action = self._action("About ConsultAid", self.show_about, ())

        self.levels = QComboBox()
        self.levels.setAccessibleName("Spinal level")
        self.levels.setToolTip("The level (or two neighbouring levels) of this patient's surgery")
        for option in level_options():
            self.levels.addItem(format_levels(option).replace(" and ", " + "), option)
        self.levels.setCurrentIndex(level_options().index(w.levels))
        self.levels.currentIndexChanged.connect(lambda i: w.set_levels(self.levels.itemData(i)))

        self.pen_actions = QActionGroup(self)
        self.pen_actions.setExclusive(True)
        for n, (name, colour) in enumerate(PEN_COLOURS.items(), 1):
            action = QAction(pen_icon(colour), f"{name.title()} pen", self)
            action.setCheckable(True)
            action.setChecked(name == self.illustration.pen_colour)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.setToolTip(f"Draw in {name} (Ctrl+{n})")
            action.triggered.connect(lambda _=False, name=name: self.set_pen(name))
            self.pen_actions.addAction(action)
            self.addAction(action)

        toolbar = QToolBar("Walkthrough")
        toolbar.setObjectName("walkthroughToolbar")
        toolbar.setAccessibleName("Walkthrough toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        level_label = QLabel("  Level  ")
        level_label.setBuddy(self.levels)
        toolbar.addWidget(level_label)
        toolbar.addWidget(self.levels)
        toolbar.addSeparator()
        for action in self.pen_actions.actions():
            toolbar.addAction(action)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.clear_action)
        toolbar.addSeparator()
        toolbar.addAction(self.present_action)
        self.addToolBar(toolbar)
        for name in ("undo", "clear", "present"):
            button = toolbar.widgetForAction(getattr(self, f"{name}_action"))
            button.setAccessibleName(getattr(self, f"{name}_action").text())
        for action in self.pen_actions.actions():
            toolbar.widgetForAction(action).setAccessibleName(action.text())
        # On a narrow window Qt folds the last tools behind this button.
        more = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None:
            more.setAccessibleName("More tools")

        menus = self.menuBar()
        self.file_menu = file_menu = menus.addMenu("&File")
        file_menu.addAction(self.quit_action)
        view_menu = menus.addMenu("&View")
        view_menu.addAction(self.present_action)
        view_menu.addSeparator()
        for action in (self.previous_action, self.next_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.notes_dock.toggleViewAction())
        draw_menu = menus.addMenu("&Draw")
        for action in self.pen_actions.actions():
            draw_menu.addAction(action)
        draw_menu.addAction(self.undo_action)
        draw_menu.addAction(self.clear_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _action(self, text: str, slot, shortcuts: tuple) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def show_step(self, *_: object) -> None:
        w = self.walkthrough
        step = w.step
        if self.steps.currentRow() != w.index:
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(w.index)
            self.steps.blockSignals(False)
        self.step_title.setText(step.title)
        self.patient_text.setText(paragraphs_html(w.paragraphs()))
        points = "".join(
            f"<li style='margin-bottom:6px'>{html.escape(p)}</li>" for p in step.talking_points
        )
        self.talking_points.setText(
            f"<b>Talking points</b><ul style='margin-left:-18px'>{points}</ul>"
        )
        self.position.setText(f"Step {w.index + 1} of {w.count}")
        self.previous_button.setEnabled(w.index > 0)
        self.next_button.setEnabled(w.index < w.count - 1)
        self.refresh_illustration()

    def show_patient_text(self) -> None:
        """The step's text again: a recorded finding (the MRI signal) may choose other words."""
        self.patient_text.setText(paragraphs_html(self.walkthrough.paragraphs()))

    def show_levels(self, levels: tuple[str, ...]) -> None:
        index = level_options().index(levels)
        if self.levels.currentIndex() != index:
            self.levels.blockSignals(True)
            self.levels.setCurrentIndex(index)
            self.levels.blockSignals(False)
        self.patient_text.setText(paragraphs_html(self.walkthrough.paragraphs()))
        self.refresh_illustration()

    def refresh_illustration(self, *_: object) -> None:
        self.illustration.set_svg(self.walkthrough.svg())
        QTimer.singleShot(0, self, self.render_ahead)
        self.undo_action.setEnabled(self.walkthrough.drawings.can_undo(self.walkthrough.step.id))
        self.clear_action.setEnabled(bool(self.walkthrough.strokes()))

    def render_ahead(self) -> None:
        self.illustration.prefetch(self.walkthrough.likely_next_svgs())

    def set_pen(self, name: str) -> None:
        self.illustration.pen_colour = name

    def clear_drawing(self) -> None:
        self.walkthrough.clear()

    def zoom_by(self, direction: int) -> None:
        steps = ZOOM_STEPS
        i = steps.index(self._zoom) if self._zoom in steps else steps.index(100)
        self._zoom = steps[max(0, min(len(steps) - 1, i + direction))]
        self.apply_zoom()

    def zoom_reset(self) -> None:
        self._zoom = 100
        self.apply_zoom()

    @property
    def zoom(self) -> int:
        return self._zoom

    def text_px(self) -> int:
        return round(BASE_TEXT_PX * self._zoom / 100)

    def apply_zoom(self) -> None:
        px = self.text_px()
        font = QFont(self.patient_text.font())
        font.setPixelSize(px)
        self.patient_text.setFont(font)
        title = QFont(font)
        title.setPixelSize(round(px * 1.2))
        title.setBold(True)
        self.step_title.setFont(title)
        self.settings.setValue("text_zoom", self._zoom)
        if self.presenter is not None:
            self.presenter.set_text_size(round(px * PRESENTER_RATIO))

    def _restore_zoom(self) -> int:
        try:
            zoom = int(self.settings.value("text_zoom", 100))
        except (TypeError, ValueError):
            return 100
        return zoom if zoom in ZOOM_STEPS else 100

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            room = self.screen().availableGeometry().marginsRemoved(frame_margins(self))
            self.resize(fitted_size(QSize(1600, 1000), room.size()))
        state = self.settings.value("main_window/state")
        if state is None or not self.restoreState(state):
            self.resizeDocks([self.notes_dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)

    def toggle_presenter(self) -> None:
        if self.presenter is not None:
            self.presenter.close()
            return
        self.presenter = PresenterWindow(self.walkthrough, round(self.text_px() * PRESENTER_RATIO))
        self.presenter.closed.connect(self._presenter_closed)
        self.presenter.present(self.screen())
        self.present_action.setChecked(True)

    def _presenter_closed(self) -> None:
        self.presenter = None
        self.present_action.setChecked(False)
        self.activateWindow()

    def show_about(self) -> None:
        p = self.walkthrough.procedure
        self.prompts.info(
            "About ConsultAid",
            f"ConsultAid {__version__}\n\n"
            f"Content: {p.title} (pack {p.id}, version {p.version})\n"
            f"Content version: {p.content_version[:12]}\n\n"
            "Open-source software to explain a procedure and record the consent discussion.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_presenter()
        self.flush_record()
        c = self.consultations
        if c.pending and not self.controller.retry():
            count = len(c.pending)
            if not self.prompts.confirm(
                "Changes not saved",
                f"{count} change{'s' if count > 1 else ''} could not be saved: "
                f"{c.pending_reason}\n\nIf you quit now, they are lost. Quit anyway?",
                "Quit without saving them",
            ):
                event.ignore()
                return
        if self.commands is not None:
            self.commands.remember()
            self.settings.setValue("open_step", self.walkthrough.index)
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("main_window/state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)
