"""The consent summary: plain data from a consultation, rendered to a PDF the patient signs.

Importing this package stays cheap: reportlab and svglib load only when a PDF is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consultaid.records import Store


def render_consent_pdf(store: Store, consultation_id: int) -> bytes:
    """The consent summary PDF of one consultation, as bytes (byte-identical for the same record).

    Raises ConsultationNotFound for an unknown id and ContentError for a missing font or pack.
    """
    from consultaid.consent.pdf import render_summary_pdf
    from consultaid.consent.summary import summary_for_consultation

    return render_summary_pdf(summary_for_consultation(store, consultation_id))


__all__ = ["render_consent_pdf"]
