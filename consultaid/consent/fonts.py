"""Every script a patient's name or note comes in, in fonts the PDF can embed.

DejaVu Sans (styles.py) sets Latin, Greek and Cyrillic. Each run of characters it lacks, or that a
script font sets better, goes to the first bundled font that has every glyph: Noto Sans Arabic,
Hebrew, Devanagari and Thai, Nanum Gothic Coding for Hangul, Droid Sans Fallback for Chinese and
Japanese, Noto Sans Symbols 2 for pictographs. All are TrueType-outline fonts (reportlab cannot
embed CFF) under the OFL or Apache 2.0; reportlab embeds only the glyphs used, and a face is read
only when a run needs it. A character no font has is written as its Unicode name in brackets,
never as an empty box. shaping.py turns the runs into markup.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from consultaid.errors import ContentError
from consultaid.paths import resources_dir

PRIMARY = "DejaVuSans"
PRIMARY_FILE = "DejaVuSans.ttf"

RTL_CLASSES = frozenset({"R", "AL"})
_VARIATION = frozenset(range(0xFE00, 0xFE10))


@dataclass(frozen=True)
class Face:
    """One bundled font: its reportlab name, its file, and the ranges it is preferred for (a
    script font wins over DejaVu Sans there even where DejaVu has a glyph). Regular weight only:
    runs are shaped with this face's glyphs, and reportlab keeps a run's face even inside bold
    text, so bold text in these scripts prints in regular weight."""

    name: str
    regular: str
    preferred: tuple[tuple[int, int], ...] = ()


FACES: tuple[Face, ...] = (
    Face(
        "NotoSansArabic",
        "NotoSansArabic-Regular.ttf",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    Face(
        "NotoSansHebrew",
        "NotoSansHebrew-Regular.ttf",
        ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    ),
    Face(
        "NotoSansDevanagari",
        "NotoSansDevanagari-Regular.ttf",
        ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    ),
    Face("NotoSansThai", "NotoSansThai-Regular.ttf", ((0x0E00, 0x0E7F),)),
    Face(
        "NanumGothicCoding",
        "NanumGothicCoding.ttf",
        ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)),
    ),
    Face("DroidSansFallback", "DroidSansFallbackFull.ttf"),
    # DejaVu Sans again, for its characters beyond U+FFFF (emoji): only faces of this module write
    # those into the PDF's text map correctly (see _Font).
    Face("DejaVuSansAstral", PRIMARY_FILE),
    Face("NotoSansSymbols2", "NotoSansSymbols2-Regular.ttf"),
)

_fonts: dict[str, Any] = {}
# Per font: the letters each shaped glyph without a character of its own (a ligature, a
# contextual form) shows, so text copied out of the PDF gives the letters back (shaping.py).
GLYPH_TEXT: dict[str, dict[int, str]] = {}


def font_dir() -> Path:
    return resources_dir() / "fonts"


def bundled_files() -> list[str]:
    """Every font file this module may load (for the missing-file check and the size figure)."""
    return sorted({PRIMARY_FILE, *(face.regular for face in FACES)})


@cache
def _face_cmap(face: Face) -> frozenset[int]:
    """The code points a bundled face has glyphs for; reading them registers it (one parse)."""
    ensure_registered(face)
    return frozenset(_fonts[face.name].face.charToGlyph)


@cache
def _cmap(file_name: str) -> frozenset[int]:
    """The code points a font file has glyphs for (DejaVu Sans, registered by styles.py)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    path = font_dir() / file_name
    try:
        return frozenset(TTFontFile(str(path), validate=0).charToGlyph)
    except (OSError, ValueError) as error:
        raise ContentError(
            f"The font file {path} is missing or unreadable. Reinstall ConsultAid to restore it."
        ) from error


def ensure_registered(face: Face) -> None:
    """Register a face with reportlab the first time a run needs it."""
    if face.name in _fonts:
        return
    from reportlab.pdfbase.pdfmetrics import registerFont
    from reportlab.pdfbase.ttfonts import TTFError

    path = font_dir() / face.regular
    try:
        font = _Font.make(face.name, path)
    except (OSError, TTFError) as error:
        raise ContentError(
            f"The font file {path} is missing or unreadable. Reinstall ConsultAid to restore it."
        ) from error
    registerFont(font)
    _fonts[face.name] = font


def is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in RTL_CLASSES


@cache
def _is_common(ch: str) -> bool:
    """Punctuation, digits, marks, symbols and format characters: they follow their neighbour's
    font when it has them, so a word stays in one font (shaping sets a word in one font)."""
    return not unicodedata.category(ch).startswith("L")


