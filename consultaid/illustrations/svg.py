"""Small SVG-writing pieces every step shares: numbers, colours, text, smooth paths, labels.

Illustrations are rebuilt on every level change and pen stroke, so they are written as strings
with plain presentation attributes: both QSvgRenderer (SVG Tiny) and svglib read those the same way.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

Point = tuple[float, float]

# Qt takes the whole attribute as one family name (and falls back to the system sans font);
# svglib tries the names in turn, so the PDF finds the same DejaVu Sans the screen uses.
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
LABEL_SIZE = 22.0


class Ink:
    """The palette: soft anatomical colours, dark warm grey outlines, one calm accent."""

    BACKGROUND = "#f7f4ee"
    OUTLINE = "#5e534b"
    TEXT = "#3b3631"
    TEXT_SOFT = "#6e655d"
    LEADER = "#7a7068"
    ACCENT = "#2c7a86"
    ACCENT_DARK = "#1f5d66"
    ACCENT_LIGHT = "#8fc9c9"
    HIGHLIGHT = "#d3e9e6"
    BONE_LIGHT = "#fdf8ec"
    BONE_MID = "#f0e3c6"
    BONE_DARK = "#d8c39c"
    PEDICLE = "#e6d6b6"
    DISC = "#b9cbdc"
    DISC_DARK = "#9fb4c9"
    DISC_CORE = "#dde8f1"
    DISC_WORN = "#a9b5c1"
    CSF = "#e6eef2"
    DURA = "#a3b5c2"
    CORD = "#f5e7b9"
    CORD_SHINE = "#fbf4dc"
    CORD_EDGE = "#c3a567"
    EMPTY = "#efe6dc"
    GRAFT = "#f1e8d8"
    CARD = "#fcfaf6"
    CARD_EDGE = "#e4dbcf"


def num(value: float) -> str:
    """A coordinate with one decimal: short documents, identical text for identical geometry."""
    return f"{value:.1f}"


def pts(points: Iterable[Point]) -> str:
    return " ".join([f"{x:.1f},{y:.1f}" for x, y in points])


# Advance widths of DejaVu Sans (regular, bold) for ASCII 32–126, in thousandths of an em.
# Arial and Helvetica are narrower, so text laid out with these widths never overflows.
_WIDTHS = {
    False: (
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
        636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698,
        770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
        684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
        634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
        525, 636, 337, 636, 838,
    ),
    True: (
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696,
        696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734,
        830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812,
        774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
        712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652,
        582, 712, 365, 712, 838,
    ),
}  # fmt: skip


def text_width(text: str, size: float = LABEL_SIZE, bold: bool = False) -> float:
    table = _WIDTHS[bold]
    total = sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else 1000 for c in text)
    return total * size / 1000.0


def wrap(text: str, width: float, size: float = LABEL_SIZE, bold: bool = False) -> list[str]:
    """Greedy word wrap; a word longer than the width gets a line of its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = LABEL_SIZE,
    anchor: str = "start",
    bold: bool = False,
    fill: str = Ink.TEXT,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-family="{FONT}" font-size="{num(size)}"'
        f'{weight} fill="{fill}" text-anchor="{anchor}">{html.escape(content, quote=False)}</text>'
    )


def smooth_path(points: Sequence[Point], closed: bool = False, tension: float = 1.0) -> str:
    """A Catmull-Rom curve through the points, written as cubic Béziers."""
    n = len(points)
    if n == 0:
        return ""
    if n < 3:
        return "M" + "L".join([f"{x:.1f} {y:.1f}" for x, y in points])
    k = tension / 6.0
    parts = [f"M{points[0][0]:.1f} {points[0][1]:.1f}"]
    count = n if closed else n - 1
    for i in range(count):
        x0, y0 = points[(i - 1) % n] if closed or i > 0 else points[0]
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        x3, y3 = points[(i + 2) % n] if closed or i + 2 < n else points[n - 1]
        parts.append(
            f"C{x1 + (x2 - x0) * k:.1f} {y1 + (y2 - y0) * k:.1f}"
            f" {x2 - (x3 - x1) * k:.1f} {y2 - (y3 - y1) * k:.1f} {x2:.1f} {y2:.1f}"
        )
    if closed:
        parts.append("Z")
    return "".join(parts)


@dataclass(frozen=True)
class Placement:
    """Where a drawing made in its own units sits in the picture: move, turn (degrees), scale."""

    x: float = 0.0
    y: float = 0.0
    angle: float = 0.0
    scale: float = 1.0

    def apply(self, point: Point) -> Point:
        a = math.radians(self.angle)
        px, py = point[0] * self.scale, point[1] * self.scale
        return (
            self.x + px * math.cos(a) - py * math.sin(a),
            self.y + px * math.sin(a) + py * math.cos(a),
        )

    def transform(self) -> str:
        out = f"translate({num(self.x)} {num(self.y)})"
        if self.angle:
            out += f" rotate({num(self.angle)})"
        if self.scale != 1.0:
            out += f" scale({self.scale:.4g})"
        return out

    def group(self, content: str) -> str:
        return f'<g transform="{self.transform()}">{content}</g>'


