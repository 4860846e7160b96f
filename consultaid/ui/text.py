"""Patient text as the small piece of rich text the labels show."""

from __future__ import annotations

import html


def paragraphs_html(paragraphs: tuple[str, ...], spacing_em: float = 0.6) -> str:
    """Paragraphs as escaped HTML with air between them; pack text is never trusted as HTML."""
    style = f'style="margin-bottom:{spacing_em}em; line-height:130%;"'
    return "".join(f"<p {style}>{html.escape(p)}</p>" for p in paragraphs)
