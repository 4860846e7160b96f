"""The consent summary's drawn pieces: headings, icon arrays, illustrations and signature blocks.

All are vector: a printed summary stays sharp at any printer resolution, and the illustration is
the same SVG the surgeon showed on screen (svglib turns it into reportlab shapes, not an image).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from consultaid.consent import labels, markup
from consultaid.consent.document import Signature
from consultaid.consent.styles import (
    BOLD,
    ITALIC,
    REGULAR,
    palette,
    register_fonts,
    styles,
)
from consultaid.errors import ContentError

_OUR_FONTS = {REGULAR, BOLD, ITALIC}


class Heading(Paragraph):
    """A heading: recognisable by type, so the layout test can check that no page ends with one.
    (reportlab splits a long paragraph by constructing its class again, so the type survives.)"""


class SectionHeading(Heading):
    """A section heading, with a hairline under it."""

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(palette().rule)
        canvas.setLineWidth(0.6)
        canvas.line(0, -4, self.width, -4)
        canvas.restoreState()


class NewPage(CondPageBreak):
    """Start a new page unless this one is still empty: never a blank page."""

    def __init__(self) -> None:
        super().__init__(0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        from reportlab.platypus.doctemplate import FrameBreak

        frame = self._doctemplateAttr("frame")
        if frame is not None and not frame._atTop:
            frame.add_generated_content(FrameBreak)
        return 0, 0


class IconArray(Flowable):
    """A 100-person pictograph: `count` figures in colour, the rest grey, filled row by row."""

    COLUMNS = 10
    PITCH_X = 7.4
    PITCH_Y = 9.0
    LEGEND = 13.0

    def __init__(self, count: int, total: int = 100) -> None:
        super().__init__()
        self.count = max(0, min(count, total))
        self.total = total
        self.rows = -(-total // self.COLUMNS)
        self.width = self.COLUMNS * self.PITCH_X
        self.height = self.rows * self.PITCH_Y + self.LEGEND

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        p = palette()
        canvas.saveState()
        # The grey grid is one form drawn once per document; only the coloured figures are drawn
        # per array. A hundred separate paths per risk made this the slowest part of the render.
        grid = f"consent-icon-grid-{self.total}"
        if not canvas.hasForm(grid):
            canvas.beginForm(grid)
            canvas.setFillColor(p.icon_off)
            for i in range(self.total):
                _person(canvas, *self._spot(i))
            canvas.endForm()
        canvas.doForm(grid)
        canvas.setFillColor(p.icon_on)
        for i in range(self.count):
            _person(canvas, *self._spot(i))
        canvas.setFillColor(p.muted)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawCentredString(self.width / 2, 2.5, labels.ICON_LEGEND.format(count=self.count))
        canvas.restoreState()

    def _spot(self, index: int) -> tuple[float, float]:
        row, col = divmod(index, self.COLUMNS)
        return (col + 0.5) * self.PITCH_X, self.height - (row + 1) * self.PITCH_Y


def _person(canvas: Canvas, cx: float, base: float) -> None:
    """A small standing figure: round head, rounded body; about 4 × 8 points."""
    canvas.circle(cx, base + 6.5, 1.35, stroke=0, fill=1)
    canvas.roundRect(cx - 1.95, base + 0.9, 3.9, 4.3, 1.5, stroke=0, fill=1)


class Illustration(Flowable):
    """A step's SVG as a scaled vector drawing, centred, with a hairline frame."""

    def __init__(self, svg: str, width: float) -> None:
        super().__init__()
        self.drawing = svg_drawing(svg)
        self.scale = width / self.drawing.width
        self.width = width
        self.height = self.drawing.height * self.scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._offset = max(0.0, (availWidth - self.width) / 2)
        return availWidth, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        canvas: Canvas = self.canv
        x = getattr(self, "_offset", 0.0)
        canvas.saveState()
        # Clip to the picture's box, as the screen does to the SVG viewBox: art that reaches
        # past the edge must not spill onto the page.
        box = canvas.beginPath()
        box.rect(x, 0, self.width, self.height)
        canvas.clipPath(box, stroke=0, fill=0)
        canvas.translate(x, 0)
        canvas.scale(self.scale, self.scale)
        renderPDF.draw(self.drawing, canvas, 0, 0)
        canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(palette().rule)
        canvas.setLineWidth(0.5)
        canvas.rect(x, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()


@lru_cache(maxsize=16)
def svg_drawing(svg: str) -> Drawing:
    """svglib's drawing of the SVG text, with every text in the embedded DejaVu Sans.

    Kept in memory by the text (a summary is rendered for the preview, the print and the seal),
    never on disk: what is printed and sealed is always made from the pack itself, so a file
    planted in a cache folder can neither run code nor change a sealed document. Callers must not
    change the drawing.
    """
    return _convert(svg, register_fonts())


def _convert(svg: str, font_map: object) -> Drawing:
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")), font_map=font_map)
    if drawing is None:
        raise ContentError(
            "An illustration could not be drawn into the consent summary. "
            "Reinstall ConsultAid to restore its content pack."
        )
    # The renderer opens every drawing in its default font (Helvetica) unless the drawing names one.
    drawing.initialFontName = REGULAR
    for node in _strings(drawing):
        if node.fontName not in _OUR_FONTS:
            bold = "bold" in node.fontName.lower()
            node.fontName = BOLD if bold else REGULAR
    return drawing


def _strings(group: Group) -> Iterator[String]:
    for node in getattr(group, "contents", ()):
        if isinstance(node, String):
            yield node
        elif isinstance(node, Group):
            yield from _strings(node)


class SignatureBlock(Flowable):
    """A paper form's lines, each labelled underneath: a wide one to sign on, then printed name,
    date and time (and relationship or language where the role has one). An on-screen signature
    is drawn from its strokes as vector paths and its name, date and time are filled in;
    otherwise the lines stay blank for ink."""

    SIGN_HEIGHT = 54.0
    ROW = 26.0
    LABEL = 11.0
    GAP = 14.0

    def __init__(self, signature: Signature) -> None:
        super().__init__()
        self.signature = signature
        value = styles().value
        name = markup.inline(signature.printed_name)
        self.name_para = Paragraph(name, value) if name else None
        extra = {"representative": signature.relationship, "interpreter": signature.language}
        self.extra_label = {
            "representative": labels.RELATIONSHIP,
            "interpreter": labels.LANGUAGE,
        }.get(signature.role)
        extra_text = markup.inline(extra.get(signature.role, ""))
        self.extra_para = Paragraph(extra_text, value) if extra_text else None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Wide: name, date and time on one row. Narrow (two blocks side by side): the name on
        its own row, then date and time."""
        self.width = availWidth
        self.narrow = availWidth < 320
        self.sign_height = self.SIGN_HEIGHT * (0.75 if self.narrow else 1.0)
        self.name_w = availWidth if self.narrow else availWidth * 0.52
        self.date_x = 0.0 if self.narrow else self.name_w + 18
        date_w = availWidth * 0.5 if self.narrow else availWidth * 0.24
        self.time_x = self.date_x + date_w + (12 if self.narrow else 18)
        row = self.ROW * (0.8 if self.narrow else 1.0)
        self.gap = self.GAP * (0.6 if self.narrow else 1.0)
        self.name_row = max(row, _height(self.name_para, self.name_w) + 6)
        self.extra_row = max(row, _height(self.extra_para, self.name_w) + 6)
        self.date_row = row
        self.height = self.sign_height + self.LABEL + self.gap + self.name_row + self.LABEL
        if self.narrow:
            self.height += self.gap + row + self.LABEL
        if self.extra_label:
            self.height += self.gap + self.extra_row + self.LABEL
        return self.width, self.height

    def draw(self) -> None:
        sig = self.signature
        sign_base = self.height - self.sign_height
        sign_w = self.width if self.narrow else self.width * 0.75
        self._line(0, sign_base, sign_w, labels.SIGNATURE)
        if sig.strokes:
            area = (8, sign_base + 3, sign_w - 16, self.sign_height - 8)
            _ink(self.canv, sig, *area, palette().ink)
        base = sign_base - self.LABEL - self.gap - self.name_row
        self._line(0, base, self.name_w, labels.PRINTED_NAME, self.name_para, self.name_row)
        if self.narrow:
            base = base - self.LABEL - self.gap - self.date_row
        local = sig.signed_at.astimezone() if sig.signed_at else None
        date_text = labels.format_date(local.date()) if local else ""
        time_text = labels.format_time(local) if local else ""
        gap = 12 if self.narrow else 18
        self._line(self.date_x, base, self.time_x - self.date_x - gap, labels.DATE, date_text)
        self._line(self.time_x, base, self.width - self.time_x, labels.TIME, time_text)
        if self.extra_label:
            base = base - self.LABEL - self.gap - self.extra_row
            self._line(0, base, self.name_w, self.extra_label, self.extra_para, self.extra_row)

    def _line(
        self,
        x: float,
        base: float,
        width: float,
        label: str,
        value: Paragraph | str | None = None,
        row: float = 0.0,
    ) -> None:
        canvas: Canvas = self.canv
        p = palette()
        canvas.saveState()
        canvas.setStrokeColor(p.muted)
        canvas.setLineWidth(0.6)
        canvas.line(x, base, x + width, base)
        canvas.setFillColor(p.muted)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(x, base - 9, label)
        if isinstance(value, Paragraph):
            value.wrapOn(canvas, width - 4, row)
            value.drawOn(canvas, x + 2, base + 4)
        elif value:
            canvas.setFillColor(p.text)
            canvas.setFont(REGULAR, 10)
            canvas.drawString(x + 2, base + 5, value)
        canvas.restoreState()


def _height(para: Paragraph | None, width: float) -> float:
    return para.wrap(width - 4, 10_000)[1] if para is not None else 0.0


def _ink(
    canvas: Canvas,
    sig: Signature,
    x: float,
    y: float,
    width: float,
    height: float,
    colour: Color,
) -> None:
    """The strokes fitted into the signature area, aspect kept, y flipped (the pad's y is down)."""
    box_w, box_h = sig.box
    scale = min(width / box_w, height / box_h)
    off_x = x + (width - box_w * scale) / 2
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.1)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    for stroke in sig.strokes or ():
        if not stroke:
            continue
        path = canvas.beginPath()
        (x0, y0), rest = stroke[0], stroke[1:]
        path.moveTo(off_x + x0 * scale, y + (box_h - y0) * scale)
        if not rest:
            rest = ((x0 + 0.5, y0),)
        for px, py in rest:
            path.lineTo(off_x + px * scale, y + (box_h - py) * scale)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


class FloatingFigure(Flowable):
    """A picture with its caption that text can flow beside (reportlab's ImageAndFlowables asks
    its picture for `_restrictSize`, which only images have)."""

    def __init__(self, picture: Flowable, caption: Paragraph, width: float) -> None:
        super().__init__()
        self.picture = picture
        self.caption = caption
        self.width = width

    def _restrictSize(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.wrap(availWidth, availHeight)

    def _unRestrictSize(self) -> None:
        """Nothing to undo: the figure's size never depends on the room left."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.picture_h = self.picture.wrap(self.width, availHeight)[1]
        self.caption_h = self.caption.wrap(self.width, availHeight)[1]
        self.height = self.picture_h + 4 + self.caption_h
        return self.width, self.height

    def draw(self) -> None:
        self.picture.drawOn(self.canv, 0, self.caption_h + 4)
        self.caption.drawOn(self.canv, 0, 0)
