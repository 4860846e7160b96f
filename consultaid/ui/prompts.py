"""Dialogs behind a small protocol, so widgets can ask and tests can answer without patching Qt."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


class Prompts(Protocol):
    def error(self, title: str, message: str) -> None: ...

    def info(self, title: str, message: str) -> None: ...

    def confirm(self, title: str, message: str, action: str) -> bool: ...

    def save_file(self, title: str, suggested: str, filter: str) -> Path | None: ...

    def open_file(self, title: str, filter: str) -> Path | None: ...

    def choose(self, title: str, message: str, options: list[str]) -> int | None: ...


class QtPrompts:
    """The real dialogs, parented to a window so they stay on top of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def error(self, title: str, message: str) -> None:
        QMessageBox.critical(self.parent, title, message)

    def info(self, title: str, message: str) -> None:
        QMessageBox.information(self.parent, title, message)

    def confirm(self, title: str, message: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, message, parent=self.parent)
        ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
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
