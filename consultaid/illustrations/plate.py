"""The plate some surgeons fix to the front of the joined bones, with one screw into each.

Drawn only when the consultation records a plate (`show_plate`), so the picture shows what the
patient will have.
"""

from __future__ import annotations

from consultaid.illustrations.parts import Parts
from consultaid.illustrations.spine import Layout
from consultaid.illustrations.svg import Ink, Point, num, smooth_path
from consultaid.illustrations.vertebra import BACK_WALL, FORMS


def plate(layout: Layout, idx: list[int], parts: Parts) -> str:
    """A thin plate on the front of the joined bodies, with one screw into each."""
    first, last = min(idx), max(idx) + 1
    points: list[Point] = []
    for i in range(first, last + 1):
        form, frame = FORMS[i], layout.vertebra(i)
        x = BACK_WALL - form.depth - 5
        if i == first:
            points.append(frame.point(x, -form.height * 0.36))
        points.append(frame.point(x, 0))
        if i == last:
            points.append(frame.point(x, form.height * 0.36))
    d = smooth_path(points)
    out = [
        f'<path d="{d}" fill="none" stroke="{Ink.OUTLINE}" stroke-width="11"'
        ' stroke-linecap="round" stroke-linejoin="round"/>',
        f'<path d="{d}" fill="none" stroke="#bcc5ce" stroke-width="8"'
        ' stroke-linecap="round" stroke-linejoin="round"/>',
        f'<path d="{d}" fill="none" stroke="#e9eef2" stroke-width="2.4"'
        ' stroke-linecap="round" stroke-linejoin="round"/>',
    ]
    for i in range(first, last + 1):
        form, frame = FORMS[i], layout.vertebra(i)
        tilt = -12 if i == first else 12 if i == last else 0
        y = -form.height * 0.12 if i == first else form.height * 0.12 if i == last else 0
        head = frame.point(BACK_WALL - form.depth - 5, y)
        out.append(
            f'<g transform="translate({num(head[0])} {num(head[1])})'
            f' rotate({num(frame.angle + tilt)}) scale(1.15)">{parts.part("screw")}</g>'
        )
    return "".join(out)
