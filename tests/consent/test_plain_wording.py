"""The documents' own sentences (resources/documents/wording.toml) read at grade 8 or below, as
the pack's patient text does (same measure and limit as tests/content/test_plain_language.py)."""

from __future__ import annotations

import re

import pytest
import textstat

from consultaid.consent import labels
from tests.content.test_plain_language import MARKETING, MAX_GRADE

# Keys whose values are for the surgeon's record or machine use, not sentences a patient reads.
NOT_SENTENCES = {"footer_ids", "footer_patient", "footer_page", "procedure_at", "mjoa"}


def sentences() -> list[tuple[str, str]]:
    """Every string in the wording file with at least one full sentence (four words or more and
    a closing stop), including the glossary's meanings and the tables' values."""
    found: list[tuple[str, str]] = []

    def visit(key: str, value: object) -> None:
        if isinstance(value, str):
            text = re.sub(r"\{[a-z_]+\}", "Anna", value)
            if len(text.split()) >= 4 and text.rstrip().endswith((".", "?", ":")):
                found.append((key, text))
        elif isinstance(value, dict):
            for k, v in value.items():
                visit(f"{key}.{k}", v)
        elif isinstance(value, list):
            for n, v in enumerate(value):
                visit(f"{key}[{n}]", v)

    for key, value in labels.wording().items():
        if key not in NOT_SENTENCES:
            visit(key, value)
    return found


def test_the_wording_file_has_the_sentences_the_documents_print():
    keys = {key.split(".")[0].split("[")[0] for key, _ in sentences()}
    for wanted in (
        "statement_capacity",
        "statement_voluntary",
        "statement_change_mind",
        "statement_trainees",
        "statement_interpreter",
        "graft_hip_note",
        "risk_table_intro",
        "leaflet_intro",
        "glossary",
    ):
        assert wanted in keys


@pytest.mark.parametrize(("where", "text"), sentences(), ids=lambda v: v[:40])
def test_document_sentence_is_grade_8_or_below(where: str, text: str):
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{where}: grade {grade:.1f}: {text}"


def test_no_decimals_or_marketing_in_the_documents_own_words():
    for where, text in sentences():
        assert not re.search(r"\d\.\d", text), where
        for pattern in MARKETING:
            assert not re.search(pattern, text.lower()), where
