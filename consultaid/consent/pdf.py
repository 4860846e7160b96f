"""Renders a ConsentSummary's two documents (the consent form, the leaflet) to PDF bytes with
reportlab, byte-identical for the same summary.

Every page carries "Page X of Y", the patient's name and date of birth, the document's kind, the
consultation, the content version and the document's printed id, so loose pages cannot be mixed
up. The total page count is only known at the end, so the page furniture is drawn
when the canvas saves (each page's state is kept until then); nothing depends on time or chance,
and `invariant=1` fixes the PDF's own dates and ids.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
)

from consultaid.consent import labels, markup, shaping
from consultaid.consent.document import (
    CONSENT_FORM,
    LEAFLET,
    VERSION_CHARS,
    ConsentSummary,
    printed_id,
)
from consultaid.consent.flowables import Heading
from consultaid.consent.styles import BOLD, REGULAR, palette, register_fonts

PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
MARGIN_X = 22 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 27 * mm


@dataclass(frozen=True)
class Placed:
    """One flowable as laid out (for tests): its page, whether it is a heading, its text, and the
    space left below it in the frame, in points."""

    page: int
    kind: str
    text: str
    space_below: float


def render_summary_pdf(summary: ConsentSummary) -> bytes:
    """The consent form as PDF bytes."""
    return _render(summary, CONSENT_FORM, None)


def render_leaflet_pdf(summary: ConsentSummary) -> bytes:
    """The leaflet "Your operation" as PDF bytes."""
    return _render(summary, LEAFLET, None)


def render_pdfs(summary: ConsentSummary, kinds: Iterable[str]) -> dict[str, bytes]:
    """The documents of the given kinds, by kind."""
    return {kind: _render(summary, kind, None) for kind in kinds}


def render_with_layout(
    summary: ConsentSummary, kind: str = CONSENT_FORM
) -> tuple[bytes, list[Placed]]:
    """The PDF and where each flowable landed: lets tests check that no page ends on a heading."""
    placed: list[Placed] = []
    return _render(summary, kind, placed), placed


def _story(summary: ConsentSummary, kind: str, width: float) -> list[Flowable]:
    if kind == LEAFLET:
        from consultaid.consent.leaflet import story

        return story(summary, width)
    from consultaid.consent.form import story

    return story(summary, width)


def _title(kind: str) -> str:
    return labels.LEAFLET_TITLE if kind == LEAFLET else labels.CONSENT_FORM_TITLE


def _render(summary: ConsentSummary, kind: str, placed: list[Placed] | None) -> bytes:
    register_fonts()
    pagesize = PAGE_SIZES[summary.paper_size]
    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        placed,
        pagesize=pagesize,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1,
        # reportlab starts every page in Helvetica unless told otherwise, which would put an
        # unembedded standard font into the file.
        initialFontName=REGULAR,
        title=_title(kind),
        author=markup.one_line(summary.clinic.name),
        subject=printed_id(summary, kind),
        creator="ConsultAid",
        lang="en",
    )
    flowables = _story(summary, kind, doc.width)
    # Compressed streams are written as binary, not also ASCII85-encoded (reportlab's default):
    # ASCII85 makes each stream a quarter larger and costs render time in pure Python.
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(flowables, canvasmaker=_canvas_class(_Furniture(summary, kind)))
    finally:
        rl_config.useA85 = a85
    return buffer.getvalue()


class _Document(BaseDocTemplate):
    """One frame per page, without reportlab's default 6 pt frame padding: margins are exact."""

    def __init__(self, buffer: io.BytesIO, placed: list[Placed] | None, **kw: Any) -> None:
        super().__init__(buffer, **kw)
        self._placed = placed
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._placed is None:
            return
        if isinstance(flowable, Heading):
            kind = "heading"
        elif isinstance(flowable, Spacer | CondPageBreak | ActionFlowable):
            kind = "space"
        else:
            kind = "content"
        text = flowable.getPlainText() if hasattr(flowable, "getPlainText") else ""
        frame = self.frame
        space = frame._y - frame._y1p if frame is not None else 0.0
        self._placed.append(Placed(self.page, kind, text, space))