def _preferred(code: int) -> Face | None:
    for face in FACES:
        if any(lo <= code <= hi for lo, hi in face.preferred):
            return face
    return None


# What face_for says of a character no bundled font has.
NOWHERE = Face("", "")


@cache
def face_for(ch: str) -> Face | None:
    """The face that sets `ch`: a Face, None for DejaVu Sans, NOWHERE when no bundled font has
    it."""
    code = ord(ch)
    preferred = _preferred(code)
    if preferred is not None and code in _face_cmap(preferred):
        return preferred
    if code <= 0xFFFF and code in _cmap(PRIMARY_FILE):
        return None
    for face in FACES:
        if not face.preferred and code in _face_cmap(face):
            return face
    return NOWHERE


@cache
def _has(face: Face | None, ch: str) -> bool:
    if face is None:
        return ord(ch) <= 0xFFFF and ord(ch) in _cmap(PRIMARY_FILE)
    return ord(ch) in _face_cmap(face)


@cache
def plain_characters() -> frozenset[str]:
    """Characters DejaVu Sans sets as they are: no other face, no shaping, no reordering."""
    return frozenset(
        chr(code)
        for code in _cmap(PRIMARY_FILE)
        if code <= 0xFFFF
        and _preferred(code) is None
        and not is_rtl(chr(code))
        and code not in _VARIATION
        and code != 0x200D
    )


@dataclass
class Run:
    face: Face | None
    text: str


def runs(text: str) -> list[Run]:
    """The text cut into runs of one face each. Spaces and common characters join the run
    before them when its face has them; characters no face has become their bracketed name."""
    out: list[Run] = []
    for ch in text:
        code = ord(ch)
        if code in _VARIATION or (ch == "\u200d" and not (out and out[-1].face)):
            continue  # emoji presentation selectors and joiners: monochrome fonts have no use
        prev = out[-1].face if out else None
        face = prev if ch == " " or (_is_common(ch) and out and _has(prev, ch)) else face_for(ch)
        if face is NOWHERE:
            name = unicodedata.name(ch, f"U+{code:04X}").lower()
            for sub in runs(f"[{name}]"):
                _append(out, sub.face, sub.text)
            continue
        _append(out, face, ch)
    return out


def _append(out: list[Run], face: Face | None, text: str) -> None:
    if out and out[-1].face is face:
        out[-1].text += text
    else:
        out.append(Run(face, text))


class _Font:
    """reportlab's TTFont, writing a text map (ToUnicode) that PDF readers accept for characters
    beyond U+FFFF: reportlab writes those with five hex digits, which readers misread, so an
    emoji would copy out as a wrong character. The map is rewritten in UTF-16, as the PDF
    specification asks."""

    @staticmethod
    def make(name: str, path: Path) -> Any:
        from reportlab.pdfbase.ttfonts import TTFont

        class Font(TTFont):
            def addObjects(self, doc: Any) -> None:
                state = self.state.get(doc)
                subsets = list(state.subsets) if state is not None else []
                super().addObjects(doc)
                for n, subset in enumerate(subsets):
                    base = self._base_name(n)
                    stream = doc.idToObject.get("toUnicodeCMap:" + base)
                    if stream is not None:
                        extra = GLYPH_TEXT.get(self.fontName, {})
                        stream.content = to_unicode_cmap(base, subset, extra)

            def _base_name(self, n: int) -> str:
                from reportlab.pdfbase.ttfonts import SUBSETN

                raw = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
                return raw.decode("pdfdoc")

        font = Font(name, str(path))
        # The subset's name in the PDF comes from the face; two faces of one file (DejaVu Sans
        # for emoji) must not share it.
        font.face.name = name.encode("ascii")
        return font


def to_unicode_cmap(font_name: str, subset: list[int], glyph_text: dict[int, str]) -> str:
    """A ToUnicode CMap for one subset, each code point written as UTF-16BE hex; a private-use
    code that stands for a shaped glyph maps to the letters it shows."""

    def utf16(code: int) -> str:
        text = glyph_text.get(code, chr(code))
        return text.encode("utf-16-be", "surrogatepass").hex().upper()

    # A glyph that shows no letter of its own (the second piece of a split vowel) maps to none.
    entries = [f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset) if glyph_text.get(v) != ""]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({font_name})",
        f"/Ordering ({font_name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{font_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(entries)} beginbfchar",
        *entries,
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)
