"""The Qt binding keeps Python's reference counts right, so a long consultation cannot crash.

PySide6 6.12 on Python 3.11 loses one reference to None per call that returns nothing; after a few
thousand clicks Python aborts. pyproject.toml picks a sound binding per Python version; this test
fails if a broken combination is installed.
"""

import sys

from PySide6.QtWidgets import QCheckBox, QLabel


def test_void_qt_calls_keep_none_alive(qapp):
    check, label = QCheckBox("x"), QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        check.setChecked(True)
        label.setText("a")
        label.setVisible(True)
    assert sys.getrefcount(None) >= before - 50
