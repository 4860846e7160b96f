"""Patient-facing text is readable (Flesch-Kincaid grade ≤ 8) and free of marketing claims."""

import re
import statistics

import pytest
import textstat

from consultaid.content import load_procedure
from consultaid.content.selection import step_text
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
    """Every text a patient reads: as written, and each variant the recorded facts can choose."""
    p = load_procedure()
    texts = [("summary", p.summary)]
    texts += [(f"step {s.id}", s.patient_text) for s in p.steps]
    texts += [(f"step {s.id} variant {v.slot}", v.text) for s in p.steps for v in s.variants]
    texts += [(f"risk {r.id}", r.explanation) for r in p.risks]
    texts += [(f"risk {r.id} more likely", m.text) for r in p.risks for m in r.more_likely]
    texts += [(f"benefit {b.id}", b.patient_text) for b in p.benefits]
    texts += [(f"benefit {b.id} variant", v.text) for b in p.benefits for v in b.variants]
    texts += [(f"alternative {a.id}", a.plain_text) for a in p.alternatives]
    texts += [(f"recovery {r.id}", r.patient_text) for r in p.recovery]
    texts += [(f"recovery default {d.id}", d.default) for d in p.recovery_defaults]
    return [(where, text) for where, text in texts if text.strip()]


def chosen_step_texts() -> list[tuple[str, str]]:
    """The condition step as each recorded MRI finding makes it read."""
    p = load_procedure()
    findings = [{}, *({"mri-signal": c} for c in p.factor("mri-signal").choices)]
    findings.append({"mri-signal": "t2-only", "t2-multisegmental": True})
    return [(f"condition {f}", step_text(p, "condition", f, levels_text="C5-C6")) for f in findings]


@pytest.mark.parametrize(("where", "text"), patient_texts(), ids=lambda v: v[:40])
def test_patient_text_is_grade_8_or_below(where: str, text: str):
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{where}: grade {grade:.1f}"


@pytest.mark.parametrize(("where", "text"), chosen_step_texts(), ids=lambda v: v[:40])
def test_the_text_each_mri_finding_chooses_is_grade_8_or_below(where: str, text: str):
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{where}: grade {grade:.1f}"
    assert "soft" not in text.lower() and "myelomalacia" not in text.lower(), where


def test_patient_text_has_no_decimals_and_explains_its_jargon():
    texts = patient_texts()
    for where, text in texts:
        assert not re.search(r"\d\.\d", text), f"{where}: say 'about N in 100', not a decimal"
    summary = load_procedure().summary.lower()
    for word, meaning in (
        ("myelopathy", "myelopathy means"),
        ("vertebrae", "called vertebrae"),
        ("bone graft", "bone graft is"),
        ("plate", "metal plate"),
    ):
        assert word in summary and meaning in summary, word


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
