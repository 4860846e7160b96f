"""A patient copy: the stamp on every page of a copy, the document's own text and pages kept."""

from __future__ import annotations

import io

from pypdf import PdfReader

from consultaid.consent.pdf import render_summary_pdf
from consultaid.consent.stamp import stamped
from tests.consent.conftest import PATIENT_NAME


def texts(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_of_the_copy_carries_the_stamp_and_all_it_had(make_summary):
    original = render_summary_pdf(make_summary())
    copy = stamped(original, "Patient copy")
    before, after = texts(original), texts(copy)
    assert len(after) == len(before) > 1
    for old, new in zip(before, after, strict=True):
        assert "Patient copy" not in old
        assert "Patient copy" in new
        assert PATIENT_NAME in old and PATIENT_NAME in new
    assert copy != original
