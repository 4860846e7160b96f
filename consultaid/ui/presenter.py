"""The patient-facing presenter view: only the illustration and the patient text, full screen.

It shows nothing else (no notes, no lists, no other patient's data) and follows the surgeon's
navigation through the shared Walkthrough. On a second screen it fills that screen; with one screen
it covers the main window until Esc.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from consultaid.ui.illustration_view import IllustrationView
from consultaid.ui.text import paragraphs_html
from consultaid.ui.walkthrough import Walkthrough

TEXT_SHARE = 0.34
MIN_TEXT_PX = 20


class PresenterWindow(QWidget):
    closed = Signal()

    def __init__(self, walkthrough: Walkthrough, text_px: int = 34) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("ConsultAid — presenter view")
        self.setAccessibleName("Presenter view")
        self.setStyleSheet("background: #f7f4ee; color: #262626;")
        self.walkthrough = walkthrough
        self.illustration = IllustrationView(drawing_enabled=False)
        self.illustration.setAccessibleName("Illustration")
        self.title = QLabel()
        self.title.setAccessibleName("Step title")
        self.text = QLabel()
        self.text.setAccessibleName("Explanation")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.illustration, 3)
        layout.addWidget(self.text, 0)
        self.text_px = text_px
        self.set_text_size(text_px)
        walkthrough.stepChanged.connect(self.refresh)
        walkthrough.levelsChanged.connect(self.refresh)
        walkthrough.textChanged.connect(self.refresh)
        walkthrough.drawingChanged.connect(self.refresh)
        walkthrough.factsChanged.connect(self.refresh)
        self.refresh()

    def set_text_size(self, px: int) -> None:
        self.text_px = px
        title = QFont(self.font())
        title.setPixelSize(round(px * 1.25))
        title.setBold(True)
        self.title.setFont(title)
        self.fit_text()

    def fit_text(self) -> None:
        """The chosen size if the text fits under the picture, else as large as fits (min 20 px).

        Nobody scrolls a patient's screen, so no sentence may fall off the bottom.
        """
        room = max(120, round(self.height() * TEXT_SHARE))
        width = max(200, self.width() - 96)
        font = QFont(self.font())
        px = self.text_px
        while True:
            font.setPixelSize(px)
            self.text.setFont(font)
            needed = max(0, self.text.heightForWidth(width))
            if px <= MIN_TEXT_PX or needed <= room:
                break
            px -= 2
        self.text.setMinimumHeight(min(room, needed))

    def refresh(self, *_: object) -> None:
        w = self.walkthrough
        self.title.setText(w.step.title)
        self.text.setText(paragraphs_html(w.paragraphs()))
        self.fit_text()
        self.illustration.set_svg(w.svg())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_text()

    def present(self, main_screen: QScreen | None) -> None:
        """Full screen on another screen if there is one, else over the main window."""
        screens = QGuiApplication.screens()
        others = [s for s in screens if s is not main_screen]
        screen = others[0] if others else (main_screen or QGuiApplication.primaryScreen())
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.walkthrough.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.walkthrough.previous()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
