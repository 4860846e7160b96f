"""References in Vancouver style, built from the structured sources: one style on screen and paper.

A reader finds a paper by its PMID or DOI, so both are printed when the pack gives them; a source
without one says so ("identifier not verified") rather than pointing at a copy on some website.
A guideline, statement or law names its issuing body and its own identifier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consultaid.content.model import Source


def vancouver(source: Source) -> str:
    """The reference as one line: authors. Title. Journal. Year;Vol(Issue):Pages. PMID; doi."""
    parts: list[str] = []
    if source.authors:
        parts.append(_end(source.authors))
    parts.append(_end(source.title))
    if source.journal:
        volume = _volume(source)
        parts.append(_end(source.journal) + (" " + _end(volume) if volume else ""))
    else:
        if source.issuer:
            parts.append(_end(source.issuer))
        if source.year:
            parts.append(_end(str(source.year)))
        if source.identifier:
            parts.append(_end(source.identifier))
    ids = []
    if source.pmid:
        ids.append(f"PMID: {source.pmid}")
    if source.doi:
        ids.append(f"doi: {source.doi}")
    if ids:
        parts.append("; ".join(ids) + ".")
    if source.url and not ids and source.kind != "journal":
        parts.append(f"Available from: {source.url}")
    if source.unverified:
        parts.append(f"({source.unverified} not verified)")
    elif source.kind == "journal" and not ids:
        parts.append("(identifier not verified)")
    return " ".join(p for p in parts if p)


def _volume(source: Source) -> str:
    """Year;Volume(Issue):Pages, with whichever parts the pack gives."""
    text = str(source.year) if source.year else ""
    if source.volume or source.issue:
        text += ";" + source.volume + (f"({source.issue})" if source.issue else "")
    if source.pages:
        text += ":" + source.pages
    return text


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."
