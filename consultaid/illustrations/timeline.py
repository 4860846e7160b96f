"""The recovery step: the first six weeks as a calm timeline built from the pack's phases.

The phases are content, so nothing here knows what they say: each gets a row with its title,
an icon, and a coloured band from its first to its last day. A phase that starts in the first
week shows a walking figure (the pack's advice is to walk from the first days, so no bed is
drawn); a later one gets the icon picked by a few words in its id and title. Anything past day 42
runs off the end with an arrow. The title, the axis and the arrow's word come from the pack's
[illustration_labels.recovery].
"""

from __future__ import annotations

import re

from consultaid.content.model import RecoveryPhase
from consultaid.illustrations.scene import Drawing, Scene
from consultaid.illustrations.svg import (
    LABEL_SIZE,
    Ink,
    Placement,
    arrow,
    num,
    text,
    text_width,
    wrap,
)

DAYS = 42
X0, X1 = 470.0, 1050.0  # day 0 and day 42
AXIS_Y = 150.0
ROWS_TOP, ROWS_BOTTOM = 190.0, 750.0
TITLE_X, TITLE_WIDTH = 128.0, 310.0
ICON_X = 76.0

# (band, edge) pairs: soft colours that sit together and stay apart from the accent.
COLOURS = (
    ("#cfe6e2", "#7fb3ad"),
    ("#dfe9cf", "#9fba84"),
    ("#f3e4c4", "#cfb078"),
    ("#f4d8ca", "#d49f88"),
    ("#e3def0", "#a398c6"),
)

WALK = "icon-walk"
FIRST_WEEK = 7  # a phase starting before this day shows walking, whatever its words

# Checked in order; the first icon with a word in the phase's id or title wins. A key of four
# letters or more also matches longer words ("lift" matches "lifting").
ICONS = (
    ("icon-lift", ("lift", "carry", "heav")),
    ("icon-car", ("driv", "car", "cars")),
    ("icon-desk", ("desk", "office", "work")),
    ("icon-sport", ("sport", "exerc", "gym", "swim", "run", "running")),
    (WALK, ("walk", "first", "hospital", "home", "rest", "day", "days")),
)


def recovery(scene: Scene) -> Drawing:
    parts = scene.parts
    words = scene.labels.recovery
    phases = scene.recovery
    pitch = min(126.0, (ROWS_BOTTOM - ROWS_TOP) / max(len(phases), 1))
    bottom = ROWS_TOP + pitch * len(phases) if phases else ROWS_BOTTOM - 60
    out = [
        text(40, 52, words.title, size=scene.size(26), bold=True, fill=Ink.ACCENT_DARK),
        _axis(words.axis, bottom, scene.size(LABEL_SIZE)),
    ]
    for row, phase in enumerate(phases):
        y = ROWS_TOP + pitch * (row + 0.5)
        icon = parts.part(_icon(phase))
        out.append(_row(icon, phase, row, y, pitch, words.later, scene.size(LABEL_SIZE)))
    return Drawing(parts.defs, "".join(out))


def day_x(day: float) -> float:
    return X0 + (X1 - X0) * min(max(day, 0.0), DAYS) / DAYS


def _axis(title: str, bottom: float, size: float = LABEL_SIZE) -> str:
    """The weeks along the top; the axis title and week numbers grow with the labels.

    The title grows only as far as it fits left of day 0.
    """
    fits = LABEL_SIZE * (X0 - 40 - 30) / max(text_width(title), 1.0)
    out = [text(40, AXIS_Y + 8, title, size=max(LABEL_SIZE, min(size, fits)), fill=Ink.TEXT_SOFT)]
    for week in range(DAYS // 7 + 1):
        x = day_x(week * 7)
        out.append(
            f'<path d="M{num(x)} {num(AXIS_Y + 18)}V{num(bottom)}" fill="none"'
            f' stroke="{"#d6cdc1" if week == 0 else "#e6dfd4"}" stroke-width="2"/>'
        )
        out.append(text(x, AXIS_Y + 8, str(week), size=size, anchor="middle", bold=week == 0))
    out.append(
        f'<path d="M{num(X0 - 20)} {num(AXIS_Y + 20)}H{num(X1 + 20)}" fill="none"'
        f' stroke="{Ink.TEXT_SOFT}" stroke-width="2"/>'
    )
    return "".join(out)


def _row(
    icon: str,
    phase: RecoveryPhase,
    row: int,
    y: float,
    pitch: float,
    later: str,
    size: float = LABEL_SIZE,
) -> str:
    band, edge = COLOURS[row % len(COLOURS)]
    scale = min(1.0, pitch / 110.0)
    radius = 32 * scale
    out = [
        f'<circle cx="{num(ICON_X)}" cy="{num(y)}" r="{num(radius)}" fill="{band}"'
        f' stroke="{edge}" stroke-width="2"/>',
        Placement(ICON_X - 22 * scale, y - 22 * scale, scale=scale * 44 / 48).group(icon),
    ]
    # Two lines of the title must fit the row: a larger size shrinks back to what does.
    size = max(LABEL_SIZE, min(size, pitch / 2.5))
    lines = _title_lines(phase.title, size)
    line_h = size * 1.25
    first = y - line_h * (len(lines) - 1) / 2 + size * 0.36
    out += [
        text(TITLE_X, first + n * line_h, line, size=size, bold=True)
        for n, line in enumerate(lines)
    ]
    height = min(50.0, pitch * 0.5)
    if phase.start_day < DAYS:
        x0 = day_x(phase.start_day)
        x1 = max(day_x(phase.end_day), x0 + height)
        out.append(
            f'<rect x="{num(x0)}" y="{num(y - height / 2)}" width="{num(x1 - x0)}"'
            f' height="{num(height)}" rx="{num(height / 2)}" fill="{band}" stroke="{edge}"'
            ' stroke-width="2"/>'
        )
    if phase.end_day > DAYS:
        out.append(arrow(X1 + 12, y, X1 + 52, y, edge, 3))
        out.append(text(X1 + 60, y + 8, later, fill=Ink.TEXT_SOFT))
    return "".join(out)


def _title_lines(title: str, size: float = LABEL_SIZE) -> list[str]:
    """At most two lines in the title column; whatever does not fit ends in an ellipsis."""
    lines = wrap(title, TITLE_WIDTH, size, bold=True)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [_fit(line, size) for line in lines]


def _fit(line: str, size: float = LABEL_SIZE) -> str:
    if text_width(line, size, bold=True) <= TITLE_WIDTH:
        return line
    while line and text_width(line + "…", size, bold=True) > TITLE_WIDTH:
        line = line[:-1]
    return line.rstrip() + "…"


def _icon(phase: RecoveryPhase) -> str:
    if phase.start_day < FIRST_WEEK:
        return WALK
    words = re.findall(r"[a-z]+", f"{phase.id} {phase.title}".lower())
    for icon, keys in ICONS:
        for key in keys:
            if any(w == key or (len(key) >= 4 and w.startswith(key)) for w in words):
                return icon
    return "icon-calendar"
