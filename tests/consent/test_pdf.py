"""The consent PDF: its text, fonts, paper, draft mark, signatures and bad input."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from consultaid.consent import labels, styles
from consultaid.consent.flowables import svg_drawing
from consultaid.consent.pdf import render_summary_pdf
from consultaid.consent.summary import (
    Clinic,
    PatientDetails,
    QuestionAnswer,
    Signature,
)
from consultaid.errors import ContentError
from tests.consent.conftest import PATIENT_NAME

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


@pytest.fixture
def short_pdf(make_summary) -> bytes:
    return render_summary_pdf(make_summary())


def test_text_has_patient_levels_risks_and_questions(make_summary, short_pdf):
    summary = make_summary()
    text = flat("\n".join(pages_text(short_pdf)))
    assert PATIENT_NAME in text
    assert "C5-C6" in text
    assert labels.SECTION_RISKS in text
    table = text.split(labels.SECTION_RISKS, 1)[1]
    for risk in summary.risks_discussed + summary.risks_not_discussed:
        assert flat(risk.name) in table
        figure = f"{risk.frequency[0].upper()}{risk.frequency[1:]}"
        assert figure in table, risk.id
    assert table.count(labels.NOT_TALKED_ABOUT) >= len(summary.risks_not_discussed)
    for qa in summary.questions:
        assert qa.question in text
        assert all(flat(part) in text for part in qa.answer.split("\n\n"))
    assert "Page 1 of " in text


@pytest.mark.parametrize(
    "name", ["Zoë Łukasiewicz-Ødegård", "Σοφία Παπαδοπούλου", "Анна Кузнецова"]
)
def test_unicode_names_come_back_exactly(make_summary, name):
    summary = make_summary(
        patient=PatientDetails(name, make_summary().patient.date_of_birth, "M-1")
    )
    pages = pages_text(render_summary_pdf(summary))
    for page in pages:
        assert any(line.startswith(f"{name} · born ") for line in page.splitlines())


def test_every_font_is_embedded_and_none_is_a_standard_font(short_pdf):
    reader = PdfReader(io.BytesIO(short_pdf))
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            seen.add(str(font["/BaseFont"]))
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert seen and all("DejaVuSans" in name for name in seen)
    assert b"Helvetica" not in short_pdf


def test_page_count_is_sane(short_pdf):
    count = len(PdfReader(io.BytesIO(short_pdf)).pages)
    assert 2 <= count <= 4


def test_same_summary_renders_byte_identical(make_summary):
    first = render_summary_pdf(make_summary())
    svg_drawing.cache_clear()
    assert render_summary_pdf(make_summary()) == first


@pytest.mark.parametrize(("paper", "size"), [("A4", A4), ("Letter", LETTER)])
def test_paper_size(make_summary, paper, size):
    reader = PdfReader(io.BytesIO(render_summary_pdf(make_summary(paper_size=paper))))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)


def test_draft_mark_on_every_page_and_not_on_a_final_summary(make_summary, short_pdf):
    assert all(labels.DRAFT_MARK in page for page in pages_text(short_pdf))
    final = render_summary_pdf(make_summary(consultation={"status": "final"}))
    assert not any(labels.DRAFT_MARK in page for page in pages_text(final))


def test_every_page_names_patient_ids_and_page_number(make_summary, short_pdf):
    summary = make_summary()
    pages = pages_text(short_pdf)
    for number, page in enumerate(pages, 1):
        text = flat(page)
        assert f"Page {number} of {len(pages)}" in text
        assert f"{PATIENT_NAME} · born 3 April 1958" in text
        assert f"Consultation {summary.consultation.id}" in text
        assert summary.consultation.content_version[:12] in text
        assert summary.consultation.content_version[:13] not in text
        assert summary.document_id in text


def _line_ops(pdf: bytes) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    data = b"".join(page.get_contents().get_data() for page in reader.pages)
    return len(re.findall(rb"[-\d.]+ [-\d.]+ l\b", data))


def test_on_screen_signature_is_drawn_as_vector_paths(make_summary, ink):
    blank = make_summary()
    signed = make_summary(signatures=[Signature("patient", "", None, ink)])
    extra = _line_ops(render_summary_pdf(signed)) - _line_ops(render_summary_pdf(blank))
    assert extra >= sum(len(stroke) - 1 for stroke in ink)


def test_unsigned_blocks_leave_lines_and_labels_for_ink(short_pdf, make_summary):
    text = flat("\n".join(pages_text(short_pdf)))
    for role in ("patient", "surgeon", "witness"):
        assert labels.ROLE_TITLES[role] in text
    assert text.count(labels.PRINTED_NAME) == len(make_summary().signatures)


def test_signed_time_and_date_are_printed(make_summary, ink):
    at = datetime(2025, 3, 12, 13, 50, tzinfo=UTC)
    pdf = render_summary_pdf(make_summary(signatures=[Signature("surgeon", "", at, ink)]))
    text = flat("\n".join(pages_text(pdf)))
    assert labels.format_date(at.astimezone().date()) in text
    assert labels.format_time(at) in text


def test_any_user_text_prints_without_breaking_the_markup(make_summary):
    hostile = "<b>bold?</b> & <i>x</i> \x00nul\x07 \u202eRTL\u202c שלום مرحبا e\u0301 😀 \ud800 end"
    summary = make_summary(
        patient=PatientDetails(hostile, make_summary().patient.date_of_birth, "<MRN&1>"),
        questions=[QuestionAnswer(hostile, hostile + "\n\n" + "x" * 3000)],
    )
    text = "\n".join(pages_text(render_summary_pdf(summary)))
    assert "<b>bold?</b> & <i>x</i>" in text
    assert "<MRN&1>" in text
    assert "nul" in text and "\x00" not in text and "\x07" not in text


def test_missing_font_is_a_content_error_naming_the_file(make_summary, monkeypatch, tmp_path):
    monkeypatch.setattr(styles, "font_dir", lambda: tmp_path)
    with pytest.raises(ContentError, match=r"DejaVuSans\.ttf is missing\. Reinstall ConsultAid"):
        render_summary_pdf(make_summary())


def test_extreme_inputs_render_in_full(make_summary):
    summary = make_summary(
        patient=PatientDetails("Very-Long-Name " * 40, make_summary().patient.date_of_birth, "X"),
        clinic=Clinic("", ()),
        risks_discussed=[],
        alternatives_discussed=[],
        questions=[QuestionAnswer("Why? " * 1500, "ж" * 20_000), QuestionAnswer("", "")],
        teach_back=None,
    )
    pages = pages_text(render_summary_pdf(summary))
    text = "".join("".join(page.split()) for page in pages)
    assert text.count("Why?") == 1500
    assert text.count("ж") == 20_000
    assert all(f"Page {n} of {len(pages)}" in flat(page) for n, page in enumerate(pages, 1))


@pytest.mark.parametrize("note", ["\x08", "\x00\x07", "   \x1b  "])
def test_a_teach_back_note_of_unprintable_characters_only_prints_without_it(make_summary, note):
    from consultaid.consent.document import TeachBack

    pdf = render_summary_pdf(make_summary(teach_back=TeachBack("yes", note)))
    assert pdf.startswith(b"%PDF-")
