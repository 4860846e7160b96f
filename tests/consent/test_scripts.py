"""Every script prints: names in each script come back out of the consent PDF, with no glyph
missing from the embedded fonts (issue 12 item 2)."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from consultaid.consent import fonts, shaping
from consultaid.consent.pdf import render_summary_pdf
from consultaid.consent.summary import PatientDetails, Signature

# Names written as people write them; the complex scripts are checked letter by letter.
SIMPLE = {
    "latin": "Zoë Łukasiewicz-Ødegård",
    "greek": "Σοφία Παπαδοπούλου",
    "cyrillic": "Анна Кузнецова",
    "chinese-simplified": "王小明",
    "chinese-traditional": "陳淑芬",
    "japanese": "山田 さくら",
    "korean": "김민준",
}
RIGHT_TO_LEFT = {"arabic": "محمد عبد الله", "hebrew": "דוד כהן"}
COMPLEX = {"devanagari": "अनिल कुमार", "thai": "สมชาย ใจดี"}
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def pdftotext(pdf: bytes) -> list[str]:
    """Each page's text as poppler reads it, bidi marks removed, presentation forms folded."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    return [unicodedata.normalize("NFKC", BIDI_MARKS.sub("", p)) for p in out.split("\f")[:-1]]


def letters(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c).startswith("L")}


def render(make_summary, name: str) -> bytes:
    summary = make_summary(
        patient=PatientDetails(name, make_summary().patient.date_of_birth, "M-1"),
        signatures=[Signature("patient", name, None, ())],
    )
    return render_summary_pdf(summary)


def used_codes(page, reader) -> dict[str, set[int]]:
    """The character codes each font resource of a page draws."""
    from pypdf.generic import ContentStream

    used: dict[str, set[int]] = {}
    font = ""
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            font = str(operands[0])
        elif operator in (b"Tj", b"'", b'"'):
            used.setdefault(font, set()).update(bytes(operands[-1].original_bytes))
        elif operator == b"TJ":
            for item in operands[0]:
                if hasattr(item, "original_bytes"):
                    used.setdefault(font, set()).update(bytes(item.original_bytes))
    return used


def missing_glyphs(pdf: bytes) -> list[str]:
    """Characters drawn with the .notdef glyph: every code a page draws must map to a real glyph
    in the embedded subset (read with fontTools)."""
    missing = []
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        for resource, codes in used_codes(page, reader).items():
            font = resources[resource].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            glyph_of = program["cmap"].getcmap(1, 0).cmap
            missing += [
                f"{font['/BaseFont']}: code {code}"
                for code in codes
                if glyph_of.get(code, ".notdef") == ".notdef"
            ]
    return missing


@needs_pdftotext
@pytest.mark.parametrize("name", SIMPLE.values(), ids=SIMPLE.keys())
def test_a_name_in_a_simple_script_comes_back_on_every_page(make_summary, name):
    pdf = render(make_summary, name)
    pages = pdftotext(pdf)
    assert all(f"{name} · born" in page for page in pages)
    # Every footer, and the body: the patient's details and the printed name under the signature.
    assert "".join(pages).count(name) >= len(pages) + 2
    assert missing_glyphs(pdf) == []


@needs_pdftotext
@pytest.mark.parametrize("name", RIGHT_TO_LEFT.values(), ids=RIGHT_TO_LEFT.keys())
def test_a_right_to_left_name_reads_in_order_on_every_page(make_summary, name):
    """poppler reads visual order back into logical order: the name comes back word for word
    only if its words and letters were set right to left."""
    pdf = render(make_summary, name)
    pages = pdftotext(pdf)
    assert all(name in page for page in pages)
    assert missing_glyphs(pdf) == []


@needs_pdftotext
@pytest.mark.parametrize("name", COMPLEX.values(), ids=COMPLEX.keys())
def test_a_complex_script_name_gives_its_letters_back(make_summary, name):
    pdf = render(make_summary, name)
    for page in pdftotext(pdf):
        assert letters(name) <= letters(page)
    assert missing_glyphs(pdf) == []


@needs_pdftotext
def test_emoji_prints_as_a_glyph_or_its_name_never_as_a_replacement(make_summary):
    pdf = render(make_summary, "Ana 😀 Silva 🦜")
    text = "".join(pdftotext(pdf))
    assert "Ana 😀 Silva" in text
    assert "[parrot]" in text
    assert "\ufffd" not in text
    assert missing_glyphs(pdf) == []


def test_the_missing_glyph_check_can_fail():
    """A font asked for a character it lacks is caught by missing_glyphs."""
    from reportlab.pdfgen.canvas import Canvas

    from consultaid.consent import styles

    styles.register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=styles.REGULAR)
    canvas.setFont(styles.REGULAR, 12)
    canvas.drawString(50, 50, "ab王")
    canvas.save()
    assert len(missing_glyphs(out.getvalue())) == 1


def plain(pieces: list[list[shaping.Piece]]) -> list[str]:
    return ["".join(p.text for p in line) for line in pieces]


def test_right_to_left_words_are_set_right_to_left_with_digits_and_brackets_kept():
    (line,) = plain(shaping.line_pieces("דוד (כהן) 12"))
    # Visual order, left to right: the digits, then the second word in mirrored brackets, then
    # the first word, each word's letters reversed.
    assert line == "12\u00a0(ןהכ)\u00a0דוד"


def test_a_right_to_left_group_inside_latin_text_stays_in_place():
    (line,) = plain(shaping.line_pieces("Mr דוד כהן MD"))
    assert line == "Mr ןהכ\u00a0דוד MD"


def test_long_right_to_left_text_is_cut_into_lines_in_reading_order():
    words = [letter * 4 for letter in "אבגדהוזחטיכלמנסעפצקרשת"]
    lines = plain(shaping.line_pieces(" ".join(words)))
    assert len(lines) > 1
    # Each line's words right to left, the lines top to bottom: the words in the order typed.
    assert [w for line in lines for w in reversed(line.split("\u00a0"))] == words


def test_a_shaped_glyph_gives_back_the_letters_of_its_own_word():
    """The PDF's text map is the same whatever was shaped before in the process."""
    face = next(f for f in fonts.FACES if f.name == "NotoSansDevanagari")
    shaping.shape(face, "क्षत्रिय", False)  # the same vowel-sign glyph, in another cluster
    shaped = shaping.shape(face, "अनिल", False)
    text = "".join(fonts.GLYPH_TEXT[face.name].get(ord(c), c) for c in shaped)
    assert sorted(text) == sorted("अनिल")


@needs_pdftotext
def test_a_right_to_left_name_in_the_footer_reads_right_to_left_inside_the_english_line(
    make_summary,
):
    """`דוד כהן · born …`: the name's first word on the right of its second, the whole name
    before (left of) the English that follows it."""
    pdf = render(make_summary, "דוד כהן")
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "2", "-l", "2", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    words = [
        (float(x), round(float(y)), html.unescape(w))
        for x, y, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', boxes)
    ]
    born = next((x, y) for x, y, w in words if w == "born")
    line = {frozenset(w): x for x, y, w in words if abs(y - born[1]) <= 6}
    first, second = line[frozenset("דוד")], line[frozenset("כהן")]
    assert second < first < born[0]


def test_english_text_with_a_right_to_left_name_still_wraps_as_one_paragraph():
    text = "My neighbour דוד כהן drove me home after the operation and stayed with me all week."
    (line,) = plain(shaping.line_pieces(text))
    assert line.startswith("My neighbour ןהכ\u00a0דוד drove me home")
