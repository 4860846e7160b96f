"""Shared test set-up: headless Qt with the app's own font, the `gui` marker on every test that
needs Qt's GUI, and a private copy of the bundled pack to break on purpose."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path

import pytest

from consultaid.paths import default_pack_dir

# Window fixtures (fake dialogs, settings, a temporary database, shown windows) for tests/ui and
# tests/reliability alike; the loopback FHIR server (`fhir_server`) for the end-to-end FHIR tests.
pytest_plugins = ["tests.windows", "tests.medplum_server"]

UI_TESTS = Path(__file__).parent / "ui"
QT_FIXTURES = {"qtbot", "qapp"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`gui` on every test that needs Qt's GUI: all of tests/ui (some build their widgets in a
    child process) and any other test that asks for qtbot or the QApplication, even indirectly
    (the window fixtures of tests/reliability/test_ui_*.py, the illustration renders)."""
    for item in items:
        uses_qt = QT_FIXTURES & set(getattr(item, "fixturenames", ()))
        if uses_qt or UI_TESTS in item.path.parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory):
    """A temporary user data directory for the whole run (platformdirs reads XDG_DATA_HOME):
    the clinic's signing key that sealing makes on first use, logs and saved tokens never land
    in the real one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
        yield


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's QApplication with the app's bundled font, as `application()` sets it up: text
    measures the same whatever fonts the machine has."""
    from consultaid.ui.style import use_bundled_fonts

    use_bundled_fonts(qapp)
    return qapp


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content pack."""
    target = tmp_path / "pack"
    shutil.copytree(default_pack_dir(), target)
    return target
