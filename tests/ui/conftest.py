"""Fixtures for the windows: a fake Prompts, private QSettings, the real bundled pack."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from consultaid.content import load_procedure
from consultaid.ui.app import build_main_window
from consultaid.ui.main_window import MainWindow


class FakePrompts:
    """Records what would have been asked and answers as told."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.confirms: list[tuple[str, str]] = []
        self.confirm_answer = True
        self.file_answer: Path | None = None
        self.choice_answer: int | None = None
        self.choices: list[tuple[str, list[str]]] = []

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def info(self, title: str, message: str) -> None:
        self.infos.append((title, message))

    def confirm(self, title: str, message: str, action: str) -> bool:
        self.confirms.append((title, message))
        return self.confirm_answer

    def save_file(self, title: str, suggested: str, filter: str) -> Path | None:
        return self.file_answer

    def open_file(self, title: str, filter: str) -> Path | None:
        return self.file_answer

    def choose(self, title: str, message: str, options: list[str]) -> int | None:
        self.choices.append((title, options))
        return self.choice_answer


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings: QSettings, prompts: FakePrompts) -> MainWindow:
    win = build_main_window(load_procedure(), settings, prompts)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win
