"""Any text into safe reportlab Paragraph markup: whatever a user typed must print, never crash.

Names, questions and answers are free text. reportlab parses Paragraph text as XML-like markup, so
`<`, `&` and control characters would break it or vanish; this module is the one way text gets in.
"""

from __future__ import annotations

import re
from html import escape

REPLACEMENT = "\ufffd"

# C0 controls other than tab/newline/carriage return, DEL and C1 controls are not printable and
# several are not even legal XML; lone surrogates cannot be encoded; U+FFFE/U+FFFF are not
# characters. They are dropped.
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# reportlab writes characters beyond U+FFFF (emoji, rare scripts) into the font's ToUnicode map
# with five hex digits, which PDF readers reject, so those print as the replacement character.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def clean(text: str) -> str:
    """The text with unprintable characters dropped; everything else kept exactly."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _DROP.sub("", text)
    return _ASTRAL.sub(REPLACEMENT, text)


def one_line(text: str) -> str:
    """Plain text for a single line (running footers): line breaks become spaces."""
    return " ".join(clean(text).split())


def inline(text: str) -> str:
    """One line of markup: escaped, with line breaks kept as breaks."""
    return escape(clean(text).strip(), quote=False).replace("\n", "<br/>")


def paragraphs(text: str) -> list[str]:
    """Markup for each paragraph of free text (paragraphs are separated by blank lines)."""
    parts = _BLANK_LINES.split(clean(text).strip())
    return [inline(p) for p in parts if p.strip()]


def bold(markup: str) -> str:
    return f"<b>{markup}</b>"


def references(numbers: tuple[int, ...]) -> str:
    """`[3]`, `[3, 5]` or `[3–6, 9]`: runs of three or more collapse to a range."""
    if not numbers:
        return ""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}–{r[-1]}" if len(r) >= 3 else ", ".join(str(n) for n in r) for r in runs]
    return f"[{', '.join(parts)}]"
