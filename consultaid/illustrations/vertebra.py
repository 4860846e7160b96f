"""One vertebra in side view: the body, C2's peg, the pedicle, the lamina and spinous process.

Shapes are in the vertebra's own frame (origin at the middle of the body, x towards the back of
the neck) and depend only on a few sizes per vertebra, so each outline is computed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from consultaid.illustrations.svg import Point, num, smooth_path

BACK_WALL = 46.0  # local x of the back of every vertebral body, the front wall of the canal
LAMINA = 104.0  # local x of the front of the lamina, the back wall of the canal
DENS = 30.0  # height of C2's peg above its body


@dataclass(frozen=True)
class Form:
    """One vertebra: body size and its spinous process (length behind the lamina, tip drop)."""

    name: str
    depth: float
    height: float
    process: float
    drop: float


FORMS: tuple[Form, ...] = (
    Form("C2", 80, 62, 100, 22),
    Form("C3", 78, 50, 80, 30),
    Form("C4", 80, 52, 84, 32),
    Form("C5", 82, 53, 90, 34),
    Form("C6", 84, 55, 106, 38),
    Form("C7", 86, 57, 140, 44),
    Form("T1", 90, 60, 140, 56),
)


@cache
def pedicle_path(form: Form) -> str:
    """The bony bridge from the back of the body to the lamina, seen through the canal."""
    h = form.height
    shape = [
        (BACK_WALL - 8, -0.40 * h),
        (75, -0.33 * h),
        (LAMINA + 8, -0.42 * h),
        (LAMINA + 8, 0.04 * h),
        (75, -0.06 * h),
        (BACK_WALL - 8, 0.02 * h),
    ]
    return smooth_path(shape, closed=True, tension=0.6)


@cache
def body_path(form: Form) -> str:
    x0, x1 = BACK_WALL - form.depth, BACK_WALL
    y0, y1 = -form.height / 2, form.height / 2
    r, cup, waist = 7.0, 5.0, 6.0
    mx = (x0 + x1) / 2
    return (
        f"M{num(x0 + r)} {num(y0)}Q{num(mx)} {num(y0 + cup)} {num(x1 - r)} {num(y0)}"
        f"Q{num(x1)} {num(y0)} {num(x1)} {num(y0 + r)}L{num(x1)} {num(y1 - r)}"
        f"Q{num(x1)} {num(y1)} {num(x1 - r)} {num(y1)}"
        f"Q{num(mx)} {num(y1 - cup)} {num(x0 + r)} {num(y1 + 1)}"
        f"Q{num(x0 - 1)} {num(y1 + 1)} {num(x0)} {num(y1 - r)}"
        f"Q{num(x0 + waist)} 0 {num(x0)} {num(y0 + r)}"
        f"Q{num(x0)} {num(y0)} {num(x0 + r)} {num(y0)}Z"
    )


@cache
def body_detail(form: Form, colour: str) -> str:
    """Faint inner lines that read as the dense shell of the bone, so bodies are not flat boxes."""
    x0, x1 = BACK_WALL - form.depth + 7, BACK_WALL - 6
    y0, y1 = -form.height / 2 + 7, form.height / 2 - 7
    mx = (x0 + x1) / 2
    return (
        f'<path d="M{num(x0)} {num(y0 + 4)}Q{num(mx)} {num(y0 + 8)} {num(x1)} {num(y0 + 2)}'
        f'M{num(x0)} {num(y1 - 2)}Q{num(mx)} {num(y1 - 6)} {num(x1)} {num(y1 - 2)}"'
        f' fill="none" stroke="{colour}" stroke-width="2" stroke-linecap="round"/>'
    )


@cache
def dens_path(form: Form) -> str:
    top = -form.height / 2 - DENS
    base = -form.height / 2 + 6
    x0, x1 = BACK_WALL - form.depth * 0.62, BACK_WALL - form.depth * 0.12
    mx = (x0 + x1) / 2
    return (
        f"M{num(x0)} {num(base)}C{num(x0 + 2)} {num(base - 14)} {num(x0 - 3)} {num(top + 14)}"
        f" {num(mx - 4)} {num(top + 2)}C{num(mx + 2)} {num(top - 2)} {num(x1)} {num(top + 4)}"
        f" {num(x1 - 2)} {num(top + 16)}C{num(x1 - 4)} {num(base - 18)} {num(x1 + 2)}"
        f" {num(base - 6)} {num(x1)} {num(base)}Z"
    )


@cache
def arch_path(form: Form) -> str:
    """Lamina and spinous process, one organic outline through a few key points."""
    h, length, drop = form.height, form.process, form.drop
    tip = LAMINA + length
    big = form.name == "C2"
    shape: list[Point] = [
        (LAMINA - 2, -0.36 * h),
        (LAMINA + 14, -0.44 * h),
        (LAMINA + 0.55 * length, drop * 0.55 - (0.32 if big else 0.2) * h),
        (tip - 8, drop - (13 if big else 10)),
        (tip + 3, drop - 3),
        (tip + 1, drop + 6),
        (tip - 9, drop + (13 if big else 10)),
        (LAMINA + 0.5 * length, drop * 0.5 + (0.3 if big else 0.22) * h),
        (LAMINA + 16, 0.42 * h),
        (LAMINA, 0.32 * h),
        (LAMINA - 3, 0),
    ]
    return smooth_path(shape, closed=True, tension=0.8)
