"""The consultation's two documents: the consent form (signed) and the leaflet "Your operation"
(taken home), built as plain data from a consultation and rendered to PDF.

Importing this package stays cheap: reportlab and svglib load only when a PDF is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consultaid.content.model import Procedure
    from consultaid.records import Store


def render_consent_pdf(store: Store, consultation_id: int, procedure: Procedure) -> bytes:
    """The consent form PDF of one consultation rendered with `procedure`, the pack it was held
    with, as bytes (byte-identical for the same record). To print a final consultation use
    `consent.sealing.printable_pdf`, which returns its stored seal instead.

    Raises ConsultationNotFound for an unknown id, PackMismatch (a ContentError) when `procedure`
    is not the pack and content version the consultation was held with, and ContentError for a
    missing font.
    """
    from consultaid.consent.pdf import render_summary_pdf
    from consultaid.consent.summary import summary_for_consultation

    return render_summary_pdf(summary_for_consultation(store, consultation_id, procedure))


def render_leaflet_pdf(store: Store, consultation_id: int, procedure: Procedure) -> bytes:
    """The leaflet "Your operation" of one consultation, rendered as `render_consent_pdf` is."""
    from consultaid.consent.pdf import render_leaflet_pdf as render
    from consultaid.consent.summary import summary_for_consultation

    return render(summary_for_consultation(store, consultation_id, procedure))


__all__ = ["render_consent_pdf", "render_leaflet_pdf"]
