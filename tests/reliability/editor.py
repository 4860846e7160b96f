"""A stand-in for the app in a child process: autosaved edits through the Store, each reported.

Before each Store call it prints `intent <json>`, and only after the call returned `saved <json>`
(flushed), so the parent knows which edits were reported as saved and which one, at most, was in
flight when it was killed. `python -m tests.reliability.editor crash DB SEED TAG` edits its own
patients until killed; `... window DB SEED TAG --consultation ID --question ID --count N` is one of
two app windows editing one shared consultation.

Each edit is described by `kind`, `key` (what it sets) and `value` (what it sets it to), in the
same JSON shapes `state.py` reads back from the database.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from consultaid.records import Store
from consultaid.strokes import PEN_COLOURS, Stroke

FACTORS = ("myelopathy", "smoker", "diabetes", "bmi", "prior-surgery", "osteoporosis")
RISKS = ("dysphagia", "hoarseness", "infection", "csf-leak", "nonunion", "adjacent", "c5-palsy")
ALTERNATIVES = ("physio", "injection", "watchful-waiting")
STEPS = ("condition", "incision", "decompression", "implant-graft", "recovery")
LEVELS = ("C3-C4", "C4-C5", "C5-C6", "C6-C7", "C7-T1")
# Right-to-left, combining marks, emoji, a NUL, CJK: what a note may hold.
ALPHABET = "abc xyz ÉéŻżß ĳ مرحبا שלום e\u0301 n\u0303 🙂👩🏽‍⚕️ 漢字 \x00 ,.;'\"\n\t"


class Reporter:
    """One line per step, flushed at once: the parent may kill this process at any moment."""

    def intent(self, kind: str, key: list[Any], value: Any) -> None:
        self._line("intent", {"kind": kind, "key": key, "value": value})

    def saved(self, kind: str, key: list[Any], value: Any) -> None:
        self._line("saved", {"kind": kind, "key": key, "value": value})

    def ready(self) -> None:
        """The Store is open: the parent may start both windows' edits together."""
        self._line("ready", {})

    def span(self, first: float, last: float) -> None:
        """When the edits began and ended (the system-wide monotonic clock), to show overlap."""
        self._line("span", {"first": first, "last": last})

    def _line(self, word: str, data: dict[str, Any]) -> None:
        sys.stdout.write(f"{word} {json.dumps(data, ensure_ascii=True)}\n")
        sys.stdout.flush()


def text(rng: random.Random, longest: int) -> str:
    """Up to `longest` characters, mostly short."""
    n = rng.choice([size for size in (0, 1, 5, 40, 300) if size < longest] + [longest])
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, n)))


def strokes(rng: random.Random) -> list[Stroke]:
    return [
        Stroke(
            rng.choice(sorted(PEN_COLOURS)),
            tuple(
                (round(rng.uniform(0, 800), 3), round(rng.uniform(0, 600), 3))
                for _ in range(rng.randint(2, 300))
            ),
            rng.choice((3.0, 6.0, 9.5)),
        )
        for _ in range(rng.randint(0, 4))
    ]


def levels(rng: random.Random) -> list[str]:
    first = rng.randrange(len(LEVELS) - 1)
    return list(LEVELS[first : first + rng.randint(1, 2)])


def answer_value(rng: random.Random) -> Any:
    return rng.choice((True, False, None, 0, 7, 31.5, "yes", "not sure — ask GP", text(rng, 60)))


