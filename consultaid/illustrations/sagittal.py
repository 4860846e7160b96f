"""The three side views of the spine: the condition, before/after decompression, cage and graft.

Each builds a Spine for the chosen level(s), slips the step's hand-drawn parts in at the disc
frames, and adds labels in picture units (outside the scaled spine, so text keeps its size). The
words come from the pack's [illustration_labels].
"""

from __future__ import annotations

from consultaid.content.model import IllustrationLabels
from consultaid.illustrations.plate import plate
from consultaid.illustrations.scene import Drawing, Scene
from consultaid.illustrations.spine import DISC_GAPS, FULL, Frame, Layout, Spine, defs, disc_index
from consultaid.illustrations.svg import (
    LABEL_SIZE,
    Ink,
    Label,
    Placement,
    Point,
    arrow,
    draw_label,
    fade,
    fit_lines,
    heading,
    num,
    spread,
    text,
    text_width,
    wrap,
)
from consultaid.illustrations.vertebra import BACK_WALL, FORMS, LAMINA
from consultaid.levels import VERTEBRAE, vertebrae_of

EDGE = 20.0  # kept clear between a label and the picture's edge
WORN_GAP = 12.0
OPEN_GAP = 18.0
SQUEEZE = 15.0


def condition(scene: Scene) -> Drawing:
    idx = _indices(scene.levels)
    layout = _layout(idx, WORN_GAP)
    k = 1.24
    place = Placement(x=440, y=62, scale=k)
    spine = Spine(
        layout,
        discs=dict.fromkeys(idx, "worn"),
        squeeze=dict.fromkeys(idx, SQUEEZE),
        end=layout.length + 30,
        line=2.0 / k,
    )
    parts = scene.parts
    words = scene.labels.condition
    size = scene.size(LABEL_SIZE)
    between = []
    for i in idx:
        disc = layout.disc(i).transform()
        between.append(
            f'<g transform="{disc}">{parts.part("disc-wear")}{parts.part("disc-bulge")}'
            f"{parts.part('bone-spurs')}</g>"
        )
    between.append(_cord_change(scene, spine, idx))
    art = spine.draw(behind=spine.band(min(idx), max(idx), -100, 300), between="".join(between))

    # Only the pressure is pointed out at both levels; one pointer each is enough for the rest.
    first = idx[0]
    healthy = 5 if first <= 2 else 1  # show the normal cord away from the problem
    s = layout.disc_s(healthy)  # between two vertebrae, clear of the bony bridges
    right = [
        _label(
            scene,
            words.spinal_cord,
            place,
            layout.point(s, (spine.cord_front(s) + spine.cord_back(s)) / 2),
        ),
        _label(scene, words.bone_spur, place, layout.disc(first).point(14, -8)),
        _label(
            scene,
            words.pressure,
            place,
            *(layout.disc(i).point(27, 0) for i in idx),
            bold=True,
        ),
    ]
    if scene.cord_change:
        # The lowest level's change, so this leader never crosses the pressure label's.
        centre = _cord_centre(spine, idx[-1]).point(0, 12)
        right.append(_label(scene, words.softened_cord, place, centre))
    spread(right, 90, 720, gap=18)
    left = [
        Label(
            fit_lines(words.worn_disc, 190 - EDGE, size),
            190,
            place.apply(layout.disc(first).point(0, 0))[1],
            [place.apply(layout.disc(first).point(-62, 0))],
            anchor="end",
            size=size,
        )
    ]
    body = (
        place.group(art)
        + _fades(0, 1200, 60, 730)
        + _vertebra_labels(spine, place, scene.levels, size=size)
        + "".join(draw_label(lb) for lb in right + left)
        + heading(scene.heading, 52, scene.size(26))
        + _orientation(scene.labels, 40, 1160, 772, size)
    )
    return Drawing(defs(FULL) + parts.defs, body)


