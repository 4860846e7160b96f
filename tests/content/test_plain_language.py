"""Patient-facing text is readable (Flesch-Kincaid grade ≤ 8) and free of marketing claims."""

import re
import statistics

import pytest
import textstat

from consultaid.content import load_procedure
from consultaid.paths import default_pack_dir

MAX_GRADE = 8.0
MARKETING = (
    r"\bsafer\b",
    r"\bsafest\b",
    r"no[- ]cost",
    r"\bfree of charge\b",
    r"\brevolutionary\b",
    r"\bpainless\b",
    r"\bguarantee",
    r"\bstate[- ]of[- ]the[- ]art\b",
    r"\bworld[- ]class\b",
    r"\bthousands of patients\b",
    r"\b\d[\d,]* (?:happy |satisfied )?patients (?:treated|helped)\b",
    r"\blaser spine\b",
)


def patient_texts() -> list[tuple[str, str]]:
    p = load_procedure()
    texts = [("summary", p.summary)]
    texts += [(f"step {s.id}", s.patient_text) for s in p.steps]
    texts += [(f"risk {r.id}", r.explanation) for r in p.risks]
    texts += [(f"alternative {a.id}", a.plain_text) for a in p.alternatives]
    texts += [(f"recovery {r.id}", r.patient_text) for r in p.recovery]
    return texts


@pytest.mark.parametrize(("where", "text"), patient_texts(), ids=lambda v: v[:40])
def test_patient_text_is_grade_8_or_below(where: str, text: str):
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{where}: grade {grade:.1f}"


def test_median_grade_is_reported(capsys: pytest.CaptureFixture[str]):
    grades = [textstat.flesch_kincaid_grade(t) for _, t in patient_texts()]
    median = statistics.median(grades)
    with capsys.disabled():
        print(f"\nFlesch-Kincaid: median grade {median:.1f}, max {max(grades):.1f}")
    assert median <= MAX_GRADE


def test_no_marketing_claims_anywhere_in_the_pack():
    for file in default_pack_dir().rglob("*"):
        if not file.is_file():
            continue
        text = file.read_text(encoding="utf-8").lower()
        for pattern in MARKETING:
            assert not re.search(pattern, text), f"{file.name}: {pattern}"
