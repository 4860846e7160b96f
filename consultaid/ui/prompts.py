"""Dialogs behind a small protocol, so widgets can ask and tests can answer without patching Qt."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from consultaid.ui.style import save_cancel_buttons


class Prompts(Protocol):
    def error(self, title: str, message: str) -> None: ...

    def info(self, title: str, message: str) -> None: ...

    def confirm(self, title: str, message: str, action: str) -> bool: ...

    def save_file(self, title: str, suggested: str, filter: str) -> Path | None: ...

    def open_file(self, title: str, filter: str) -> Path | None: ...

    def choose(self, title: str, message: str, options: list[str]) -> int | None: ...

    def names(self, surgeon: str, clinic: str) -> tuple[str, str] | None: ...

    def password(self, title: str, message: str) -> str | None: ...


class QtPrompts:
    """The real dialogs, parented to a window so they stay on top of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def error(self, title: str, message: str) -> None:
        QMessageBox.critical(self.parent, title, message)

    def info(self, title: str, message: str) -> None:
        QMessageBox.information(self.parent, title, message)

    def confirm(self, title: str, message: str, action: str) -> bool:
        box, ok = confirmation_box(title, message, action, self.parent)
        box.exec()
        return box.clickedButton() is ok

    def save_file(self, title: str, suggested: str, filter: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, filter)
        return Path(name) if name else None

    def open_file(self, title: str, filter: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, title, "", filter)
        return Path(name) if name else None

    def choose(self, title: str, message: str, options: list[str]) -> int | None:
        item, ok = QInputDialog.getItem(self.parent, title, message, options, 0, False)
        return options.index(item) if ok and item in options else None

    def names(self, surgeon: str, clinic: str) -> tuple[str, str] | None:
        dialog = NamesDialog(surgeon, clinic, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def password(self, title: str, message: str) -> str | None:
        """A password, typed hidden; None if cancelled (an empty one is a valid answer)."""
        text, ok = QInputDialog.getText(self.parent, title, message, QLineEdit.EchoMode.Password)
        return text if ok else None


def confirmation_box(
    title: str, message: str, action: str, parent: QWidget | None = None
) -> tuple[QMessageBox, object]:
    """A question with `action` and Cancel; Cancel is the default, so Enter never commits."""
    box = QMessageBox(QMessageBox.Icon.Question, title, message, parent=parent)
    ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, ok


class NamesDialog(QDialog):
    """First start: the surgeon's name and the clinic's, both printed on every consent form."""

    def __init__(self, surgeon: str, clinic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to ConsultAid")
        self.setAccessibleName("Surgeon and clinic")
        intro = QLabel(
            "Before the first consultation, enter the surgeon's name and the clinic's name. "
            "Both are printed on the consent form. You can change them later in File → Settings."
        )
        intro.setWordWrap(True)
        self.surgeon = QLineEdit(surgeon)
        self.surgeon.setAccessibleName("Surgeon's name")
        self.surgeon.setPlaceholderText("For example: Dr A. Surgeon")
        self.clinic = QLineEdit(clinic)
        self.clinic.setAccessibleName("Clinic name")
        self.message = QLabel()
        self.message.setStyleSheet("color: #a12622; font-weight: bold;")
        self.message.hide()
        form = QFormLayout()
        form.addRow("Surgeon's name", self.surgeon)
        form.addRow("Clinic name", self.clinic)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self))
        self.setMinimumWidth(520)

    def values(self) -> tuple[str, str]:
        return self.surgeon.text().strip(), self.clinic.text().strip()

    def accept(self) -> None:
        if not self.surgeon.text().strip():
            self.message.setText("Enter the surgeon's name: it is printed on the consent form.")
            self.message.show()
            self.surgeon.setFocus()
            return
        super().accept()