def decompression(scene: Scene) -> Drawing:
    idx = _indices(scene.levels)
    own, problem = scene.parts, scene.parts_of("condition")
    words = scene.labels.decompression
    size = scene.size(LABEL_SIZE)
    panels = []
    for left, before in ((0.0, True), (600.0, False)):
        layout = _layout(idx, WORN_GAP if before else OPEN_GAP)
        start, end, k = _window(layout, idx, 540, 1.32)
        place = _fit(layout, start, end, k, x_axis=left + 190, y_mid=440)
        if before:
            spine = Spine(
                layout,
                start=start,
                end=end,
                discs=dict.fromkeys(idx, "worn"),
                squeeze=dict.fromkeys(idx, SQUEEZE),
                line=2.0 / k,
                tail=40,
            )
            between = "".join(
                f'<g transform="{layout.disc(i).transform()}">{problem.part("disc-bulge")}'
                f"{problem.part('bone-spurs')}</g>"
                for i in idx
            ) + _cord_change(scene, spine, idx)
            front = ""
        else:
            spine = Spine(
                layout,
                start=start,
                end=end,
                discs=dict.fromkeys(idx, "empty"),
                line=2.0 / k,
                tail=40,
            )
            # Freed, not healed: the change inside the cord stays where it was.
            between = _cord_change(scene, spine, idx) + "".join(
                f'<g transform="{_cord_centre(spine, i).transform()}">{own.part("cord-free")}</g>'
                for i in idx
            )
            front = "".join(
                f'<g transform="{layout.disc(i).transform()}">{own.part("space-cleared")}</g>'
                for i in idx
            )
        art = spine.draw(
            behind=spine.band(min(idx), max(idx), -100, 280), between=between, front=front
        )
        title = words.before if before else words.after
        # The pack's lines, each wrapped again should it be wider than the panel.
        caption = [
            part
            for line in (words.before_caption if before else words.after_caption)
            for part in wrap(line, 520)
        ]
        panels.append(
            f'<rect x="{num(left)}" y="0" width="600" height="800" fill="{Ink.BACKGROUND}"/>'
            + place.group(art)
            + _fades(left, 600, 170, 700)
            + _vertebra_labels(spine, place, scene.levels, 170, 700, size=size)
            + text(
                left + 40,
                60,
                title,
                size=30,
                bold=True,
                fill=Ink.TEXT if before else Ink.ACCENT_DARK,
            )
            + "".join(
                text(left + 40, 100 + 28 * n, line, fill=Ink.TEXT_SOFT)
                for n, line in enumerate(caption)
            )
            + _orientation(scene.labels, left + 40, left + 560, 772, size)
        )
    divider = '<path d="M600 40V740" fill="none" stroke="#ddd4c9" stroke-width="2"/>'
    return Drawing(
        defs(FULL) + problem.defs + own.defs,
        "".join(panels) + divider + _to_after(600, 440),
    )


def implant_graft(scene: Scene) -> Drawing:
    idx = _indices(scene.levels)
    parts = scene.parts
    words = scene.labels.implant_graft
    size = scene.size(LABEL_SIZE)
    pad = 44 if scene.show_plate else 20
    layout = _layout(idx, OPEN_GAP)
    start, end, k = _window(layout, idx, 580, 1.7, reach=150)
    place = _fit(layout, start, end, k, x_axis=470, y_mid=420)
    spine = Spine(
        layout, start=start, end=end, discs=dict.fromkeys(idx, "graft"), line=2.0 / k, tail=40
    )
    between = _cord_change(scene, spine, idx) + "".join(
        f'<g transform="{layout.disc(i).transform()}">{parts.part("cage")}</g>' for i in idx
    )
    front = "".join(
        f'<g transform="{layout.disc(i).transform()}">{parts.part("fusion-growth")}</g>'
        for i in idx
    )
    if scene.show_plate:
        front += f'<g id="plate">{plate(layout, idx, parts)}</g>'
    art = spine.draw(behind=spine.band(min(idx), max(idx), -130, 320), between=between, front=front)
    top = min(idx)
    labels = [
        Label(
            fit_lines(words.cage, 250 - EDGE, size, bold=True),
            250,
            place.apply(layout.disc(top).point(-80, 0))[1],
            [place.apply(layout.disc(i).point(-80, 0)) for i in idx],
            anchor="end",
            bold=True,
            elbow=285,
            size=size,
        )
    ]
    if scene.show_plate:
        form = FORMS[top]
        end_of_plate = place.apply(
            layout.vertebra(top).point(BACK_WALL - form.depth - 8, -form.height * 0.34)
        )
        labels.append(
            Label(
                fit_lines(words.plate, 250 - EDGE, size),
                250,
                end_of_plate[1] - 16,
                [end_of_plate],
                anchor="end",
                size=size,
            )
        )
    spread(labels, 170, 690, gap=18)
    top_y = _free_y(spine, place, (290.0, 110.0, 470.0), left=880, height=240)
    growth = (
        f'<rect x="880" y="{num(top_y)}" width="300" height="240" rx="18" fill="{Ink.CARD}"'
        f' stroke="{Ink.CARD_EDGE}" stroke-width="2"/>'
        + "".join(
            text(1030, top_y + 44 + 28 * n, line, anchor="middle", bold=True)
            for n, line in enumerate(words.fusion)
        )
        + Placement(898, top_y + 100).group(parts.part("fusion-icon"))
    )
    body = (
        place.group(art)
        + _fades(0, 1200, 150, 700)
        + _vertebra_labels(spine, place, scene.levels, 150, 700, pad, size)
        + "".join(draw_label(lb) for lb in labels)
        + growth
        + heading(scene.heading, 58, scene.size(26))
        + _orientation(scene.labels, 40, 1160, 772, size)
    )
    return Drawing(defs(FULL) + parts.defs, body)


# Shared pieces ---------------------------------------------------------------------------------


def _indices(levels: tuple[str, ...]) -> list[int]:
    return [disc_index(level) for level in levels]


def _layout(idx: list[int], gap: float) -> Layout:
    gaps = list(DISC_GAPS)
    for i in idx:
        gaps[i] = gap
    return Layout(tuple(gaps))


def _window(
    layout: Layout, idx: list[int], height: float, k_max: float, reach: float = 185
) -> tuple[float, float, float]:
    """The stretch of spine around the level(s) to show, and the scale that fits it in `height`."""
    start = layout.disc_s(min(idx)) - reach
    end = layout.disc_s(max(idx)) + reach
    shift = max(0.0, -10 - start) - max(0.0, end - layout.length - 20)
    return start + shift, end + shift, min(k_max, height / (end - start))


