"""Nothing is read back from a cache folder: a pickle planted where the old disk cache kept its
entries runs no code, and a poisoned (well-formed, altered) entry is never printed or loaded.

The entries are planted under the names the old cache gave them (the formulas below), in both
places it looked: `$CONSULTAID_CACHE_DIR` and the user's cache folder.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import pickle
from pathlib import Path

import pytest

from consultaid.content import load_procedure

ROOT = Path(__file__).resolve().parents[1]
CODE_RUNNING_FORMATS = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}
GENUINE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
    '<text x="10" y="30" font-size="12">Genuine label</text></svg>'
)


class Marker:
    """Unpickling this creates `path`: proof that a planted file ran code."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


@pytest.fixture
def cache_folders(tmp_path: Path, monkeypatch) -> list[Path]:
    env_folder = tmp_path / "env-cache"
    monkeypatch.setenv("CONSULTAID_CACHE_DIR", str(env_folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    from platformdirs import user_cache_path

    return [env_folder, user_cache_path("ConsultAid", appauthor=False)]


def old_pack_key(content_version: str) -> str:
    """The name the old cache gave a loaded pack: the loader's own code and the content version."""
    import consultaid.content
    from consultaid import record_keys

    digest = hashlib.sha256()
    sources = sorted(Path(consultaid.content.__file__).parent.glob("*.py"))
    for file in [*sources, Path(record_keys.__file__)]:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return hashlib.sha256(f"{digest.hexdigest()}\n{content_version}".encode()).hexdigest()


def old_drawing_key(svg: str) -> str:
    """The name the old cache gave a converted picture."""
    import reportlab
    import svglib

    from consultaid.consent.styles import BOLD, ITALIC, REGULAR

    versions = f"1|{reportlab.Version}|{svglib.__version__}|{sorted({REGULAR, BOLD, ITALIC})}"
    return hashlib.sha256(f"{versions}\n{svg}".encode()).hexdigest()


def plant(folders: list[Path], kind: str, key: str, value: object) -> None:
    for folder in folders:
        (folder / kind).mkdir(parents=True, exist_ok=True)
        (folder / kind / f"{key}.pickle").write_bytes(pickle.dumps(value))


def drawing_texts(drawing) -> list[str]:
    from reportlab.graphics.shapes import Group, String

    found, todo = [], [drawing]
    while todo:
        node = todo.pop()
        if isinstance(node, String):
            found.append(node.text)
        elif isinstance(node, Group):
            todo.extend(node.contents)
    return found


def test_no_module_can_read_code_from_a_file():
    imported = []
    for file in sorted((ROOT / "consultaid").rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            imported += [
                f"{file.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in CODE_RUNNING_FORMATS
            ]
    assert imported == []


def test_a_planted_pickle_runs_no_code_and_the_pack_loads_genuine(
    pack_copy: Path, cache_folders: list[Path], tmp_path: Path
):
    genuine = load_procedure(pack_copy)
    marker = tmp_path / "code-ran"
    plant(cache_folders, "content", old_pack_key(genuine.content_version), Marker(marker))
    plant(cache_folders, "content", genuine.content_version, Marker(marker))
    loaded = load_procedure(pack_copy)
    assert not marker.exists()
    assert loaded == genuine


def test_a_poisoned_pack_entry_is_never_loaded(pack_copy: Path, cache_folders: list[Path]):
    genuine = load_procedure(pack_copy)
    poisoned = dataclasses.replace(
        genuine,
        title="POISONED",
        risks=tuple(dataclasses.replace(r, name="POISONED") for r in genuine.risks),
    )
    plant(cache_folders, "content", old_pack_key(genuine.content_version), poisoned)
    loaded = load_procedure(pack_copy)
    assert loaded.title == genuine.title != "POISONED"
    assert [r.name for r in loaded.risks] == [r.name for r in genuine.risks]


def test_a_planted_or_poisoned_picture_is_never_printed(cache_folders: list[Path], tmp_path):
    from reportlab.graphics.shapes import Drawing, String

    from consultaid.consent import flowables

    marker = tmp_path / "code-ran"
    poisoned = Drawing(200, 50)
    poisoned.add(String(10, 30, "POISONED"))
    key = old_drawing_key(GENUINE_SVG)
    plant(cache_folders[:1], "drawings", key, poisoned)
    plant(cache_folders[1:], "drawings", key, Marker(marker))
    flowables.svg_drawing.cache_clear()
    texts = drawing_texts(flowables.svg_drawing(GENUINE_SVG))
    assert texts == ["Genuine label"]
    assert not marker.exists()
