"""The incision step: the head and neck from the side, the spine faintly behind the skin.

The figure is drawn in the parts file (picture units); its guides say where the spine lies and
where the front of the neck is, so the cut lands in a skin crease at the height of the level.
The words come from the pack's [illustration_labels].
"""

from __future__ import annotations

import math
from itertools import pairwise

from consultaid.illustrations.scene import Drawing, Scene
from consultaid.illustrations.spine import GHOST, Layout, Spine, defs, disc_index
from consultaid.illustrations.svg import (
    LABEL_SIZE,
    Ink,
    Label,
    Placement,
    Point,
    draw_label,
    fit_lines,
    heading,
    num,
    spread,
)
from consultaid.illustrations.vertebra import BACK_WALL, FORMS
from consultaid.levels import format_levels

RIGHT = 960.0  # where the labels right of the neck start
EDGE = 20.0  # kept clear between a label and the picture's edge
SHIFT = 100.0  # the figure sits a little right of the parts file's origin, leaving room for labels


def incision(scene: Scene) -> Drawing:
    parts = scene.parts
    words = scene.labels.incision
    idx = [disc_index(level) for level in scene.levels]
    layout = Layout()
    place = _spine_placement(layout, *parts.guide_points("spine-axis"))
    spine = Spine(layout, style=GHOST, discs=dict.fromkeys(idx, "marked"), line=1.2 / place.scale)

    fronts = [_disc_front(layout, place, i) for i in idx]
    neck = parts.guide_points("neck-front")
    top, bottom = neck[0][1] + 10, neck[-1][1] - 14
    y = min(max(sum(p[1] for p in fronts) / len(fronts), top), bottom)
    x = _x_at(neck, y)
    creases = "".join(
        Placement(_x_at(neck, cy) - 1, cy).group(parts.part("crease"))
        for cy in (y - 44, y + 44)
        if top - 6 <= cy <= bottom + 6
    )
    disc = (sum(p[0] for p in fronts) / len(fronts), sum(p[1] for p in fronts) / len(fronts))
    level_line = (
        f'<path d="M{num(disc[0] - 4)} {num(disc[1])}L{num(x + 62)} {num(y + 3)}" fill="none"'
        f' stroke="{Ink.ACCENT}" stroke-width="2" stroke-dasharray="3 5" stroke-linecap="round"/>'
    )
    figure = (
        parts.part("skin")
        + place.group(spine.draw())
        + parts.part("features")
        + creases
        + level_line
        + Placement(x - 1, y).group(parts.part("incision"))
    )

    def shifted(p: Point) -> Point:
        return (p[0] + SHIFT, p[1])

    size = scene.size(LABEL_SIZE)
    room = 1200 - RIGHT - EDGE
    labels = [
        Label(
            fit_lines(words.cut, x + SHIFT - 50 - EDGE, size, bold=True),
            x + SHIFT - 50,
            max(y, 478),
            [shifted((x - 2, y + 1))],
            anchor="end",
            bold=True,
            halo=False,
            size=size,
        ),
        Label(
            fit_lines([format_levels(scene.levels)], room, size, bold=True),
            RIGHT,
            y + 46,
            [shifted(place.apply(layout.disc(i).point(-24, 0))) for i in idx],
            bold=True,
            colour=Ink.ACCENT_DARK,
            halo=False,
            size=size,
        ),
        Label(
            fit_lines(words.spine, room, size),
            RIGHT,
            330,
            [shifted(place.apply(layout.vertebra(0).point(BACK_WALL + 96, 14)))],
            halo=False,
            size=size,
        ),
    ]
    spread(labels[1:], 60, 760, gap=14)  # the two on the right, apart when they are large
    body = (
        Placement(SHIFT, 0).group(figure)
        + "".join(draw_label(lb) for lb in labels)
        + heading(scene.heading, 52, scene.size(26))
    )
    return Drawing(defs(GHOST) + parts.defs, body)


def _spine_placement(layout: Layout, top: Point, bottom: Point) -> Placement:
    """Scale and turn the generated spine so its ends land on the guide line's ends."""
    a, b = layout.point(0, 0), layout.point(layout.length, 0)
    k = math.dist(top, bottom) / math.dist(a, b)
    turn = math.atan2(bottom[1] - top[1], bottom[0] - top[0]) - math.atan2(b[1] - a[1], b[0] - a[0])
    ax, ay = a[0] * k, a[1] * k
    return Placement(
        x=top[0] - (ax * math.cos(turn) - ay * math.sin(turn)),
        y=top[1] - (ax * math.sin(turn) + ay * math.cos(turn)),
        angle=math.degrees(turn),
        scale=k,
    )


def _disc_front(layout: Layout, place: Placement, index: int) -> Point:
    depth = (FORMS[index].depth + FORMS[index + 1].depth) / 2
    return place.apply(layout.disc(index).point(-depth, 0))


def _x_at(line: list[Point], y: float) -> float:
    """Where a top-to-bottom polyline crosses height y."""
    for (x0, y0), (x1, y1) in pairwise(line):
        if y0 <= y <= y1:
            return x0 + (x1 - x0) * (y - y0) / ((y1 - y0) or 1.0)
    return line[0][0] if y < line[0][1] else line[-1][0]
