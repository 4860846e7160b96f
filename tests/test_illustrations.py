"""Every step draws at every level the same way on screen (QSvgRenderer) and in the PDF (svglib)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
import io
import re
import xml.etree.ElementTree as ET
from array import array
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from consultaid.content import load_procedure
from consultaid.content.model import Procedure, RecoveryPhase
from consultaid.errors import ContentError, InputError
from consultaid.illustrations import STEP_IDS, VIEWBOX, illustration_svg
from consultaid.illustrations.parts import load_parts
from consultaid.illustrations.svg import Ink
from consultaid.illustrations.vertebra import FORMS, arch_path, body_path, pedicle_path
from consultaid.levels import level_options
from consultaid.record_keys import MRI_SIGNAL, PLATE_USED, cord_change_shown, plate_used
from consultaid.strokes import Stroke

STEPS = ("condition", "incision", "decompression", "implant-graft", "recovery")
BACKGROUND = QColor("#f7f4ee")
PHASES = (
    RecoveryPhase("first-days", "First days", 0, 3, "Rest and short walks."),
    RecoveryPhase("home", "Two weeks at home with short walks every day", 0, 14, "Walk."),
    RecoveryPhase("desk-work", "Back to desk work", 14, 42, "Work."),
    RecoveryPhase("lifting", "Heavier lifting and sport", 42, 90, "Later."),
)


SVG_TEXT = "{http://www.w3.org/2000/svg}text"


@pytest.fixture(scope="module")
def pack() -> Procedure:
    return load_procedure()


@pytest.fixture(scope="module")
def phased(pack: Procedure) -> Procedure:
    """The bundled pack with test phases: a long title, a phase past week 6."""
    return dataclasses.replace(pack, recovery=PHASES)


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(SVG_TEXT)]


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
def test_every_step_renders_at_every_level(
    qapp, phased: Procedure, step: str, levels: tuple[str, ...]
) -> None:
    svg = illustration_svg(phased, step, levels, show_plate=len(levels) == 2)

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
def test_the_level_changes_the_picture(qapp, pack: Procedure, step: str) -> None:
    high = illustration_svg(pack, step, ("C3-C4",))
    low = illustration_svg(pack, step, ("C7-T1",))
    pair = illustration_svg(pack, step, ("C5-C6", "C6-C7"))
    assert len({high, low, pair}) == 3
    assert changed(render(high), render(low)) > 1000
    assert changed(render(high), render(pair)) > 1000


def test_level_text_forms_are_accepted(pack: Procedure) -> None:
    assert illustration_svg(pack, "condition", ("c5/c6",)) == illustration_svg(
        pack, "condition", ("C5-C6",)
    )


@pytest.mark.parametrize(
    "levels", [("C1-C2",), ("C3-C4", "C6-C7"), (), ("C3-C4", "C4-C5", "C5-C6")]
)
def test_a_bad_level_is_refused(pack: Procedure, levels: tuple[str, ...]) -> None:
    with pytest.raises(InputError):
        illustration_svg(pack, "condition", levels)


def test_an_unknown_step_is_refused(pack: Procedure) -> None:
    with pytest.raises(ValueError, match="unknown illustration step"):
        illustration_svg(pack, "anaesthesia", ("C5-C6",))


def test_strokes_are_drawn_on_top(qapp, pack: Procedure) -> None:
    strokes = (
        Stroke("red", ((100.0, 100.0), (300.0, 180.0), (500.0, 120.0), (700.0, 300.0)), 8.0),
        Stroke("blue", ((900.0, 600.0),)),
    )
    plain = illustration_svg(pack, "condition", ("C5-C6",))
    drawn = illustration_svg(pack, "condition", ("C5-C6",), strokes)

    assert plain != drawn
    assert 'stroke="#c0392b"' in drawn
    assert 'stroke-linecap="round"' in drawn
    assert 'fill="#1f5fbf"' in drawn
    assert drawn.rindex('id="strokes"') > drawn.rindex("<text")
    assert changed(render(plain), render(drawn)) > 300
    _, pdf = pdf_of(drawn)
    assert pdf.startswith(b"%PDF")


def test_the_plate_is_drawn_only_when_asked(qapp, pack: Procedure) -> None:
    without = illustration_svg(pack, "implant-graft", ("C5-C6",))
    with_plate = illustration_svg(pack, "implant-graft", ("C5-C6",), show_plate=True)
    assert 'id="plate"' not in without
    assert 'id="plate"' in with_plate
    assert ">Plate<" in with_plate
    assert changed(render(without), render(with_plate)) > 200


def test_the_recovery_timeline_names_each_phase(qapp, phased: Procedure) -> None:
    drawn = texts(illustration_svg(phased, "recovery", ("C5-C6",)))
    joined = " ".join(drawn)
    for phase in PHASES:
        assert phase.title.split()[0] in joined
    assert "First days" in drawn
    assert "Back to desk work" in drawn
    assert phased.illustration_labels.recovery.later in drawn
    assert all(str(week) in drawn for week in range(7))


def test_phases_with_list_fields_are_accepted(pack: Procedure) -> None:
    phase = RecoveryPhase("walk", "Short walks", 0, 14, "Walk.", sources=["S1"])  # type: ignore[arg-type]
    listed = dataclasses.replace(pack, recovery=[phase])
    assert ">Short walks<" in illustration_svg(listed, "recovery", ("C5-C6",))


def test_an_empty_recovery_still_draws_the_weeks(qapp, pack: Procedure) -> None:
    svg = illustration_svg(dataclasses.replace(pack, recovery=()), "recovery", ("C5-C6",))
    assert pack.illustration_labels.recovery.later not in texts(svg)
    assert inked(render(svg)) > 1000


def test_a_long_phase_title_stays_in_its_column(pack: Procedure) -> None:
    long = RecoveryPhase("x", "A very long title " * 8, 0, 10, "")
    svg = illustration_svg(dataclasses.replace(pack, recovery=(long,)), "recovery", ("C5-C6",))
    lines = [t for t in ET.fromstring(svg).iter(SVG_TEXT) if "very" in (t.text or "")]
    assert len(lines) == 2
    assert lines[1].text.endswith("…")


def test_the_parts_files_are_read_from_the_pack(pack_copy: Path, pack: Procedure) -> None:
    for step in pack.steps:
        ET.parse(pack.illustration_path(step.id))
    cage = pack_copy / "illustrations" / "implant-graft.svg"
    cage.write_text(cage.read_text().replace("#b58552", "#123456"))

    assert "#123456" in illustration_svg(load_procedure(pack_copy), "implant-graft", ("C5-C6",))
    assert "#123456" not in illustration_svg(pack, "implant-graft", ("C5-C6",))


@pytest.mark.parametrize("step", STEPS)
def test_a_missing_parts_file_is_a_content_error(
    tmp_path: Path, pack: Procedure, step: str
) -> None:
    with pytest.raises(ContentError, match=f"{step}.svg"):
        illustration_svg(dataclasses.replace(pack, root=tmp_path), step, ("C5-C6",))


def test_a_pack_without_words_for_the_pictures_is_a_content_error(pack: Procedure) -> None:
    bare = dataclasses.replace(pack, illustration_labels=None)
    with pytest.raises(ContentError, match=r"\[illustration_labels\]"):
        illustration_svg(bare, "condition", ("C5-C6",))


# The words come from the pack ------------------------------------------------------------------


def every_picture(procedure: Procedure) -> list[str]:
    """Each step at one level and at two, with the plate: every label the code can draw."""
    return [
        illustration_svg(procedure, step, levels, show_plate=True)
        for step in STEPS
        for levels in (("C5-C6",), ("C5-C6", "C6-C7"))
    ]


def label_block(toml: str) -> tuple[int, int]:
    """Where the [illustration_labels] tables start and end in the pack's TOML text."""
    start = toml.index("[illustration_labels]")
    end = toml.index("\n# ---", start)
    return start, end


