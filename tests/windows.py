"""Window fixtures shared by tests/ui and tests/reliability: fake dialogs, private settings, a
temporary database and a factory for shown main windows over the real bundled pack."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from consultaid.content import load_procedure
from consultaid.records import Store
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
        self.names_answer: tuple[str, str] | None = ("Dr Test Surgeon", "Test Clinic")
        self.names_asked = 0
        self.password_answer: str | None = None
        self.passwords: list[tuple[str, str]] = []

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

    def names(self, surgeon: str, clinic: str) -> tuple[str, str] | None:
        self.names_asked += 1
        return self.names_answer

    def password(self, title: str, message: str) -> str | None:
        self.passwords.append((title, message))
        return self.password_answer


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "records.db") as s:
        yield s


@pytest.fixture
def open_window(qtbot, settings: QSettings, prompts: FakePrompts) -> Callable[..., MainWindow]:
    """Build, show and register a main window, with or without a database behind it."""

    def open_(store: Store | None = None) -> MainWindow:
        win = build_main_window(load_procedure(), settings, prompts, store)
        qtbot.addWidget(win)
        win.resize(1500, 950)
        win.show()
        qtbot.waitExposed(win)
        return win

    return open_


def sign_for_finalizing(window: MainWindow) -> None:
    """The patient's and the surgeon's on-screen signatures, which finalizing requires."""
    from consultaid.strokes import Stroke

    stroke = Stroke("black", ((10.0, 10.0), (60.0, 40.0), (120.0, 20.0)))
    c = window.consultations
    record = c.record
    name = f"{record.patient.given_names} {record.patient.family_name}".strip()
    for role, printed in (("patient", name), ("surgeon", record.consultation.clinician)):
        assert window.controller.do(c.sign, role, printed, (stroke,)).done
