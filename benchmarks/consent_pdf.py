"""Consent summary PDF render time, in-process, for issue 5's long consultation.

The long summary has 20 questions with 5 KB answers, all 17 risks and two levels. "Warm" renders
reuse the illustration drawings cached from the previous render of the same SVG (the preview,
print and seal of one consultation); "cold" clears that cache before every render. The baseline is
a bare reportlab PDF of one paragraph, built in the same process and run. Target: warm median
≤ 300 ms. Set RUNS to change the number of renders (at least 5).
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

from consultaid.consent.flowables import svg_drawing
from consultaid.consent.pdf import render_summary_pdf
from consultaid.consent.summary import (
    Clinic,
    ConsentSummary,
    ConsultationDetails,
    PatientDetails,
    QuestionAnswer,
    summary_from_parts,
)
from consultaid.content import load_procedure

RUNS = max(5, int(os.environ.get("RUNS", "7")))


def long_summary() -> ConsentSummary:
    p = load_procedure()
    sentence = "Your surgeon explained what this means for you in the weeks after surgery. "
    answer = (sentence * 70)[:5000]
    return summary_from_parts(
        p,
        patient=PatientDetails("Zoë Łukasiewicz-Ødegård", date(1958, 4, 3), "MRN-004512"),
        consultation=ConsultationDetails(
            id=4242,
            started_at=datetime(2025, 6, 2, 8, 30, tzinfo=UTC),
            surgeon="Dr Amelia Hart",
            levels=("C5-C6", "C6-C7"),
            status="final",
            content_version=p.content_version,
            pack_id=p.id,
            pack_version=p.version,
        ),
        clinic=Clinic("St Aidan's Spine Unit", ("12 Harbour Road", "Exampleton EX1 2AB")),
        risks_discussed=[r.id for r in p.risks],
        alternatives_discussed=[a.id for a in p.alternatives],
        answers={"smoking": True, "multi-level": True},
        questions=[QuestionAnswer(f"Question {n}?", answer) for n in range(1, 21)],
    )


def bare_reportlab() -> bytes:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, invariant=1)
    doc.build([Paragraph("One paragraph of text.", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def timed(action: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    before()
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    from reportlab.lib import rl_accel

    summary = long_summary()
    pdf = render_summary_pdf(summary)
    bare_reportlab()
    baseline = statistics.median(timed(bare_reportlab) for _ in range(RUNS))
    warm = statistics.median(timed(lambda: render_summary_pdf(summary)) for _ in range(RUNS))
    cold = statistics.median(
        timed(lambda: render_summary_pdf(summary), svg_drawing.cache_clear) for _ in range(RUNS)
    )
    accelerated = "C accelerator" if "_py_" not in rl_accel.fp_str.__name__ else "pure Python"
    print(f"long summary: {len(pdf) / 1024:.0f} KB; reportlab {accelerated}; {RUNS} runs each")
    print(f"bare reportlab one-paragraph PDF: median {baseline:.1f} ms")
    print(f"consent summary, warm: median {warm:.1f} ms (target ≤ 300)")
    print(f"consent summary, cold (illustrations re-parsed): median {cold:.1f} ms")
    print(f"ratio warm / bare: {warm / baseline:.1f}; cold / bare: {cold / baseline:.1f}")


if __name__ == "__main__":
    main()