@dataclass
class Label:
    """A short label and the anatomy it points at; `y` may move so labels never overlap."""

    lines: list[str]
    x: float
    y: float
    targets: list[Point]
    anchor: str = "start"
    bold: bool = False
    colour: str = Ink.TEXT
    size: float = LABEL_SIZE
    elbow: float | None = None  # route leaders square through this x instead of diagonally
    halo: bool = True  # a pale edge that keeps the leader readable where it crosses bone

    @property
    def height(self) -> float:
        return self.size * 1.25 * len(self.lines)

    @property
    def width(self) -> float:
        return max(text_width(line, self.size, self.bold) for line in self.lines)


def spread(labels: list[Label], top: float, bottom: float, gap: float = 14.0) -> None:
    """Move labels of one column apart vertically (keeping their order) and inside top..bottom."""
    ordered = sorted(labels, key=lambda lb: lb.y)
    for prev, cur in pairwise(ordered):
        low = prev.y + prev.height / 2 + gap + cur.height / 2
        cur.y = max(cur.y, low)
    if ordered and ordered[-1].y + ordered[-1].height / 2 > bottom:
        ordered[-1].y = bottom - ordered[-1].height / 2
        for nxt, cur in zip(ordered[::-1], ordered[-2::-1], strict=False):
            high = nxt.y - nxt.height / 2 - gap - cur.height / 2
            cur.y = min(cur.y, high)
    if ordered and ordered[0].y - ordered[0].height / 2 < top:
        ordered[0].y = top + ordered[0].height / 2


def draw_label(label: Label) -> str:
    """Text lines centred on `label.y`, with a thin leader and a dot at each target."""
    line_h = label.size * 1.25
    first = label.y - line_h * (len(label.lines) - 1) / 2 + label.size * 0.36
    out = []
    edge = label.x - 10 if label.anchor == "start" else label.x + 10
    for target in label.targets:
        if label.elbow is None:
            elbow = edge - 22 if label.anchor == "start" else edge + 22
            route = f"L{num(elbow)} {num(label.y)}"
        else:
            route = f"L{num(label.elbow)} {num(label.y)}L{num(label.elbow)} {num(target[1])}"
        d = f"M{num(edge)} {num(label.y)}{route}L{num(target[0])} {num(target[1])}"
        if label.halo:
            out.append(
                f'<path d="{d}" fill="none" stroke="{Ink.BACKGROUND}" stroke-opacity="0.75"'
                ' stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>'
            )
        out.append(
            f'<path d="{d}" fill="none" stroke="{Ink.LEADER}"'
            ' stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>'
        )
        out.append(
            f'<circle cx="{num(target[0])}" cy="{num(target[1])}" r="3.6" fill="{Ink.LEADER}"/>'
        )
    for i, line in enumerate(label.lines):
        out.append(
            text(
                label.x,
                first + i * line_h,
                line,
                size=label.size,
                anchor=label.anchor,
                bold=label.bold,
                fill=label.colour,
            )
        )
    return "".join(out)


def arrow(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 2.2) -> str:
    """A line with an open arrowhead at (x2, y2)."""
    ang = math.atan2(y2 - y1, x2 - x1)
    head = 11.0
    a1 = (x2 - head * math.cos(ang - 0.45), y2 - head * math.sin(ang - 0.45))
    a2 = (x2 - head * math.cos(ang + 0.45), y2 - head * math.sin(ang + 0.45))
    return (
        f'<path d="M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}M{num(a1[0])} {num(a1[1])}'
        f'L{num(x2)} {num(y2)}L{num(a2[0])} {num(a2[1])}" fill="none" stroke="{colour}"'
        f' stroke-width="{num(width)}" stroke-linecap="round" stroke-linejoin="round"/>'
    )


def fade(x: float, y: float, width: float, height: float, edge: str) -> str:
    """Background-coloured bands, opaque at `edge` ("top", "bottom", "left", "right").

    They let art dissolve towards a border. Stacked flat bands instead of a transparent gradient:
    svglib turns gradients into PDF shadings, which ignore stop opacity.
    """
    steps = 8
    out = []
    for i in range(steps):
        alpha = 1.0 - i / steps
        if edge in ("top", "bottom"):
            step = height / steps
            by = y + i * step if edge == "top" else y + height - (i + 1) * step
            band = (x, by - 0.3, width, step + 0.6)
        else:
            step = width / steps
            bx = x + i * step if edge == "left" else x + width - (i + 1) * step
            band = (bx - 0.3, y, step + 0.6, height)
        out.append(
            f'<rect x="{num(band[0])}" y="{num(band[1])}" width="{num(band[2])}"'
            f' height="{num(band[3])}" fill="{Ink.BACKGROUND}" fill-opacity="{alpha:.2f}"/>'
        )
    return "".join(out)


def heading(title: str, y: float, size: float = 26.0) -> str:
    """The level(s) in the top left corner, in the accent colour like the highlighted vertebrae."""
    return text(40, y, title, size=size, bold=True, fill=Ink.ACCENT_DARK)


def fit_lines(lines: Sequence[str], room: float, size: float, bold: bool = False) -> list[str]:
    """The pack's lines as they are if each fits in `room` at this size, else wrapped afresh."""
    if all(text_width(line, size, bold) <= room for line in lines):
        return list(lines)
    return wrap(" ".join(lines), room, size, bold)