def test_a_changed_label_is_drawn_and_the_bundled_one_is_not(pack_copy: Path, pack: Procedure):
    toml = pack_copy / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    bundled = 'fusion = ["Bones grow together", "over months"]'
    assert bundled in text
    toml.write_text(
        text.replace(bundled, 'fusion = ["Changed first line", "changed second line"]'),
        encoding="utf-8",
    )
    changed = load_procedure(pack_copy)

    drawn = texts(illustration_svg(changed, "implant-graft", ("C5-C6",)))
    assert "Changed first line" in drawn and "changed second line" in drawn
    assert "Bones grow together" not in drawn and "over months" not in drawn
    assert "Bones grow together" in texts(illustration_svg(pack, "implant-graft", ("C5-C6",)))


def test_every_word_drawn_comes_from_the_pack(pack_copy: Path, pack: Procedure):
    """Each label of the pack replaced by a marker: every marker is drawn, no other word is."""
    toml = pack_copy / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    start, end = label_block(text)
    count = 0

    def marker(match: re.Match) -> str:
        nonlocal count
        count += 1
        return f'"Marker {count}{" {levels}" if "{levels}" in match.group(1) else ""}"'

    block = re.sub(r'"([^"]*)"', marker, text[start:end])
    toml.write_text(text[:start] + block + text[end:], encoding="utf-8")
    marked = load_procedure(pack_copy)

    drawn = [line for svg in every_picture(marked) for line in texts(svg)]
    joined = "\n".join(drawn)
    assert count > 20
    for n in range(1, count + 1):
        assert re.search(rf"^Marker {n}\b", joined, re.M), f"Marker {n} is not drawn"
    # Besides the markers, only the pack's phase titles, the levels and the week numbers.
    titles = {phase.title for phase in pack.recovery}
    for line in drawn:
        if not line.startswith("Marker "):
            assert line in titles or re.fullmatch(r"[CT]\d(-[CT]\d)?( and \S+)?|\d", line), line


