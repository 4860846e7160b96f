"""The walkthrough window without a database, for the navigation, drawing and presenter tests."""

import pytest

from consultaid.ui.main_window import MainWindow
from tests.windows import FakePrompts

__all__ = ["FakePrompts"]


@pytest.fixture
def window(open_window) -> MainWindow:
    win = open_window()
    win.activateWindow()
    return win
