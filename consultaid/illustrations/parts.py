"""The hand-drawn parts of each step, read from the illustration file the pack's step names.

A parts file is an ordinary SVG a designer can open and edit: every `<g id="…">` in it is a part
drawn in its own local coordinates (the file may show it moved somewhere for preview; that outer
placement is ignored), `<defs>` hold the gradients the parts use, and a few id'd guide elements
(a line, a polyline) tell the code where things go. Files are parsed once and cached.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from consultaid.errors import ContentError

SVG_NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Parts:
    """One parts file: its defs, its parts as SVG text without ids, and its guides' attributes."""

    path: Path
    defs: str
    groups: dict[str, str]
    guides: dict[str, dict[str, str]]

    def part(self, part_id: str) -> str:
        try:
            return self.groups[part_id]
        except KeyError:
            raise ContentError(
                f'{self.path} has no part with id {part_id!r}; restore that <g id="{part_id}">.'
            ) from None

    def guide(self, guide_id: str) -> dict[str, str]:
        try:
            return self.guides[guide_id]
        except KeyError:
            raise ContentError(
                f"{self.path} has no guide with id {guide_id!r}; restore that element."
            ) from None

    def guide_points(self, guide_id: str) -> list[tuple[float, float]]:
        """The `points` of a polyline guide, or the two ends of a line guide."""
        attrs = self.guide(guide_id)
        if "points" in attrs:
            values = [float(v) for v in attrs["points"].replace(",", " ").split()]
            return list(zip(values[::2], values[1::2], strict=True))
        return [
            (float(attrs["x1"]), float(attrs["y1"])),
            (float(attrs["x2"]), float(attrs["y2"])),
        ]


@lru_cache(maxsize=32)
def load_parts(path: Path) -> Parts:
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise ContentError(
            f"The illustration file {path} is missing; reinstall or restore the content pack."
        ) from None
    except (OSError, ET.ParseError) as exc:
        raise ContentError(f"The illustration file {path} cannot be read ({exc}).") from None
    _strip(root)
    defs = "".join(ET.tostring(child, encoding="unicode") for d in root.iter("defs") for child in d)
    groups: dict[str, str] = {}
    guides: dict[str, dict[str, str]] = {}
    for parent in root.iter():
        if parent.tag == "defs":
            continue
        for el in parent:
            el_id = el.get("id")
            if not el_id or el.tag in ("defs", "linearGradient", "radialGradient"):
                continue
            if el.tag == "g":
                groups[el_id] = _part_text(el)
            else:
                guides[el_id] = dict(el.attrib)
    return Parts(path=path, defs=defs, groups=groups, guides=guides)


def _strip(root: ET.Element) -> None:
    """Drop editor namespaces (Inkscape, Sodipodi) and the SVG namespace prefix."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or (
                child.tag.startswith("{") and not child.tag.startswith(SVG_NS)
            ):
                parent.remove(child)
    for el in root.iter():
        el.tag = el.tag.removeprefix(SVG_NS)
        for key in [k for k in el.attrib if k.startswith("{")]:
            del el.attrib[key]


def _part_text(group: ET.Element) -> str:
    """The group's content wrapped in a plain <g>: ids dropped, since a part may be placed twice."""
    attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in group.attrib.items() if k != "id")
    inner = []
    for child in group:
        copy = ET.fromstring(ET.tostring(child, encoding="unicode"))
        for el in copy.iter():
            el.attrib.pop("id", None)
        copy.tail = None
        inner.append(ET.tostring(copy, encoding="unicode"))
    return f"<g{attrs}>{''.join(inner)}</g>"
