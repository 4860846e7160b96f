"""Larger labels for the presenter's larger text (issue 12, item 3): the picture's words grow,
stay inside the picture and never run into each other; at scale 1 nothing changes."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from consultaid.content import load_procedure
from consultaid.content.model import Procedure
from consultaid.illustrations import MAX_LABEL_SCALE, STEP_IDS, VIEWBOX, illustration_svg
from consultaid.illustrations.svg import text_width
from consultaid.levels import level_options

SVG = "{http://www.w3.org/2000/svg}"
LEVELS = [("C5-C6",), ("C3-C4", "C4-C5"), ("C6-C7", "C7-T1")]
Box = tuple[float, float, float, float]


@pytest.fixture(scope="module")
def pack() -> Procedure:
    return load_procedure()


def words(svg: str) -> list[tuple[str, float, Box]]:
    """Each text element: its words, its size and the box it covers (DejaVu Sans widths)."""
    out = []
    for node in ET.fromstring(svg).iter(f"{SVG}text"):
        size = float(node.get("font-size"))
        content = node.text or ""
        width = text_width(content, size, node.get("font-weight") == "bold")
        x, y = float(node.get("x")), float(node.get("y"))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor")]
        out.append((content, size, (left, y - 0.76 * size, left + width, y + 0.24 * size)))
    return out


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_scale_one_is_the_picture_as_it_was(pack: Procedure) -> None:
    for step, levels in itertools.product(STEP_IDS, level_options()):
        assert illustration_svg(pack, step, levels, label_scale=1.0) == illustration_svg(
            pack, step, levels
        )


@pytest.mark.parametrize("step", STEP_IDS)
def test_larger_labels_grow(pack: Procedure, step: str) -> None:
    normal = words(illustration_svg(pack, step, ("C5-C6",)))
    large = words(illustration_svg(pack, step, ("C5-C6",), label_scale=1.6))
    grown = [w for w in large if w[1] > 22.0 * 1.2]
    assert len(grown) >= len(normal) // 2, (len(grown), len(normal))
    assert max(w[1] for w in large) > max(w[1] for w in normal)


@pytest.mark.parametrize("scale", [1.0, 1.3, 1.6, MAX_LABEL_SCALE])
@pytest.mark.parametrize("step", STEP_IDS)
@pytest.mark.parametrize("levels", LEVELS, ids=["-".join(lv) for lv in LEVELS])
def test_larger_labels_stay_inside_and_apart(
    pack: Procedure, step: str, levels: tuple[str, ...], scale: float
) -> None:
    x0, y0, w, h = VIEWBOX
    placed = words(illustration_svg(pack, step, levels, show_plate=True, label_scale=scale))
    for content, _size, box in placed:
        assert x0 <= box[0] and box[2] <= x0 + w, (content, box)
        assert y0 <= box[1] and box[3] <= y0 + h, (content, box)
    for (a, _, box_a), (b, _, box_b) in itertools.combinations(placed, 2):
        assert not overlap(box_a, box_b), (a, b)


@pytest.mark.parametrize("scale", [0.5, 0.99, MAX_LABEL_SCALE + 0.1])
def test_a_label_scale_out_of_range_is_refused(pack: Procedure, scale: float) -> None:
    with pytest.raises(ValueError, match="label_scale"):
        illustration_svg(pack, "condition", ("C5-C6",), label_scale=scale)
