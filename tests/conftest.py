"""Shared test set-up: headless Qt, and a private copy of the bundled pack to break on purpose."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never write to the user's own cache folder.
os.environ["CONSULTAID_CACHE_DIR"] = tempfile.mkdtemp(prefix="consultaid-test-cache-")

import shutil
from pathlib import Path

import pytest

from consultaid.paths import default_pack_dir

# Window fixtures (fake dialogs, settings, a temporary database, shown windows) for tests/ui and
# tests/reliability alike.
pytest_plugins = ["tests.windows"]


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content pack."""
    target = tmp_path / "pack"
    shutil.copytree(default_pack_dir(), target)
    return target
