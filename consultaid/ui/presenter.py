"""The patient-facing presenter view: only the illustration and the patient text, full screen.

It shows nothing else (no notes, no lists, no other patient's data) and follows the surgeon's
navigation through the shared Walkthrough. On a second screen it fills that screen; with one screen
it covers the main window until Esc.

Larger text (the main window's zoom) grows the heading, the patient text and the picture's
labels together: the text may take more of the height (the picture keeps at least
MIN_PICTURE_SHARE of it), and the labels grow by the zoom and by however much the picture shrank,
so on screen they grow as the text does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from consultaid.illustrations import MAX_LABEL_SCALE, VIEWBOX
from consultaid.ui.illustration_view import IllustrationView
from consultaid.ui.text import paragraphs_html
from consultaid.ui.walkthrough import Walkthrough

TEXT_SHARE = 0.34  # of the height, for the text at normal size
MAX_TEXT_SHARE = 0.5
MIN_PICTURE_SHARE = 0.42
MIN_TEXT_PX = 20
NORMAL_TEXT_PX = 34  # the presenter's text at the main window's normal zoom (26 px × 1.3)


def title_font(font: QFont, px: int) -> QFont:
    """The step title's font beside text of `px` pixels."""
    title = QFont(font)
    title.setPixelSize(round(px * 1.25))
    title.setBold(True)
    return title


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
        self.label_scale = 1.0
        self.set_text_size(text_px)
        walkthrough.stepChanged.connect(self.refresh)
        walkthrough.levelsChanged.connect(self.refresh)
        walkthrough.textChanged.connect(self.refresh)
        walkthrough.drawingChanged.connect(self.refresh)
        walkthrough.factsChanged.connect(self.refresh)
        self.refresh()

    def set_text_size(self, px: int) -> None:
        self.text_px = px
        self.fit_text()

    @property
    def zoom(self) -> float:
        """How much larger than normal the text was asked to be (never below 1)."""
        return max(1.0, self.text_px / NORMAL_TEXT_PX)

    def fit_text(self) -> None:
        """The chosen size if the text fits under the picture, else as large as fits (min 20 px).

        Nobody scrolls a patient's screen, so no sentence may fall off the bottom. When zoomed,
        the picture's labels grow by the zoom times how much the picture shrank from its size
        at normal text (worked out the same way), so on screen they grow as the text does.
        """
        normal = self._lay_out(NORMAL_TEXT_PX) if self.zoom > 1 else 0.0
        now = self._lay_out(self.text_px)  # last, so the label keeps this font and height
        scale = 1.0
        if normal and now:
            scale = min(MAX_LABEL_SCALE, max(1.0, round(self.zoom * normal / now, 1)))
        if scale != self.label_scale:
            self.label_scale = scale
            self.illustration.set_svg(self.walkthrough.svg(label_scale=scale))

    def _lay_out(self, wanted: int) -> float:
        """Fit the text asked for at `wanted` px; returns the picture's scale (px per unit).

        The largest size from 20 px up to `wanted` whose text fits the room left under the
        title (which grows with the text, never below its size at normal text) and the picture.
        """
        height, width = self.height(), max(200, self.width() - 96)
        margins = self.layout().contentsMargins()
        base = margins.top() + margins.bottom() + 2 * self.layout().spacing()
        share = min(MAX_TEXT_SHARE, TEXT_SHARE * max(1.0, wanted / NORMAL_TEXT_PX))
        floor = min(wanted, NORMAL_TEXT_PX)

        def layout_at(px: int) -> tuple[QFont, int, int]:
            title = title_font(self.font(), max(px, floor))
            fixed = base + QFontMetrics(title).height()
            room = max(120, round(min(height * share, height * (1 - MIN_PICTURE_SHARE) - fixed)))
            font = QFont(self.font())
            font.setPixelSize(px)
            self.text.setFont(font)
            return title, fixed, room

        low, high = MIN_TEXT_PX, max(MIN_TEXT_PX, wanted)
        while low < high:  # the largest size that fits: fitting only gets harder as it grows
            middle = (low + high + 1) // 2
            _, _, room = layout_at(middle)
            if self.text.heightForWidth(width) <= room:
                low = middle
            else:
                high = middle - 1
        title, fixed, room = layout_at(low)
        needed = max(0, self.text.heightForWidth(width))
        self.title.setFont(title)
        self.text.setMinimumHeight(min(room, needed))
        picture = height - fixed - min(room, needed)
        _, _, view_w, view_h = VIEWBOX
        return max(0.0, min(width / view_w, picture / view_h))

    def refresh(self, *_: object) -> None:
        w = self.walkthrough
        self.title.setText(w.step.title)
        self.text.setText(paragraphs_html(w.paragraphs()))
        self.fit_text()
        self.illustration.set_svg(w.svg(label_scale=self.label_scale))

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
