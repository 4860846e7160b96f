"""The app's calm look: one stylesheet, the bundled font, and icons drawn in code so they are sharp
at any DPI."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea, QWidget

from consultaid.paths import resources_dir

FONT_FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")

# What the stylesheet's ::item rules below add around a list row's text, (width, height) in total;
# a WrappingList needs them to measure its rows. Change them together with the rules.
STEP_ROW_PADDING = (2 * 10 + 2 * 4, 2 * 12 + 2 * 2)  # QListWidget#steps: padding + margin
DIALOG_ROW_PADDING = (2 * 4, 2 * 7)  # QDialog QListWidget: padding

STYLESHEET = """
QMainWindow, QWidget#centre { background: #f7f4ee; }
QLabel { color: #262626; }
QLabel#stepTitle { color: #1d3b53; }
QLabel#patientText { color: #1f1f1f; }
QListWidget#steps {
    background: #eef1f3; border: none; font-size: 17px; padding: 8px 4px; outline: 0;
}
QListWidget#steps::item { padding: 12px 10px; border-radius: 8px; margin: 2px 4px; color: #2b3a44; }
QListWidget#steps::item:selected { background: #1d5c86; color: white; }
QListWidget#steps::item:hover:!selected { background: #dde5ea; }
QPushButton {
    font-size: 17px; padding: 10px 22px; border-radius: 8px; background: #1d5c86; color: white;
    border: none; min-width: 140px;
}
QPushButton:disabled { background: #c9d3da; color: #f4f6f8; }
QPushButton:focus { outline: 2px solid #e0a030; }
QToolBar { background: #eef1f3; border: none; spacing: 6px; padding: 4px; font-size: 15px; }
QComboBox { font-size: 16px; padding: 4px 10px; min-width: 150px; }
QDockWidget { font-size: 15px; }
QLabel#talkingPoints { font-size: 15px; padding: 10px; background: #fbfaf7; }
QScrollArea { background: transparent; }
QDialog QListWidget { font-size: 16px; }
QDialog QListWidget::item { padding: 7px 4px; }
QDialog QLineEdit, QDialog QComboBox { font-size: 16px; padding: 5px; }
QDialog QLabel { font-size: 15px; }
QGroupBox { font-weight: bold; font-size: 15px; margin-top: 14px; padding-top: 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #1d3b53; }
QCheckBox, QRadioButton { font-size: 14px; spacing: 8px; }
QFrame#riskRow { background: #fbfaf7; border: 1px solid #dfe3e6; border-radius: 6px; }
QLabel#banner { font-size: 16px; }
"""


def use_bundled_fonts(app: QGuiApplication) -> None:
    """Load the fonts the app ships and make DejaVu Sans the app's font.

    Text is then measured the same on every machine, whatever fonts the system has (or lacks), so
    layouts checked on one machine (the presenter's text under the picture) fit on every other.
    Characters DejaVu Sans lacks still fall back to the system's fonts.
    """
    folder = resources_dir() / "fonts"
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(folder / name))
    font = QFont(app.font())
    font.setFamilies([FONT_FAMILY])
    app.setFont(font)


def pen_icon(colour: str, size: int = 48) -> QIcon:
    """A round swatch of the pen's colour, drawn large so it stays crisp on high-DPI screens."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#ffffff"))
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QPointF(size / 2, size / 2), size * 0.38, size * 0.38)
    painter.end()
    return QIcon(pixmap)


def vertical_scroll(widget: QWidget | None = None, area: QScrollArea | None = None) -> QScrollArea:
    """A frameless scroll area that only scrolls down, so wrapped text is never cut at the side."""
    area = area or QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if widget is not None:
        area.setWidget(widget)
    return area


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Save and Cancel, wired to the dialog and named for screen readers."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    for button in buttons.buttons():
        button.setAccessibleName(button.text().replace("&", ""))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
