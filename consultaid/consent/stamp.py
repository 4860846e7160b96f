"""A stamped copy of a PDF for printing ("Patient copy" on every page), still vector.

The stored document (and so its hash and seal) never changes: the stamp goes on a copy made for
the printer. Each page gets the words in the top margin, right-aligned, where the preview's
raster printing put them, drawn by reportlab and laid over the page with pypdf.
"""

from __future__ import annotations

import io

STAMP_COLOUR = "#8a4b0f"
STAMP_SIZE = 10.0
# From the top right corner of the page, in points: clear of the draft band and the running head.
STAMP_RIGHT = 40.0
STAMP_TOP = 17.0


def stamped(pdf: bytes, text: str) -> bytes:
    """A copy of `pdf` with `text` in the top margin of every page."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    from consultaid.consent.styles import BOLD, register_fonts

    register_fonts()
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    overlays: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if size not in overlays:
            out = io.BytesIO()
            canvas = Canvas(out, pagesize=size, invariant=1, initialFontName=BOLD)
            canvas.setFont(BOLD, STAMP_SIZE)
            canvas.setFillColor(HexColor(STAMP_COLOUR))
            canvas.drawRightString(size[0] - STAMP_RIGHT, size[1] - STAMP_TOP, text)
            canvas.save()
            overlays[size] = PdfReader(out).pages[0]
        page.merge_page(overlays[size])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
