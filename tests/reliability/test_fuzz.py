"""Any text a person can type goes through the Store, back out, into the summary and the PDF intact.

Names, notes, questions and answers in any Unicode (right-to-left, combining marks, emoji, NUL,
up to 100 KB): no exception, the text comes back exactly after reopening, and the PDF opens.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from consultaid.consent.pdf import render_summary_pdf
from consultaid.consent.summary import summary_for_consultation
from consultaid.content import load_procedure
from consultaid.errors import InputError
from consultaid.records import Store

SPECIAL = st.sampled_from(
    [
        "\x00",
        "\u202e",  # right-to-left override
        "שלום עולם",
        "مرحبا بالعالم",
        "e\u0301\u0308",  # combining marks
        "👩🏽‍⚕️",
        "🦴",
        "\ufeff",
        "\t\n\r",
        "Zoë Łukasiewicz-Ødegård",
        "Σοφία Παπαδοπούλου",
        "<b>&amp;</b>",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), SPECIAL), max_size=12).map("".join)
NAME = TEXT.filter(lambda t: t.strip() and len(t) <= 200)
MAX_NOTE_BYTES = 100 * 1024

pytestmark = pytest.mark.slow  # 30 examples, each a database and a PDF: several seconds


def _up_to_100_kb(text: str) -> str:
    return text.encode("utf-8")[:MAX_NOTE_BYTES].decode("utf-8", errors="ignore")


LONG = st.builds(lambda unit, n: _up_to_100_kb(unit * n), SPECIAL, st.integers(1, 110_000))


@settings(
    max_examples=int(os.environ.get("CONSULTAID_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(family=NAME, given_names=TEXT, question=TEXT, answer=st.one_of(TEXT, LONG), note=TEXT)
def test_any_text_round_trips_and_prints(
    tmp_path_factory, family, given_names, question, answer, note
):
    procedure = load_procedure()
    path: Path = tmp_path_factory.mktemp("fuzz") / "records.db"
    with Store.open(path) as store:
        try:
            patient = store.add_patient("F-1", family, given_names[:200], date(1970, 1, 1), "other")
        except InputError:
            return
        c = store.start_consultation(
            patient.id, "Dr Fuzz", ("C5-C6",), procedure.id, procedure.content_version
        )
        q = store.add_question(c.id, question, answer)
        store.set_teach_back(c.id, "partly", note)
    with Store.open(path) as store:
        record = store.load_record(c.id)
        assert record.patient.family_name == family
        assert record.patient.given_names == given_names[:200]
        assert record.questions[0].id == q.id
        assert record.questions[0].question == question
        assert record.questions[0].answer == answer
        assert record.teach_back.note == note
        pdf = render_summary_pdf(summary_for_consultation(store, c.id, procedure))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    assert reader.pages[0].extract_text()
