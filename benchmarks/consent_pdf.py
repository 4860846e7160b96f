"""Consent summary PDF render time, in-process, for issue 5's long consultation.

The long summary has 20 questions with 5 KB answers, all 17 risks and two levels. "Warm" renders
reuse the illustration drawings kept in memory from the previous render of the same SVG (the
preview, print and seal of one consultation); "cold" forgets them before every render (the first
render in a process: nothing is kept on disk). The baseline is
a bare reportlab PDF of one paragraph, built in the same process and run. Target: median
≤ 300 ms. Set RUNS to change the number of renders (at least 5).
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from consultaid.consent.flowables import svg_drawing
from consultaid.consent.pdf import render_leaflet_pdf, render_summary_pdf
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


BARE_SCRIPT = """
import sys
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
doc = SimpleDocTemplate(sys.argv[1], invariant=1)
doc.build([Paragraph("One paragraph of text.", getSampleStyleSheet()["Normal"])])
"""


def long_record(folder: Path) -> tuple[Path, int]:
    """A database holding the long consultation as a draft (so every run renders it anew)."""
    from consultaid.records import Store

    p = load_procedure()
    db = folder / "long.db"
    with Store.open(db) as store:
        patient = store.add_patient(
            "MRN-004512", "Łukasiewicz-Ødegård", "Zoë", date(1958, 4, 3), "female"
        )
        c = store.start_consultation(
            patient.id, "Dr Amelia Hart", ("C5-C6", "C6-C7"), p.id, p.content_version
        )
        for risk in p.risks:
            store.set_risk_discussed(c.id, risk.id, True)
        answer = ("Your surgeon explained what this means for you after surgery. " * 80)[:5000]
        for n in range(1, 21):
            store.add_question(c.id, f"Question {n}?", answer)
    return db, c.id


def process_times(folder: Path, command: str) -> tuple[float, float]:
    """Median wall time of `consultaid <command>` (summary: the consent form, or leaflet) and of
    a bare reportlab script, run alike."""
    db, cid = long_record(folder)
    summary_cmd = [
        sys.executable,
        "-m",
        "consultaid",
        command,
        str(cid),
        "--db",
        str(db),
        "--out",
        str(folder / "summary.pdf"),
    ]
    bare_cmd = [sys.executable, "-c", BARE_SCRIPT, str(folder / "bare.pdf")]

    def run(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return (time.perf_counter() - start) * 1000

    run(summary_cmd)
    run(bare_cmd)
    whole = statistics.median(run(summary_cmd) for _ in range(5))
    bare = statistics.median(run(bare_cmd) for _ in range(5))
    return whole, bare


def main() -> None:
    from pypdf import PdfReader
    from reportlab.lib import rl_accel

    summary = long_summary()
    bare_reportlab()
    baseline = statistics.median(timed(bare_reportlab) for _ in range(RUNS))
    accelerated = "C accelerator" if "_py_" not in rl_accel.fp_str.__name__ else "pure Python"
    print(f"reportlab {accelerated}; {RUNS} runs each")
    print(f"bare reportlab one-paragraph PDF: median {baseline:.1f} ms")
    for name, render in (("consent form", render_summary_pdf), ("leaflet", render_leaflet_pdf)):
        pdf = render(summary)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        warm = statistics.median(timed(lambda r=render: r(summary)) for _ in range(RUNS))
        first = statistics.median(
            timed(lambda r=render: r(summary), svg_drawing.cache_clear) for _ in range(RUNS)
        )
        print(f"{name}: {pages} pages, {len(pdf) / 1024:.0f} KB")
        print(f"  again in the same process: median {warm:.1f} ms (target ≤ 300)")
        print(f"  pictures converted anew: median {first:.1f} ms (target ≤ 300)")
        print(f"  ratio to bare: {warm / baseline:.0f} / {first / baseline:.0f}")
    for command in ("summary", "leaflet"):
        whole, bare = process_times(Path(tempfile.mkdtemp()), command)
        print(
            f"whole `consultaid {command}` process: median {whole:.0f} ms; "
            f"bare reportlab script process: {bare:.0f} ms; ratio {whole / bare:.2f} (target ≤ 4)"
        )


if __name__ == "__main__":
    main()
