"""The long consultation of issue 5 paginates cleanly: footers everywhere, no lone heading."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import pytest
from pypdf import PdfReader

from consultaid.consent.pdf import render_with_layout


def test_long_consultation_renders_with_a_footer_on_every_page(long_summary):
    pdf, _placed = render_with_layout(long_summary)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 20
    for number, page in enumerate(pages, 1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {len(pages)}" in text
        assert long_summary.document_id in text
        assert "Consultation 4242" in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("which", ["long", "short"])
def test_no_page_ends_with_a_heading(long_summary, make_summary, which, paper):
    summary = long_summary if which == "long" else make_summary()
    _pdf, placed = render_with_layout(replace(summary, paper_size=paper))
    drawn = [p for p in placed if p.kind != "space"]
    headings = [i for i, p in enumerate(drawn) if p.kind == "heading"]
    assert len(headings) > (20 + 8 if which == "long" else 8)
    for i in headings:
        following = drawn[i + 1] if i + 1 < len(drawn) else None
        assert following is not None and following.page == drawn[i].page, (
            f"heading {drawn[i].text!r} ends page {drawn[i].page}"
        )


def test_long_answers_flow_on_instead_of_leaving_half_empty_pages(long_summary):
    _pdf, placed = render_with_layout(long_summary)
    drawn = [p for p in placed if p.kind != "space"]
    questions = [i for i, p in enumerate(drawn) if p.text.startswith("Question ")]
    assert len(questions) == len(long_summary.questions)
    in_answers = drawn[questions[0] : questions[-1]]
    last_on_page = [a for a, b in itertools.pairwise(in_answers) if b.page != a.page]
    assert last_on_page
    # A page may end early only by less than a question heading plus three lines of answer.
    for item in last_on_page:
        assert item.space_below < 90, f"page {item.page} ends {item.space_below:.0f} pt early"


def test_every_answer_is_printed_in_full(long_summary):
    pdf, _ = render_with_layout(long_summary)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    words = long_summary.questions[0].answer.split()
    assert text.count(" ".join(words[:8])) >= len(long_summary.questions)
