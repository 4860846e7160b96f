"""Complex scripts shaped and right-to-left text put in reading order, as Paragraph markup.

reportlab's own bidi needs a package that is not published where we install from, and its
paragraph shaping sets a whole word in one font (a word mixing fonts, such as "(محمد)", breaks).
So each run is shaped here, in its own face, with uharfbuzz (Arabic joining, Indic reordering and
conjuncts, Thai marks) and handed to reportlab as characters in visual order. Glyph positioning
(mark offsets, kerning) is left out; the fonts' default mark positions read well at print sizes.

Bidi, with the few rules names and short notes need: a paragraph's direction is that of its first
strong letter; words group by direction; a right-to-left group becomes one unbreakable word (a
break inside would set its lines in the wrong order), with digits and Latin inside it left to
right and brackets mirrored; in a right-to-left paragraph the groups of a line go right to left
and long text is cut into lines at word boundaries, so lines read top to bottom.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

from consultaid.consent.fonts import (
    GLYPH_TEXT,
    PRIMARY,
    RTL_CLASSES,
    Face,
    Run,
    ensure_registered,
    is_rtl,
    plain_characters,
    runs,
)

NBSP = "\u00a0"
# A right-to-left text longer than this is cut into lines at word boundaries: it cannot wrap by
# itself without setting its lines in the wrong order. 42 characters fit the narrowest column.
RTL_LINE = 42


def base_is_rtl(text: str) -> bool:
    """The paragraph direction of Unicode's rule P2: that of its first strong letter."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in RTL_CLASSES:
            return True
    return False


def _words(text: str) -> list[str]:
    return [w for w in text.split(" ") if w]


def _chunks(words: list[str], limit: int) -> Iterator[list[str]]:
    line: list[str] = []
    size = 0
    for word in words:
        if line and size + 1 + len(word) > limit:
            yield line
            line, size = [], 0
        line.append(word)
        size += len(word) + (1 if size else 0)
    if line:
        yield line


def _direction(word: str) -> bool | None:
    for c in word:
        kind = unicodedata.bidirectional(c)
        if kind == "L" or kind in RTL_CLASSES:
            return kind != "L"
    return None


def _groups(line: str, rtl_base: bool) -> list[tuple[bool, str]]:
    """Words grouped by direction: (right_to_left, text), each group's words joined by spaces.
    A word without strong letters (a number, a dash) joins the group before it when the next
    strong word goes the same way, and takes the paragraph's direction otherwise."""
    words = _words(line)
    directions = [_direction(w) for w in words]
    groups: list[tuple[bool, str]] = []
    for i, word in enumerate(words):
        rtl = directions[i]
        if rtl is None:
            after = next((d for d in directions[i + 1 :] if d is not None), rtl_base)
            before = groups[-1][0] if groups else rtl_base
            rtl = before if before == after else rtl_base
        if groups and groups[-1][0] == rtl:
            groups[-1] = (rtl, f"{groups[-1][1]} {word}")
        else:
            groups.append((rtl, word))
    return groups


