"""The side view of the neck spine, C2 to T1, generated from a few measurements.

Seven vertebrae, six discs, the canal and the cord repeat with small changes, so they are computed
rather than drawn: every step then shows the same spine, and the chosen level is only a number.
Units are "spine units" (a body is about 80 wide); steps place the whole drawing with a Placement.
The front of the neck is on the left: local x grows towards the back of the neck.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from consultaid.illustrations.svg import Ink, Point, num, pts
from consultaid.illustrations.vertebra import (
    BACK_WALL,
    DENS,
    FORMS,
    LAMINA,
    arch_path,
    body_detail,
    body_path,
    dens_path,
    pedicle_path,
)
from consultaid.levels import VERTEBRAE

CORD_FRONT = 58.0
CORD_BACK = 92.0
RADIUS = 1300.0  # of the gentle forward curve (lordosis)
TOP_MARGIN = 40.0  # cord and canal run on beyond C2 and T1 by this much
DISC_GAPS = (18.0, 20.0, 20.0, 21.0, 22.0, 21.0)  # C2-C3 … C7-T1, healthy
PEDICLE_OPACITY = "0.72"


def disc_index(level: str) -> int:
    """C2-C3 is disc 0, C7-T1 disc 5: the index of the vertebra above the disc."""
    return VERTEBRAE.index(level.split("-")[0])


@dataclass(frozen=True)
class Frame:
    """A local frame on the spine: origin, and rotation in degrees (SVG `rotate`)."""

    x: float
    y: float
    angle: float

    def point(self, lx: float, ly: float) -> Point:
        a = math.radians(self.angle)
        ca, sa = math.cos(a), math.sin(a)
        return (self.x + lx * ca - ly * sa, self.y + lx * sa + ly * ca)

    def transform(self) -> str:
        return f"translate({num(self.x)} {num(self.y)}) rotate({num(self.angle)})"


@dataclass(frozen=True)
class Layout:
    """Where each body and disc sits along the curve; `gaps` are the disc heights."""

    gaps: tuple[float, ...] = DISC_GAPS

    @cached_property
    def centres(self) -> tuple[float, ...]:
        """Arc position (s) of each body centre, s = 0 at the tip of C2's peg."""
        out = []
        s = DENS
        for i, form in enumerate(FORMS):
            out.append(s + form.height / 2)
            s += form.height + (self.gaps[i] if i < len(self.gaps) else 0)
        return tuple(out)

    @cached_property
    def length(self) -> float:
        return self.centres[-1] + FORMS[-1].height / 2

    def disc_s(self, index: int) -> float:
        """Arc position of the middle of disc `index`."""
        return self.centres[index] + FORMS[index].height / 2 + self.gaps[index] / 2

    def point(self, s: float, d: float) -> Point:
        """The point at arc position s, d units behind the body axis (d < 0: in front)."""
        a = (s - self.length / 2) / RADIUS
        r = RADIUS - d
        return (RADIUS - r * math.cos(a), self.length / 2 + r * math.sin(a))

    def frame(self, s: float, d: float = 0.0) -> Frame:
        x, y = self.point(s, d)
        return Frame(x, y, -math.degrees((s - self.length / 2) / RADIUS))

    @cached_property
    def _vertebrae(self) -> tuple[Frame, ...]:
        return tuple(self.frame(s) for s in self.centres)

    def vertebra(self, index: int) -> Frame:
        return self._vertebrae[index]

    def disc(self, index: int) -> Frame:
        """Frame at the back of disc `index`, on the canal's front wall."""
        return self.frame(self.disc_s(index), BACK_WALL)


@dataclass(frozen=True)
class Style:
    """Colours of one rendering of the spine (full colour, or ghosted behind skin)."""

    prefix: str
    outline: str
    bone: tuple[str, str, str]
    pedicle: str
    disc: str
    disc_edge: str
    disc_core: str
    csf: str
    dura: str
    cord: str
    cord_shine: str
    cord_edge: str
    band: str
    backdrop: str