def _fit(
    layout: Layout, start: float, end: float, k: float, x_axis: float, y_mid: float
) -> Placement:
    cx, cy = layout.point((start + end) / 2, 0)
    return Placement(x=x_axis - k * cx, y=y_mid - k * cy, scale=k)


def _cord_centre(spine: Spine, index: int) -> Frame:
    s = spine.layout.disc_s(index)
    return spine.layout.frame(s, (spine.cord_front(s) + spine.cord_back(s)) / 2)


def _cord_change(scene: Scene, spine: Spine, idx: list[int]) -> str:
    """The change inside the cord at each level, as the condition step shows it (if recorded).

    Every side view draws the same part, so the cord is never shown healed by the operation.
    """
    if not scene.cord_change:
        return ""
    change = scene.parts_of("condition").part("softened-cord")
    return "".join(f'<g transform="{_cord_centre(spine, i).transform()}">{change}</g>' for i in idx)


def _free_y(
    spine: Spine, place: Placement, candidates: tuple[float, ...], left: float, height: float
) -> float:
    """The first top edge for a box at x >= left that no spinous process reaches into."""
    tips = [
        place.apply(spine.layout.vertebra(i).point(LAMINA + form.process + 6, form.drop))
        for i, form in enumerate(FORMS)
        if spine.visible(i)
    ]
    for y in candidates:
        if all(x < left - 12 or not y - 30 < ty < y + height + 30 for x, ty in tips):
            return y
    return candidates[0]


def _label(
    scene: Scene, lines: tuple[str, ...], place: Placement, *targets: Point, bold: bool = False
) -> Label:
    """A right-hand label beside its targets (given in spine units), wrapped to the right edge."""
    points = [place.apply(t) for t in targets]
    y = sum(p[1] for p in points) / len(points)
    size = scene.size(LABEL_SIZE)
    lines = fit_lines(lines, 1200 - 870 - EDGE, size, bold)
    return Label(lines, 870, y, points, bold=bold, size=size)


def _vertebra_labels(
    spine: Spine,
    place: Placement,
    levels: tuple[str, ...],
    top: float = 60,
    bottom: float = 740,
    pad: float = 18,
    size: float = LABEL_SIZE,
) -> str:
    chosen = set(vertebrae_of(levels))
    out = []
    for i, form in enumerate(FORMS):
        if not spine.visible(i):
            continue
        x, y = place.apply(spine.layout.point(spine.layout.centres[i], BACK_WALL - form.depth))
        x -= pad
        if not top + 10 < y < bottom - 10:
            continue
        name = VERTEBRAE[i]
        hit = name in chosen
        out.append(
            text(
                x,
                y + size * 0.36,
                name,
                size=size,
                anchor="end",
                bold=hit,
                fill=Ink.ACCENT_DARK if hit else Ink.TEXT_SOFT,
            )
        )
    return "".join(out)


def _orientation(
    words: IllustrationLabels, left: float, right: float, y: float, size: float = LABEL_SIZE
) -> str:
    """Front and back of the neck at the bottom corners, so every side view reads the same way.

    Larger words shrink back to what fits between the corners (a decompression panel is narrow).
    """
    both = text_width(words.front_of_neck, LABEL_SIZE) + text_width(words.back_of_neck, LABEL_SIZE)
    size = max(LABEL_SIZE, min(size, LABEL_SIZE * (right - left - 88 - EDGE) / both))
    return (
        arrow(left + 34, y - 8, left, y - 8, Ink.TEXT_SOFT, 2)
        + text(left + 44, y, words.front_of_neck, size=size, fill=Ink.TEXT_SOFT)
        + text(right - 44, y, words.back_of_neck, size=size, anchor="end", fill=Ink.TEXT_SOFT)
        + arrow(right - 34, y - 8, right, y - 8, Ink.TEXT_SOFT, 2)
    )


def _fades(x: float, width: float, top: float, bottom: float) -> str:
    """Cover everything above `top` and below `bottom`, dissolving into the picture."""
    return (
        f'<rect x="{num(x)}" y="0" width="{num(width)}" height="{num(top - 40)}"'
        f' fill="{Ink.BACKGROUND}"/>'
        + fade(x, top - 40.5, width, 50, "top")
        + fade(x, bottom - 10, width, 50, "bottom")
        + f'<rect x="{num(x)}" y="{num(bottom + 39.5)}" width="{num(width)}"'
        f' height="{num(800 - bottom - 39.5)}" fill="{Ink.BACKGROUND}"/>'
    )


def _to_after(x: float, y: float) -> str:
    """A round badge with an arrow on the divider: read left, then right."""
    return (
        f'<circle cx="{num(x)}" cy="{num(y)}" r="22" fill="{Ink.BACKGROUND}" stroke="{Ink.ACCENT}"'
        ' stroke-width="2.5"/>' + arrow(x - 10, y, x + 11, y, Ink.ACCENT, 3)
    )
