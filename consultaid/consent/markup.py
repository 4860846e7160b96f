"""Any text into safe reportlab Paragraph markup: whatever a user typed must print, never crash.

Names, questions and answers are free text. reportlab parses Paragraph text as XML-like markup, so
`<`, `&` and control characters would break it or vanish; this module is the one way text gets in.
shaping.py gives each run of another script a font that has its glyphs and puts right-to-left runs
in reading order, shaped.
"""

from __future__ import annotations

import re

from consultaid.consent import shaping

# C0 controls other than tab/newline/carriage return, DEL and C1 controls are not printable and
# several are not even legal XML; lone surrogates cannot be encoded; U+FFFE/U+FFFF are not
# characters. They are dropped.
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def clean(text: str) -> str:
    """The text with unprintable characters dropped; everything else kept exactly."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _DROP.sub("", text)


def one_line(text: str) -> str:
    """Plain text for a single line (running footers): line breaks become spaces."""
    return " ".join(clean(text).split())


def inline(text: str) -> str:
    """One line of markup: escaped, each script in a font that has it, line breaks kept."""
    return "<br/>".join(shaping.line_markup(line) for line in clean(text).strip().split("\n"))


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