FULL = Style(
    prefix="sp",
    outline=Ink.OUTLINE,
    bone=(Ink.BONE_LIGHT, Ink.BONE_MID, Ink.BONE_DARK),
    pedicle=Ink.PEDICLE,
    disc=Ink.DISC,
    disc_edge=Ink.DISC_DARK,
    disc_core=Ink.DISC_CORE,
    csf=Ink.CSF,
    dura=Ink.DURA,
    cord=Ink.CORD,
    cord_shine=Ink.CORD_SHINE,
    cord_edge=Ink.CORD_EDGE,
    band=Ink.HIGHLIGHT,
    backdrop=Ink.BACKGROUND,
)

GHOST = Style(
    prefix="gh",
    outline="#bd907c",
    bone=("#f8e4d5", "#f1d5c1", "#e6c1a9"),
    pedicle="#ebc8b2",
    disc="#dfcfd6",
    disc_edge="#c7b0ba",
    disc_core="#ecdfe2",
    csf="#f1d8c9",
    dura="#d3ad9c",
    cord="#f7e4c5",
    cord_shine="#faeedb",
    cord_edge="#d5b08f",
    band="#fbe9dc",
    backdrop="#f0cdb6",
)


def defs(style: Style) -> str:
    """Gradients the spine uses, ids prefixed by the style so two styles can share a document."""
    light, mid, dark = style.bone
    p = style.prefix
    # Bands fade into the background with solid stops (no stop-opacity: PDF shadings drop it).
    fade = (
        '<stop offset="0" stop-color="{bg}"/><stop offset="0.18" stop-color="{c}"/>'
        '<stop offset="0.72" stop-color="{c}"/><stop offset="1" stop-color="{bg}"/>'
    )
    return (
        f'<linearGradient id="{p}-bone" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="{light}"/><stop offset="0.55" stop-color="{mid}"/>'
        f'<stop offset="1" stop-color="{dark}"/></linearGradient>'
        f'<linearGradient id="{p}-disc" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{style.disc_edge}"/>'
        f'<stop offset="0.5" stop-color="{style.disc}"/>'
        f'<stop offset="1" stop-color="{style.disc_edge}"/></linearGradient>'
        f'<linearGradient id="{p}-band" x1="0" y1="0" x2="1" y2="0">'
        + fade.format(bg=style.backdrop, c=style.band)
        + "</linearGradient>"
    )