class CrashEditor:
    """Edits its own patients, consultations and discussion items, at random, forever."""

    def __init__(self, store: Store, rng: random.Random, tag: str, report: Reporter) -> None:
        self.store, self.rng, self.tag, self.report = store, rng, tag, report
        self.patients = 0
        self.patient_id = 0
        self.consultation_id = 0
        self.questions: list[int] = []

    def run(self) -> None:
        self.add_patient()
        self.start_consultation()
        edits: list[tuple[int, Callable[[], None]]] = [
            (8, self.answer),
            (10, self.tick_risk),
            (4, self.tick_alternative),
            (6, self.ask_question),
            (4, self.answer_question),
            (4, self.annotate),
            (2, self.set_levels),
            (2, self.teach_back),
            (1, self.finalize_and_start_again),
            (1, self.new_patient),
        ]
        weights = [w for w, _ in edits]
        actions = [a for _, a in edits]
        deadline = time.monotonic() + 30  # the parent kills far sooner; this only bounds a stray
        while time.monotonic() < deadline:
            self.rng.choices(actions, weights)[0]()

    def add_patient(self) -> None:
        self.patients += 1
        mrn = f"{self.tag}-P{self.patients}"
        family = text(self.rng, 30)
        value = [
            family if family.strip() else f"Doe {family}",
            text(self.rng, 30),
            date(1940 + self.rng.randrange(70), 1 + self.rng.randrange(12), 1).isoformat(),
            self.rng.choice(("female", "male", "other", "unknown")),
        ]
        family, given, born, sex = value
        self.report.intent("patient", [mrn], value)
        patient = self.store.add_patient(mrn, family, given, date.fromisoformat(born), sex)
        self.patient_id = patient.id
        self.report.saved("patient", [mrn], value)

    def start_consultation(self) -> None:
        chosen = levels(self.rng)
        mrn = f"{self.tag}-P{self.patients}"
        self.report.intent("consultation", [mrn, None], chosen)
        c = self.store.start_consultation(
            self.patient_id, "Dr Crash", chosen, "crash-pack", "v-crash"
        )
        self.consultation_id = c.id
        self.questions = []
        self.report.saved("consultation", [mrn, c.id], chosen)

    def answer(self) -> None:
        factor, value = self.rng.choice(FACTORS), answer_value(self.rng)
        self._set("answer", [self.consultation_id, factor], value)
        self.store.set_answer(self.consultation_id, factor, value)
        self.report.saved("answer", [self.consultation_id, factor], value)

    def tick_risk(self) -> None:
        risk, value = self.rng.choice(RISKS), self.rng.random() < 0.6
        self._set("risk", [self.consultation_id, risk], value)
        self.store.set_risk_discussed(self.consultation_id, risk, value)
        self.report.saved("risk", [self.consultation_id, risk], value)

    def tick_alternative(self) -> None:
        alt, value = self.rng.choice(ALTERNATIVES), self.rng.random() < 0.6
        self._set("alternative", [self.consultation_id, alt], value)
        self.store.set_alternative_discussed(self.consultation_id, alt, value)
        self.report.saved("alternative", [self.consultation_id, alt], value)

    def ask_question(self) -> None:
        longest = 20_000 if self.rng.random() < 0.05 else 400
        value = [text(self.rng, longest) or "Why?", text(self.rng, 200)]
        self.report.intent("question", [self.consultation_id, None], value)
        q = self.store.add_question(self.consultation_id, value[0], value[1])
        self.questions.append(q.id)
        self.report.saved("question", [self.consultation_id, q.id], value)

    def answer_question(self) -> None:
        if not self.questions:
            return
        qid = self.rng.choice(self.questions)
        before = self.store.load_record(self.consultation_id)
        question = next(q.question for q in before.questions if q.id == qid)
        value = [question, text(self.rng, 300)]
        self._set("question", [self.consultation_id, qid], value)
        self.store.update_question(qid, answer=value[1])
        self.report.saved("question", [self.consultation_id, qid], value)

    def annotate(self) -> None:
        step, drawn = self.rng.choice(STEPS), strokes(self.rng)
        value = [s.to_data() for s in drawn]
        self._set("annotation", [self.consultation_id, step], value)
        self.store.save_annotation(self.consultation_id, step, drawn)
        self.report.saved("annotation", [self.consultation_id, step], value)

    def set_levels(self) -> None:
        chosen = levels(self.rng)
        self._set("levels", [self.consultation_id], chosen)
        self.store.set_levels(self.consultation_id, chosen)
        self.report.saved("levels", [self.consultation_id], chosen)

    def teach_back(self) -> None:
        value = [self.rng.choice(("yes", "partly", "no")), text(self.rng, 200)]
        self._set("teach_back", [self.consultation_id], value)
        self.store.set_teach_back(self.consultation_id, *value)
        self.report.saved("teach_back", [self.consultation_id], value)

    def finalize_and_start_again(self) -> None:
        self._set("status", [self.consultation_id], "final")
        self.store.finalize(self.consultation_id, "Dr Crash")
        self.report.saved("status", [self.consultation_id], "final")
        self.start_consultation()

    def new_patient(self) -> None:
        self.add_patient()
        self.start_consultation()

    def _set(self, kind: str, key: list[Any], value: Any) -> None:
        self.report.intent(kind, key, value)


def run_window(store: Store, args: argparse.Namespace, report: Reporter) -> None:
    """One of two windows on one consultation: its own risks, answers and questions, and one
    half of a question both windows edit (this one its text, the other its answer)."""
    rng = random.Random(args.seed)
    cid, shared, tag = args.consultation, args.question, args.tag
    go = Path(args.go) if args.go else None
    report.ready()
    deadline = time.monotonic() + 60  # the parent says go within a second; this bounds a stray
    while go is not None and not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"window {tag}: never told to go")
        time.sleep(0.002)
    mine: list[int] = []
    started = time.monotonic()
    for i in range(args.count):
        roll = rng.random()
        if roll < 0.3:
            risk, value = f"{tag}-risk-{rng.randrange(5)}", rng.random() < 0.5
            store.set_risk_discussed(cid, risk, value)
            report.saved("risk", [cid, risk], value)
        elif roll < 0.45:
            factor, value = f"{tag}-factor-{rng.randrange(4)}", answer_value(rng)
            store.set_answer(cid, factor, value)
            report.saved("answer", [cid, factor], value)
        elif roll < 0.6:
            value = [f"{tag} question {i}: {text(rng, 200)}", ""]
            q = store.add_question(cid, *value)
            mine.append(q.id)
            report.saved("question", [cid, q.id], value)
        elif roll < 0.7 and mine:
            qid = rng.choice(mine)
            q = store.update_question(qid, answer=f"{tag} answer {i}")
            report.saved("question", [cid, qid], [q.question, q.answer])
        elif roll < 0.85:
            field = "question" if tag == "A" else "answer"
            q = store.update_question(shared, **{field: f"{tag} says {i}"})
            report.saved(f"shared-{field}", [cid, shared], f"{tag} says {i}")
        else:
            store.load_record(cid)  # a window refreshing its view between edits
    report.span(started, time.monotonic())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("crash", "window"))
    parser.add_argument("db", type=Path)
    parser.add_argument("seed", type=int)
    parser.add_argument("tag")
    parser.add_argument("--consultation", type=int, default=0)
    parser.add_argument("--question", type=int, default=0)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--go", default="")
    args = parser.parse_args(argv)
    report = Reporter()
    with Store.open(args.db, actor=f"window-{args.tag}") as store:
        if args.mode == "crash":
            CrashEditor(store, random.Random(args.seed), args.tag, report).run()
        else:
            run_window(store, args, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
