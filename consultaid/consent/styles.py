"""Fonts, colours and paragraph styles of the consent summary: one look, set in one place.

The PDF embeds DejaVu Sans from resources/fonts so any patient name prints and every font is in
the file. reportlab and svglib are imported here and in the other PDF modules only, on first use:
the app's start-up must not pay for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consultaid.errors import ContentError
from consultaid.paths import resources_dir

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle

FAMILY = "DejaVuSans"
SVG_FAMILY = "DejaVu Sans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
# No text is set bold and italic at once, and each face costs ~35 ms to load: three faces.
FONT_FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}
_SVG_FACES: dict[str, tuple[str, str]] = {
    REGULAR: ("normal", "normal"),
    BOLD: ("bold", "normal"),
    ITALIC: ("normal", "italic"),
}

_state: dict[str, Any] = {}


def font_dir() -> Path:
    """Where the bundled fonts live; tests point this elsewhere to check the missing-font error."""
    return resources_dir() / "fonts"


def register_fonts() -> Any:
    """Register DejaVu Sans with reportlab and svglib once; return the svglib font map.

    The files are checked on every call (a few stats), so a font removed after start-up still
    gives the one-sentence error rather than a traceback from deep inside reportlab.
    """
    directory = font_dir()
    for name in FONT_FILES.values():
        if not (directory / name).is_file():
            raise ContentError(
                f"The font file {directory / name} is missing. Reinstall ConsultAid to restore it."
            )
    if "font_map" not in _state:
        _state["font_map"] = _register(directory)
    return _state["font_map"]


def _register(directory: Path) -> Any:
    from reportlab.pdfbase.pdfmetrics import registerFontFamily
    from svglib.fonts import FontMap

    font_map = FontMap()
    for rl_name, file_name in FONT_FILES.items():
        weight, style = _SVG_FACES[rl_name]
        registered, _exact = font_map.register_font(
            SVG_FAMILY, str(directory / file_name), weight, style, rlgFontName=rl_name
        )
        if registered is None:
            raise ContentError(
                f"The font file {directory / file_name} cannot be read. "
                "Reinstall ConsultAid to restore it."
            )
    registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return font_map


@dataclass(frozen=True)
class Palette:
    """Calm print colours: near-black text, one dark teal for structure, warm orange to warn."""

    text: Color
    muted: Color
    rule: Color
    accent: Color
    accent_soft: Color
    icon_on: Color
    icon_off: Color
    raised: Color
    draft: Color
    draft_band: Color
    ink: Color


@cache
def palette() -> Palette:
    from reportlab.lib.colors import HexColor

    return Palette(
        text=HexColor("#1f2328"),
        muted=HexColor("#5c6670"),
        rule=HexColor("#c9d1d6"),
        accent=HexColor("#1f5d66"),
        accent_soft=HexColor("#e8f1f2"),
        icon_on=HexColor("#2c7a86"),
        icon_off=HexColor("#d9dee1"),
        raised=HexColor("#a4461f"),
        draft=HexColor("#8a4b00"),
        draft_band=HexColor("#fdf0d8"),
        ink=HexColor("#1b2a4a"),
    )


def hex_colour(colour: Color) -> str:
    """`#rrggbb` for Paragraph markup's <font color=…>."""
    return "#" + colour.hexval()[2:]


@dataclass(frozen=True)
class Styles:
    """The paragraph styles the document uses, by role."""

    clinic: ParagraphStyle
    address: ParagraphStyle
    title: ParagraphStyle
    section: ParagraphStyle
    subsection: ParagraphStyle
    body: ParagraphStyle
    body_tight: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    figure_line: ParagraphStyle
    raised: ParagraphStyle
    caption: ParagraphStyle
    small: ParagraphStyle
    question: ParagraphStyle
    answer: ParagraphStyle
    reference: ParagraphStyle
    statement: ParagraphStyle
    bullet: ParagraphStyle
    bullet_tight: ParagraphStyle
    cell: ParagraphStyle
    glossary: ParagraphStyle


BODY_SIZE = 10.0
BODY_LEADING = 14.5


@cache
def styles() -> Styles:
    """Paragraph styles. Headings do not use keepWithNext: reportlab would bind them to the whole
    next paragraph and push a long answer to a new page; sections.py guards them instead."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    p = palette()
    body = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        textColor=p.text,
        alignment=TA_LEFT,
        spaceAfter=6,
        allowOrphans=0,
        allowWidows=0,
        splitLongWords=1,
        bulletFontName=REGULAR,
        bulletFontSize=BODY_SIZE,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return Styles(
        clinic=derive("clinic", fontName=BOLD, fontSize=13, leading=17, textColor=p.accent),
        address=derive("address", fontSize=9, leading=12.5, textColor=p.muted, spaceAfter=0),
        title=derive(
            "title", fontName=BOLD, fontSize=22, leading=27, spaceBefore=14, spaceAfter=10
        ),
        section=derive(
            "section",
            fontName=BOLD,
            fontSize=14,
            leading=18,
            textColor=p.accent,
            spaceBefore=16,
            spaceAfter=8,
        ),
        subsection=derive(
            "subsection",
            fontName=BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        ),
        body=body,
        body_tight=derive("body_tight", spaceAfter=2),
        label=derive("label", fontSize=8.5, leading=11, textColor=p.muted, spaceAfter=0),
        value=derive("value", fontSize=10, leading=13.5, spaceAfter=0),
        figure_line=derive("figure_line", fontSize=9.5, leading=13.5, spaceAfter=2),
        raised=derive("raised", fontName=BOLD, fontSize=9.5, leading=13.5, textColor=p.raised),
        caption=derive(
            "caption", fontName=ITALIC, fontSize=9, leading=12.5, textColor=p.muted, spaceAfter=10
        ),
        small=derive("small", fontSize=8.5, leading=11.5, textColor=p.muted),
        question=derive(
            "question",
            fontName=BOLD,
            fontSize=10,
            leading=14.5,
            spaceBefore=10,
            spaceAfter=3,
        ),
        answer=derive("answer", leftIndent=12),
        reference=derive(
            "reference",
            fontSize=8.5,
            leading=11.5,
            leftIndent=24,
            bulletIndent=0,
            bulletFontSize=8.5,
            spaceAfter=3,
        ),
        statement=derive(
            "statement",
            fontSize=10.5,
            leading=15.5,
            spaceAfter=5,
            leftIndent=0,
            bulletIndent=4,
        ),
        bullet=derive(
            "bullet", fontSize=10, leading=13.5, spaceAfter=2.5, leftIndent=16, bulletIndent=4
        ),
        bullet_tight=derive(
            "bullet_tight",
            fontSize=9.5,
            leading=12.5,
            spaceAfter=2.5,
            leftIndent=14,
            bulletIndent=2,
            bulletFontSize=9.5,
        ),
        cell=derive("cell", fontSize=8.5, leading=10.5, spaceAfter=0),
        glossary=derive("glossary", fontSize=9.5, leading=12.5, spaceAfter=3),
    )