def _canvas_class(furniture: _Furniture) -> Callable[..., Canvas]:
    class _NumberedCanvas(Canvas):
        """Keeps every page until save(), then draws the page furniture knowing the page count."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                furniture.draw(self, total)
                super().showPage()
            super().save()

    return _NumberedCanvas


class _Furniture:
    """What every page carries: the draft band, a running head, and the identifying footer."""

    def __init__(self, summary: ConsentSummary, kind: str) -> None:
        self.summary = summary
        patient = summary.patient
        self.patient_line = labels.FOOTER_PATIENT.format(
            name=markup.one_line(patient.display_name),
            dob=labels.format_date(patient.date_of_birth),
        )
        c = summary.consultation
        self.ids_line = labels.FOOTER_IDS.format(
            kind=labels.KIND_LEAFLET if kind == LEAFLET else labels.KIND_CONSENT_FORM,
            consultation=c.id,
            version=c.content_version[:VERSION_CHARS],
            document=printed_id(summary, kind),
        )
        clinic = markup.one_line(summary.clinic.name)
        title = _title(kind)
        self.head_line = f"{clinic} · {title}" if clinic else title

    def draw(self, canvas: Canvas, total: int) -> None:
        width, height = canvas._pagesize
        page = canvas.getPageNumber()
        p = palette()
        canvas.saveState()
        if self.summary.draft:
            band = 20.0
            canvas.setFillColor(p.draft_band)
            canvas.rect(0, height - band, width, band, stroke=0, fill=1)
            canvas.setFillColor(p.draft)
            canvas.setFont(BOLD, 9)
            canvas.drawCentredString(width / 2, height - band + 6.5, labels.DRAFT_MARK)
        left, right = MARGIN_X, width - MARGIN_X
        if page > 1:
            canvas.setFillColor(p.muted)
            self._fit(canvas, self.head_line, left, height - 44, right - left, 8)
            canvas.setStrokeColor(p.rule)
            canvas.setLineWidth(0.5)
            canvas.line(left, height - 50, right, height - 50)
        canvas.setStrokeColor(p.rule)
        canvas.setLineWidth(0.5)
        canvas.line(left, 58, right, 58)
        page_text = labels.FOOTER_PAGE.format(page=page, pages=total)
        canvas.setFillColor(p.text)
        canvas.setFont(BOLD, 8.5)
        canvas.drawRightString(right, 45, page_text)
        page_w = stringWidth(page_text, BOLD, 8.5)
        self._fit(canvas, self.patient_line, left, 45, right - left - page_w - 18, 8.5)
        canvas.setFillColor(p.muted)
        self._fit(canvas, self.ids_line, left, 32, right - left, 7.5)
        canvas.restoreState()

    @staticmethod
    def _fit(canvas: Canvas, text: str, x: float, y: float, avail: float, size: float) -> None:
        """One line at `y`, shrunk to fit down to 6 pt. Text longer still takes two lines centred
        on `y`, and past that ends in "…": page furniture must not run into its neighbours (the
        full text is in the body of the first page)."""
        natural = shaping.string_width(text, REGULAR, size)
        if natural > avail:
            size = max(6.0, size * avail / natural)
        lines = simpleSplit(text, REGULAR, size, avail) or [""]
        if len(lines) > 2:
            second = " ".join(lines[1:])
            while second and stringWidth(second + "…", REGULAR, size) > avail:
                second = second[:-1]
            lines = [lines[0], second + "…"]
        step = size + 1.5
        top = y + step / 2 if len(lines) == 2 else y
        for i, line in enumerate(lines):
            # Each script in a font that has it, right-to-left names in reading order.
            shaping.draw_string(canvas, x, top - i * step, line, REGULAR, size)
