"""The step illustrations as SVG documents: one artwork for the screen and for the PDF.

`illustration_svg` draws a step of a pack at the patient's level(s) with the surgeon's pen strokes
on top. The spine is generated (it repeats); the hand-drawn parts come from the illustration files
the pack's steps name, the words from its [illustration_labels], the timeline from its [[recovery]]
phases: the picture always comes from the same pack as the text. Plain strings, no Qt: QSvgRenderer
shows the document on screen and svglib puts the same vector drawing into the consent PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from consultaid.content.model import Procedure, RecoveryPhase
from consultaid.errors import ContentError
from consultaid.illustrations import neck, sagittal, timeline
from consultaid.illustrations.scene import Drawing, Scene
from consultaid.illustrations.svg import Ink, num
from consultaid.levels import parse_levels
from consultaid.strokes import Stroke

__all__ = ["MAX_LABEL_SCALE", "STEP_IDS", "VIEWBOX", "illustration_svg"]

VIEWBOX = (0, 0, 1200, 800)
MAX_LABEL_SCALE = 2.0

_BUILDERS: dict[str, Callable[[Scene], Drawing]] = {
    "condition": sagittal.condition,
    "incision": neck.incision,
    "decompression": sagittal.decompression,
    "implant-graft": sagittal.implant_graft,
    "recovery": timeline.recovery,
}
STEP_IDS: tuple[str, ...] = tuple(_BUILDERS)


def illustration_svg(
    procedure: Procedure,
    step_id: str,
    levels: tuple[str, ...],
    strokes: Sequence[Stroke] = (),
    *,
    show_plate: bool = False,
    cord_change: bool = True,
    label_scale: float = 1.0,
) -> str:
    """One complete SVG document: the pack's step at the level(s), then the strokes on top.

    `show_plate` draws a plate on the front of the joined bones (when the consultation records
    one); `cord_change` draws the change inside the cord in every side view, before and after the
    operation alike (pass False when the MRI shows no change inside the cord). `label_scale`
    enlarges the labels, the level names, the heading and the front/back words (the presenter's
    larger text; from 1 to MAX_LABEL_SCALE) and the recovery timeline's rows; they wrap and
    spread again to stay in the picture. The decompression captions and the fusion card keep
    their size.

    Raises InputError for a bad level (via `parse_levels`), ValueError for an unknown step id and
    ContentError when the pack has no words for the pictures or a parts file is missing or broken.
    """
    if not 1.0 <= label_scale <= MAX_LABEL_SCALE:
        raise ValueError(f"label_scale {label_scale} is outside 1 to {MAX_LABEL_SCALE}")
    if step_id not in _BUILDERS:
        raise ValueError(f"unknown illustration step {step_id!r}; expected one of {STEP_IDS}")
    chosen = parse_levels(levels)
    labels = procedure.illustration_labels
    if labels is None:
        raise ContentError(
            f"The content pack in {procedure.root} has no [illustration_labels]; "
            "load it with load_procedure so its pictures have their words."
        )
    scene = Scene(
        step=step_id,
        levels=chosen,
        labels=labels,
        files=tuple((s.id, procedure.root / s.illustration) for s in procedure.steps),
        # Only what the drawing uses, so the scene is a small hashable key.
        recovery=tuple(
            RecoveryPhase(p.id, p.title, p.start_day, p.end_day, "") for p in procedure.recovery
        ),
        show_plate=show_plate,
        cord_change=cord_change,
        label_scale=round(label_scale, 2),
    )
    picture = _picture(scene, procedure.content_version)
    return f"{picture}{_strokes(strokes)}</svg>"


@lru_cache(maxsize=64)
def _picture(scene: Scene, content_version: str) -> str:
    """Everything but the strokes and the closing tag; the same arguments give the same text.

    The pack's content version is written into the document, so two packs never share a picture
    in any cache keyed by the SVG text (the screen's pixmaps, the PDF's converted drawings).
    """
    drawing = _BUILDERS[scene.step](scene)
    x, y, w, h = VIEWBOX
    version = f"<!-- content version {content_version} -->" if content_version.isalnum() else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}"'
        f' viewBox="{x} {y} {w} {h}">{version}'
        f"<defs>{drawing.defs}</defs>"
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{Ink.BACKGROUND}"/>'
        f"{drawing.body}"
    )


def _strokes(strokes: Sequence[Stroke]) -> str:
    """The pen strokes as round-capped curves, kept inside the picture (and so inside the PDF)."""
    x0, y0, w, h = VIEWBOX
    out = []
    for stroke in strokes:
        if not stroke.points:
            continue
        r = stroke.width / 2
        points = [
            (min(max(x, x0 + r), x0 + w - r), min(max(y, y0 + r), y0 + h - r))
            for x, y in stroke.points
        ]
        if len(points) == 1:
            (x, y) = points[0]
            out.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{stroke.hex}"/>')
            continue
        out.append(
            f'<path d="{_ink_path(points)}" fill="none" stroke="{stroke.hex}"'
            f' stroke-width="{num(stroke.width)}" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    return f'<g id="strokes">{"".join(out)}</g>' if out else ""


def _ink_path(points: list[tuple[float, float]]) -> str:
    """A smooth line through pen samples: curves between the midpoints, bending at each sample."""
    x0, y0 = points[0]
    x1, y1 = points[1]
    parts = [f"M{x0:.1f} {y0:.1f}L{(x0 + x1) / 2:.1f} {(y0 + y1) / 2:.1f}"]
    for (ax, ay), (bx, by) in pairwise(points[1:]):
        parts.append(f"Q{ax:.1f} {ay:.1f} {(ax + bx) / 2:.1f} {(ay + by) / 2:.1f}")
    xn, yn = points[-1]
    parts.append(f"L{xn:.1f} {yn:.1f}")
    return "".join(parts)