def test_two_packs_never_share_a_picture(pack_copy: Path, pack: Procedure):
    toml = pack_copy / "procedure.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n# another pack\n", encoding="utf-8")
    other = load_procedure(pack_copy)
    assert other.content_version != pack.content_version

    mine = illustration_svg(pack, "condition", ("C5-C6",))
    theirs = illustration_svg(other, "condition", ("C5-C6",))
    assert mine != theirs, "a cache keyed by the picture's text keeps them apart"
    assert pack.content_version in mine and other.content_version in theirs


# The pictures tell the truth -------------------------------------------------------------------

TWO_LEVELS = (("C5-C6",), ("C5-C6", "C6-C7"))


def part_of(procedure: Procedure, step: str, part: str) -> str:
    """A part exactly as the drawing places it, read from the pack's own parts file."""
    return load_parts(procedure.illustration_path(step)).part(part)


@pytest.mark.parametrize("levels", TWO_LEVELS, ids="+".join)
def test_the_cord_keeps_its_change_after_decompression(pack: Procedure, levels) -> None:
    """Freed, not healed: the after panel draws the same change inside the cord as the before."""
    change = part_of(pack, "condition", "softened-cord")
    svg = illustration_svg(pack, "decompression", levels)
    after_panel = svg.index('<rect x="600.0" y="0"')
    before, after = svg[:after_panel], svg[after_panel:]
    assert before.count(change) == len(levels)
    assert after.count(change) == len(levels)
    assert after.count(part_of(pack, "decompression", "cord-free")) == len(levels)
    # The cord with its change stays so through the rest of the operation too.
    assert illustration_svg(pack, "implant-graft", levels).count(change) == len(levels)


@pytest.mark.parametrize("step", ["condition", "decompression", "implant-graft"])
def test_a_cord_without_change_is_drawn_without_one(pack: Procedure, step: str) -> None:
    change = part_of(pack, "condition", "softened-cord")
    words = " ".join(pack.illustration_labels.condition.softened_cord)
    plain = illustration_svg(pack, step, ("C5-C6", "C6-C7"), cord_change=False)
    assert change not in plain
    assert words not in " ".join(texts(plain))
    assert change in illustration_svg(pack, step, ("C5-C6", "C6-C7"))


def icons_in_order(procedure: Procedure, svg: str) -> list[str]:
    """The timeline's icons, top row first, named by their ids in the recovery parts file."""
    parts = load_parts(procedure.illustration_path("recovery"))
    found = []
    for icon_id, text in parts.groups.items():
        start = svg.find(text)
        while start != -1:
            found.append((start, icon_id))
            start = svg.find(text, start + 1)
    return [icon_id for _, icon_id in sorted(found)]


