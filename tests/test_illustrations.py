"""Every step draws at every level the same way on screen (QSvgRenderer) and in the PDF (svglib)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import shutil
import xml.etree.ElementTree as ET
from array import array
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from consultaid.content.model import RecoveryPhase
from consultaid.errors import ContentError, InputError
from consultaid.illustrations import STEP_IDS, VIEWBOX, illustration_svg
from consultaid.levels import level_options
from consultaid.paths import default_pack_dir
from consultaid.strokes import Stroke

STEPS = ("condition", "incision", "decompression", "implant-graft", "recovery")
BACKGROUND = QColor("#f7f4ee")
PHASES = (
    RecoveryPhase("first-days", "First days", 0, 3, "Rest and short walks."),
    RecoveryPhase("home", "Two weeks at home with short walks every day", 0, 14, "Walk."),
    RecoveryPhase("desk-work", "Back to desk work", 14, 42, "Work."),
    RecoveryPhase("lifting", "Heavier lifting and sport", 42, 90, "Later."),
)


def render(svg: str, width: int = 600, height: int = 400) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    assert renderer.isValid()
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(BACKGROUND)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def pixels(image: QImage) -> array:
    return array("I", bytes(image.constBits()))


def inked(image: QImage) -> int:
    """How many pixels differ from the background."""
    data = pixels(image)
    return len(data) - data.count(BACKGROUND.rgb() & 0xFFFFFFFF)


def changed(a: QImage, b: QImage) -> int:
    return sum(1 for x, y in zip(pixels(a), pixels(b), strict=True) if x != y)


def pdf_of(svg: str) -> tuple[object, bytes]:
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.StringIO(svg))
    assert drawing is not None
    return drawing, renderPDF.drawToString(drawing)


def test_the_step_ids_are_the_packs() -> None:
    assert STEP_IDS == STEPS
    assert VIEWBOX == (0, 0, 1200, 800)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("levels", level_options(), ids="+".join)
def test_every_step_renders_at_every_level(qapp, step: str, levels: tuple[str, ...]) -> None:
    svg = illustration_svg(step, levels, recovery=PHASES, show_plate=len(levels) == 2)

    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("1200", "800")
    assert root.get("viewBox") == "0 0 1200 800"

    image = render(svg)
    assert inked(image) > 600 * 400 // 50

    drawing, pdf = pdf_of(svg)
    assert drawing.width > 0
    assert drawing.contents
    # Nothing reaches past the picture's edges, where it would spill onto a PDF page.
    x0, y0, x1, y1 = drawing.getBounds()
    assert x0 >= -0.01 and y0 >= -0.01
    assert x1 <= drawing.width + 0.01 and y1 <= drawing.height + 0.01
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000


@pytest.mark.parametrize("step", ["condition", "incision", "decompression", "implant-graft"])
def test_the_level_changes_the_picture(qapp, step: str) -> None:
    high = illustration_svg(step, ("C3-C4",))
    low = illustration_svg(step, ("C7-T1",))
    pair = illustration_svg(step, ("C5-C6", "C6-C7"))
    assert len({high, low, pair}) == 3
    assert changed(render(high), render(low)) > 1000
    assert changed(render(high), render(pair)) > 1000


def test_level_text_forms_are_accepted() -> None:
    assert illustration_svg("condition", ("c5/c6",)) == illustration_svg("condition", ("C5-C6",))


@pytest.mark.parametrize(
    "levels", [("C1-C2",), ("C3-C4", "C6-C7"), (), ("C3-C4", "C4-C5", "C5-C6")]
)
def test_a_bad_level_is_refused(levels: tuple[str, ...]) -> None:
    with pytest.raises(InputError):
        illustration_svg("condition", levels)


def test_an_unknown_step_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown illustration step"):
        illustration_svg("anaesthesia", ("C5-C6",))


def test_strokes_are_drawn_on_top(qapp) -> None:
    strokes = (
        Stroke("red", ((100.0, 100.0), (300.0, 180.0), (500.0, 120.0), (700.0, 300.0)), 8.0),
        Stroke("blue", ((900.0, 600.0),)),
    )
    plain = illustration_svg("condition", ("C5-C6",))
    drawn = illustration_svg("condition", ("C5-C6",), strokes)

    assert plain != drawn
    assert 'stroke="#c0392b"' in drawn
    assert 'stroke-linecap="round"' in drawn
    assert 'fill="#1f5fbf"' in drawn
    assert drawn.rindex('id="strokes"') > drawn.rindex("<text")
    assert changed(render(plain), render(drawn)) > 300
    _, pdf = pdf_of(drawn)
    assert pdf.startswith(b"%PDF")


def test_the_plate_is_drawn_only_when_asked(qapp) -> None:
    without = illustration_svg("implant-graft", ("C5-C6",))
    with_plate = illustration_svg("implant-graft", ("C5-C6",), show_plate=True)
    assert 'id="plate"' not in without
    assert 'id="plate"' in with_plate
    assert ">Plate<" in with_plate
    assert changed(render(without), render(with_plate)) > 200


def test_the_recovery_timeline_names_each_phase(qapp) -> None:
    svg = illustration_svg("recovery", ("C5-C6",), recovery=PHASES)
    texts = [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    joined = " ".join(texts)
    for phase in PHASES:
        assert phase.title.split()[0] in joined
    assert "First days" in texts
    assert "Back to desk work" in texts
    assert "later" in texts
    assert all(str(week) in texts for week in range(7))


def test_phases_with_list_fields_are_accepted() -> None:
    phase = RecoveryPhase("walk", "Short walks", 0, 14, "Walk.", sources=["S1"])  # type: ignore[arg-type]
    assert ">Short walks<" in illustration_svg("recovery", ("C5-C6",), recovery=[phase])


def test_an_empty_recovery_still_draws_the_weeks(qapp) -> None:
    svg = illustration_svg("recovery", ("C5-C6",))
    assert "later" not in svg
    assert inked(render(svg)) > 1000


def test_a_long_phase_title_stays_in_its_column() -> None:
    long = RecoveryPhase("x", "A very long title " * 8, 0, 10, "")
    svg = illustration_svg("recovery", ("C5-C6",), recovery=(long,))
    lines = [
        t
        for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
        if "very" in (t.text or "")
    ]
    assert len(lines) == 2
    assert lines[1].text.endswith("…")


def test_the_parts_files_are_read_from_the_pack(tmp_path: Path) -> None:
    pack = default_pack_dir() / "illustrations"
    for step in STEPS:
        ET.parse(pack / f"{step}.svg")
    copy = tmp_path / "illustrations"
    shutil.copytree(pack, copy)
    cage = copy / "implant-graft.svg"
    cage.write_text(cage.read_text().replace("#b58552", "#123456"))

    assert "#123456" in illustration_svg("implant-graft", ("C5-C6",), parts_dir=copy)
    assert "#123456" not in illustration_svg("implant-graft", ("C5-C6",))


@pytest.mark.parametrize("step", STEPS)
def test_a_missing_parts_file_is_a_content_error(tmp_path: Path, step: str) -> None:
    with pytest.raises(ContentError, match=f"{step}.svg"):
        illustration_svg(step, ("C5-C6",), parts_dir=tmp_path)