@dataclass(frozen=True)
class Spine:
    """What to draw: the layout, which part of it (arc range), disc states and cord squeezes.

    `discs` maps a disc index to "worn", "empty", "marked" (accent colour), "graft" (a bed for a
    cage the caller draws) or "none"; unlisted discs are healthy. `squeeze` maps a disc index to
    how far the cord's front is pushed back there.
    """

    layout: Layout
    style: Style = FULL
    start: float = -TOP_MARGIN
    end: float | None = None
    discs: Mapping[int, str] | None = None
    squeeze: Mapping[int, float] | None = None
    line: float = 2.0
    tail: float = 0.0  # cord and canal run on this far beyond start and end (under a fade)

    @property
    def stop(self) -> float:
        return self.layout.length + TOP_MARGIN if self.end is None else self.end

    def visible(self, index: int) -> bool:
        s = self.layout.centres[index]
        return self.start - 10 <= s <= self.stop + 10

    # The layers, back to front -------------------------------------------------------------

    def band(self, first_disc: int, last_disc: int, front: float, back: float) -> str:
        """A soft colour band behind the discs first..last and the bodies around them."""
        lay = self.layout
        s0 = lay.disc_s(first_disc) - 40
        s1 = lay.disc_s(last_disc) + 40
        steps = [s0 + (s1 - s0) * i / 8 for i in range(9)]
        outline = [lay.point(s, front) for s in steps] + [
            lay.point(s, back) for s in reversed(steps)
        ]
        # The stroke hides the hairline svglib leaves at the edge of a gradient fill.
        return (
            f'<polygon points="{pts(outline)}" fill="url(#{self.style.prefix}-band)"'
            f' stroke="{self.style.backdrop}" stroke-width="{num(self.line)}"/>'
        )

    def pedicles(self) -> str:
        """The bony bridges from each body to its arch, see-through where they pass the cord.

        They lie beside the cord, nearer the viewer, so they are drawn over it: the arch is then
        plainly part of its vertebra, and the cord still shows through along its whole length.
        """
        out = []
        for i, form in enumerate(FORMS):
            if self.visible(i):
                out.append(
                    f'<g transform="{self.layout.vertebra(i).transform()}">'
                    f'<path d="{pedicle_path(form)}" fill="{self.style.pedicle}"'
                    f' fill-opacity="{PEDICLE_OPACITY}" stroke="{self.style.outline}"'
                    f' stroke-opacity="0.8" stroke-width="{num(self.line * 0.75)}"/></g>'
                )
        return "".join(out)

    def canal(self) -> tuple[str, str]:
        """The fluid-filled canal (drawn first) and the thin lines of its lining (drawn later)."""
        lay = self.layout
        steps = self._samples(24.0)
        front = [lay.point(s, BACK_WALL) for s in steps]
        back = [lay.point(s, LAMINA) for s in steps]
        line = f'fill="none" stroke="{self.style.dura}" stroke-width="{num(self.line * 0.8)}"'
        inner_f = pts(lay.point(s, BACK_WALL + 3) for s in steps)
        inner_b = pts(lay.point(s, LAMINA - 3) for s in steps)
        return (
            f'<polygon points="{pts(front + back[::-1])}" fill="{self.style.csf}"/>',
            f'<polyline points="{inner_f}" {line}/><polyline points="{inner_b}" {line}/>',
        )

    def _samples(self, step: float, fine: float = 0.0) -> list[float]:
        """Arc positions along the cord; `fine` steps where it is squeezed."""
        first = max(self.start - self.tail, -TOP_MARGIN)
        last = min(self.stop + self.tail, self.layout.length + TOP_MARGIN)
        n = max(2, math.ceil((last - first) / step))
        out = [first + (last - first) * i / n for i in range(n + 1)]
        if fine:
            for index in self.squeeze or {}:
                centre = self.layout.disc_s(index)
                out += [centre + fine * j for j in range(-12, 13)]
            out = sorted(s for s in set(out) if first <= s <= last)
        return out

    def _squeeze_at(self, s: float) -> float:
        total = 0.0
        for index, depth in (self.squeeze or {}).items():
            u = (s - self.layout.disc_s(index)) / 30.0
            if -1.0 < u < 1.0:
                total += depth * math.cos(u * math.pi / 2) ** 2
        return total

    def cord_front(self, s: float) -> float:
        return CORD_FRONT + self._squeeze_at(s)

    def cord_back(self, s: float) -> float:
        return CORD_BACK + 0.2 * self._squeeze_at(s)

    def cord(self) -> str:
        lay = self.layout
        steps = self._samples(14.0, fine=3.0)
        squeezes = [self._squeeze_at(s) for s in steps]
        front = [lay.point(s, CORD_FRONT + q) for s, q in zip(steps, squeezes, strict=True)]
        back = [lay.point(s, CORD_BACK + 0.2 * q) for s, q in zip(steps, squeezes, strict=True)]
        shine = [
            lay.point(s, CORD_FRONT + 8 + q * 0.75) for s, q in zip(steps, squeezes, strict=True)
        ]
        st = self.style
        edge = f'fill="none" stroke="{st.cord_edge}" stroke-width="{num(self.line * 0.9)}"'
        return (
            f'<polygon points="{pts(front + back[::-1])}" fill="{st.cord}"/>'
            f'<polyline points="{pts(shine)}" fill="none" stroke="{st.cord_shine}"'
            f' stroke-width="7" stroke-linecap="round"/>'
            f'<polyline points="{pts(front)}" {edge}/><polyline points="{pts(back)}" {edge}/>'
        )

    def disc_shapes(self) -> str:
        out = []
        lay = self.layout
        st = self.style
        states = self.discs or {}
        for i in range(len(FORMS) - 1):
            if not (self.visible(i) and self.visible(i + 1)):
                continue
            state = states.get(i, "healthy")
            if state == "none":
                continue
            up, low = FORMS[i], FORMS[i + 1]
            fu, fl = lay.vertebra(i), lay.vertebra(i + 1)
            depth = (up.depth + low.depth) / 2
            ua = fu.point(BACK_WALL - up.depth + 2, up.height / 2 - 2)
            up_ = fu.point(BACK_WALL - 1, up.height / 2 - 2)
            um = fu.point(BACK_WALL - up.depth / 2, up.height / 2 - 6)
            la = fl.point(BACK_WALL - low.depth + 2, -low.height / 2 + 2)
            lp = fl.point(BACK_WALL - 1, -low.height / 2 + 2)
            lm = fl.point(BACK_WALL - low.depth / 2, -low.height / 2 + 6)
            mid = lay.frame(lay.disc_s(i))
            front = mid.point(BACK_WALL - depth - 7, 0)
            back = mid.point(BACK_WALL + 3, 0)
            d = (
                f"M{num(ua[0])} {num(ua[1])}Q{num(um[0])} {num(um[1])} {num(up_[0])} {num(up_[1])}"
                f"Q{num(back[0])} {num(back[1])} {num(lp[0])} {num(lp[1])}"
                f"Q{num(lm[0])} {num(lm[1])} {num(la[0])} {num(la[1])}"
                f"Q{num(front[0])} {num(front[1])} {num(ua[0])} {num(ua[1])}Z"
            )
            if state == "empty":
                out.append(
                    f'<path d="{d}" fill="{Ink.EMPTY}" stroke="{Ink.ACCENT}"'
                    f' stroke-width="{num(self.line)}" stroke-dasharray="5 4"/>'
                )
                continue
            if state == "marked":
                out.append(
                    f'<path d="{d}" fill="{Ink.ACCENT_LIGHT}" stroke="{Ink.ACCENT}"'
                    f' stroke-width="{num(self.line * 1.2)}" stroke-linejoin="round"/>'
                )
                continue
            if state == "graft":
                out.append(f'<path d="{d}" fill="{Ink.GRAFT}"/>')
                continue
            fill = Ink.DISC_WORN if state == "worn" else f"url(#{st.prefix}-disc)"
            out.append(
                f'<path d="{d}" fill="{fill}" stroke="{st.outline}"'
                f' stroke-width="{num(self.line)}" stroke-linejoin="round"/>'
            )
            if state != "worn":
                gap = lay.gaps[i]
                out.append(
                    f'<ellipse transform="{mid.transform()}" cx="{num(BACK_WALL - depth * 0.45)}"'
                    f' cy="0" rx="{num(depth * 0.27)}" ry="{num(max(gap * 0.22, 2))}"'
                    f' fill="{st.disc_core}"/>'
                )
        return "".join(out)

    def bodies(self) -> str:
        out = []
        st = self.style
        common = (
            f'fill="url(#{st.prefix}-bone)" stroke="{st.outline}"'
            f' stroke-width="{num(self.line)}" stroke-linejoin="round"'
        )
        for i, form in enumerate(FORMS):
            if not self.visible(i):
                continue
            parts = []
            if i == 0:
                parts.append(f'<path d="{dens_path(form)}" {common}/>')
            parts.append(f'<path d="{body_path(form)}" {common}/>')
            parts.append(body_detail(form, st.bone[2]))
            out.append(f'<g transform="{self.layout.vertebra(i).transform()}">{"".join(parts)}</g>')
        return "".join(out)

    def arches(self) -> str:
        out = []
        st = self.style
        for i, form in enumerate(FORMS):
            if not self.visible(i):
                continue
            out.append(
                f'<g transform="{self.layout.vertebra(i).transform()}">'
                f'<path d="{arch_path(form)}" fill="url(#{st.prefix}-bone)" stroke="{st.outline}"'
                f' stroke-width="{num(self.line)}" stroke-linejoin="round"/></g>'
            )
        return "".join(out)

    def draw(self, *, behind: str = "", between: str = "", front: str = "") -> str:
        """The whole spine; callers slip their own layers behind it, over the discs, or on top."""
        fluid, lining = self.canal()
        return "".join(
            (
                behind,
                fluid,
                lining,
                self.cord(),
                self.disc_shapes(),
                between,
                self.pedicles(),
                self.arches(),
                self.bodies(),
                front,
            )
        )