@pytest.mark.parametrize("which", ["bundled", "phased", "resting"])
def test_the_first_weeks_show_walking_and_no_bed(pack: Procedure, which: str) -> None:
    """The pack says to walk from the first days, so the early phases show a walking figure."""
    resting = (
        RecoveryPhase("rest-in-hospital", "Rest in hospital", 0, 2, "Rest."),
        RecoveryPhase("home", "Home", 2, 10, "Home."),
        RecoveryPhase("desk", "Desk work", 14, 42, "Work."),
    )
    phases = {"bundled": pack.recovery, "phased": PHASES, "resting": resting}[which]
    procedure = dataclasses.replace(pack, recovery=phases)
    icons = icons_in_order(procedure, illustration_svg(procedure, "recovery", ("C5-C6",)))

    assert len(icons) == len(phases)
    assert phases[0].start_day == 0 and icons[0] == "icon-walk"
    for phase, icon in zip(phases, icons, strict=True):
        if phase.start_day < 7:
            assert icon == "icon-walk", phase.title
    assert "icon-rest" not in load_parts(procedure.illustration_path("recovery")).groups


def bounds(d: str) -> tuple[float, float, float, float]:
    """The box around a path's points (every command here takes absolute x y pairs)."""
    values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = values[::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_bones_at_the_back_join_their_vertebrae(pack: Procedure) -> None:
    """Each arch is joined to its body by a bony bridge drawn over the cord, not hidden by it."""
    for form in FORMS:
        bridge = bounds(pedicle_path(form))
        assert overlap(bridge, bounds(body_path(form))), form.name
        assert overlap(bridge, bounds(arch_path(form))), form.name

    for step in ("condition", "decompression", "implant-graft"):
        for levels in TWO_LEVELS:
            order = list(ET.fromstring(illustration_svg(pack, step, levels)).iter())
            cords = [n for n, el in enumerate(order) if el.get("fill") == Ink.CORD]
            bridges = [n for n, el in enumerate(order) if el.get("fill") == Ink.PEDICLE]
            assert cords and bridges
            # Each spine's bridges are drawn after (over) its cord, none before the first cord.
            assert min(bridges) > min(cords), step
            ends = [*cords[1:], len(order)]
            assert all(
                any(c < b < end for b in bridges) for c, end in zip(cords, ends, strict=True)
            ), step
            # The bridge lets the cord show through: the cord is never cut into pieces.
            assert all(float(order[n].get("fill-opacity", "1")) < 1 for n in bridges)


@pytest.mark.parametrize("levels", TWO_LEVELS, ids="+".join)
def test_a_plate_is_drawn_exactly_when_asked(pack: Procedure, levels) -> None:
    screw = part_of(pack, "implant-graft", "screw")
    with_plate = illustration_svg(pack, "implant-graft", levels, show_plate=True)
    without = illustration_svg(pack, "implant-graft", levels)
    assert with_plate.count('id="plate"') == 1
    assert with_plate.count(screw) == len(levels) + 1  # one screw into each joined bone
    assert 'id="plate"' not in without and screw not in without
    for step in ("condition", "incision", "decompression", "recovery"):
        assert 'id="plate"' not in illustration_svg(pack, step, levels, show_plate=True)


class Answers:
    def __init__(self, **values: object) -> None:
        self.values = {k.replace("_", "-"): v for k, v in values.items()}

    def answer(self, factor_id: str, default: object = None) -> object:
        return self.values.get(factor_id, default)


def test_the_record_says_whether_a_plate_is_drawn() -> None:
    assert PLATE_USED == "plate-used"
    assert plate_used(Answers(plate_used=True))
    assert not plate_used(Answers(plate_used=False))
    assert not plate_used(Answers())  # not recorded yet: no plate is drawn
    assert not plate_used(Answers(plate_used="no"))
    assert not plate_used(None)
    assert plate_used({PLATE_USED: True}) and not plate_used({})  # answers by id work too


def test_the_record_says_whether_the_cord_shows_a_change() -> None:
    assert MRI_SIGNAL == "mri-signal"
    assert not cord_change_shown(Answers(mri_signal="none"))
    assert cord_change_shown(Answers(mri_signal="t2-only"))
    assert cord_change_shown(Answers(mri_signal="t2-t1"))
    assert cord_change_shown(Answers())  # not recorded: the usual picture of the condition
    assert cord_change_shown(None)
    assert not cord_change_shown({MRI_SIGNAL: "none"}) and cord_change_shown({})