_SHAPED = frozenset({"NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "NotoSansThai"})
_LTR_IN_RTL = frozenset({"L", "EN", "AN"})
_PRIVATE_FIRST, _PRIVATE_LAST = 0xE000, 0xF8FF
# Per font: the private-use code given to each (glyph, letters) pair.
_private_codes: dict[str, dict[tuple[int, str], int]] = {}
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


@dataclass
class Piece:
    """Shaped text in one face, in visual order."""

    face: Face | None
    text: str


def shape(face: Face, text: str, rtl: bool) -> str:
    """`text` shaped with uharfbuzz (joining, ligatures, reordering), as characters in visual
    order. A glyph without a character of its own (a ligature, a contextual form) gets a
    private-use one that remembers which letters it shows."""
    import uharfbuzz
    from reportlab.pdfbase.pdfmetrics import getFont

    ensure_registered(face)
    font = getFont(face.name)
    hb_font = font.hbFont(10)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
    infos = buffer.glyph_infos
    clusters = sorted({info.cluster for info in infos})
    ends = dict(zip(clusters, [*clusters[1:], len(text)], strict=True))
    codes: list[int | None] = []
    for info in infos:
        chars = font.face.glyphToChar.get(info.codepoint, [])
        # A glyph shared by several characters (space and no-break space) keeps the one typed:
        # a no-break space must stay unbreakable. Private-use codes are ours, not the font's.
        chars = [c for c in chars if not _PRIVATE_FIRST <= c <= _PRIVATE_LAST]
        typed = ord(text[info.cluster])
        codes.append((typed if typed in chars else chars[0]) if chars else None)
    # Each glyph without a character stands for the letters of its cluster that no other glyph
    # of the cluster shows; it gets a private-use code for that glyph and those letters.
    leftover = {c: list(text[c : ends[c]]) for c in clusters}
    for info, code in zip(infos, codes, strict=True):
        if code is not None and chr(code) in leftover[info.cluster]:
            leftover[info.cluster].remove(chr(code))
    out = []
    for info, code in zip(infos, codes, strict=True):
        if code is None:
            letters = "".join(leftover[info.cluster])
            leftover[info.cluster] = []
            code = _private(font, info.codepoint, letters)
        out.append(chr(code))
    return "".join(out)


def _private(font: Any, glyph: int, letters: str) -> int:
    """A private-use character drawing `glyph` in `font`, one per (glyph, letters): the PDF's
    text map then gives back exactly the letters shown, whatever was shaped before."""
    table = _private_codes.setdefault(font.fontName, {})
    code = table.get((glyph, letters))
    if code is None:
        face = font.face
        code = max(table.values(), default=_PRIVATE_FIRST - 1) + 1
        while code in face.charToGlyph:
            code += 1
        if code > _PRIVATE_LAST:
            return 0xFFFD
        face.charToGlyph[code] = glyph
        face.glyphToChar.setdefault(glyph, []).append(code)
        face.charWidths[code] = font.pdfScale(face.hmetrics[glyph][0])
        table[(glyph, letters)] = code
        GLYPH_TEXT.setdefault(font.fontName, {})[code] = letters
    return code


def _pieces(run: Run, rtl: bool) -> list[Piece]:
    """One run as pieces in visual order. Inside a right-to-left group, digits and Latin letters
    stay left to right and brackets are mirrored; shaped faces go through uharfbuzz."""
    shaped = run.face is not None and run.face.name in _SHAPED
    if not rtl:
        # A right-to-left word inside a left-to-right word ("Dr.محمد") still reads right to left.
        text = shape(run.face, run.text, any(map(is_rtl, run.text))) if shaped else run.text
        return [Piece(run.face, text)]
    segments: list[tuple[bool, str]] = []
    for ch in run.text:
        ltr = unicodedata.bidirectional(ch) in _LTR_IN_RTL
        if segments and segments[-1][0] == ltr:
            segments[-1] = (ltr, segments[-1][1] + ch)
        else:
            segments.append((ltr, ch))
    pieces = []
    for ltr, text in reversed(segments):
        if shaped:
            pieces.append(Piece(run.face, shape(run.face, text, not ltr)))
        else:
            pieces.append(Piece(run.face, text if ltr else text[::-1].translate(_MIRROR)))
    return pieces


def _tag(piece: Piece) -> str:
    text = escape(piece.text, quote=False)
    if piece.face is None:
        return text
    ensure_registered(piece.face)
    return f'<font face="{piece.face.name}">{text}</font>'


def _group_pieces(rtl: bool, text: str) -> list[Piece]:
    if rtl:
        # One unbreakable word: a break inside would put its lines in the wrong order.
        text = text.replace(" ", NBSP)
    parts = runs(text)
    if rtl:
        parts.reverse()
    return [piece for run in parts for piece in _pieces(run, rtl)]


def line_pieces(text: str, rtl_base: bool | None = None) -> list[list[Piece]]:
    """One line of plain text as lines of shaped pieces, right-to-left groups in reading order
    (more than one line only when a long right-to-left text had to be cut). The direction of
    the line is its first strong letter's unless given (a line of the English document that
    holds a name is left to right)."""
    if not any(is_rtl(c) for c in text):
        return [[p for run in runs(text) for p in _pieces(run, False)]]
    if rtl_base is None:
        rtl_base = base_is_rtl(text)
    if rtl_base:
        # Each line right to left, the lines top to bottom.
        return [_line(_groups(" ".join(chunk), True)[::-1]) for chunk in _line_chunks(text)]
    # Left to right: the line wraps freely; only a right-to-left group too long to stay one
    # word gets lines of its own.
    lines: list[list[Piece]] = []
    pending: list[tuple[bool, str]] = []
    for rtl, t in _groups(text, False):
        if rtl and len(t) > RTL_LINE:
            if pending:
                lines.append(_line(pending))
                pending = []
            lines += [_line([(True, " ".join(c))]) for c in _chunks(_words(t), RTL_LINE)]
        else:
            pending.append((rtl, t))
    if pending:
        lines.append(_line(pending))
    return lines


def _line(groups: list[tuple[bool, str]]) -> list[Piece]:
    line: list[Piece] = []
    for i, (rtl, t) in enumerate(groups):
        if i:
            line.append(Piece(None, " "))
        line.extend(_group_pieces(rtl, t))
    return line


def _plain(text: str) -> bool:
    """Whether DejaVu Sans sets the whole text as it is (no other face, shaping or bidi)."""
    return text.isascii() or set(text) <= plain_characters()


def line_markup(text: str) -> str:
    """Paragraph markup for one line of plain text (no line breaks in it): every run in a face
    that has its glyphs, complex scripts shaped, right-to-left text in reading order."""
    if _plain(text):
        return escape(text, quote=False)  # the common case, and a thousand times faster
    return "<br/>".join("".join(_tag(p) for p in line) for line in line_pieces(text))


def _line_chunks(text: str) -> Iterator[list[str]]:
    words = _words(text)
    if len(text) <= RTL_LINE:
        yield words
    else:
        yield from _chunks(words, RTL_LINE)


def plain_runs(text: str) -> list[tuple[str, str]]:
    """(reportlab font name, text) pieces for drawing one line of the document's own (left to
    right) text with names in it on a canvas (page headers and footers)."""
    if _plain(text):
        return [(PRIMARY, text)]
    lines = line_pieces(text, rtl_base=False)
    pieces = [p for line in lines for p in [*line, Piece(None, " ")]][:-1]
    return [(PRIMARY if p.face is None else p.face.name, p.text) for p in pieces]


def string_width(text: str, font_name: str, size: float) -> float:
    """The width of one line drawn by draw_string."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(
        stringWidth(t, font_name if name == PRIMARY else name, size) for name, t in plain_runs(text)
    )


def draw_string(canvas: Any, x: float, y: float, text: str, font_name: str, size: float) -> None:
    """One line on a canvas (page headers and footers), each run in a face that has it; DejaVu
    Sans runs use `font_name` (regular or bold)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for name, t in plain_runs(text):
        face = font_name if name == PRIMARY else name
        canvas.setFont(face, size)
        canvas.drawString(x, y, t)
        x += stringWidth(t, face, size)
