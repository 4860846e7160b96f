"""What the editor reported as saved, and what the database holds, in one comparable shape.

A state maps a key (what was set: a patient, a risk's tick, a question…) to its value, both as
canonical JSON text, so "everything reported is there, and nothing else changed" is one equality.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from consultaid.records import Store

State = dict[str, str]
Edit = dict[str, Any]


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=True)


def parse_report(output: str) -> tuple[list[Edit], Edit | None]:
    """The edits reported as saved, in order, and the one in flight when the editor died (if any).

    A last line without its newline was cut off mid-write: it was not reported.
    """
    saved: list[Edit] = []
    pending: Edit | None = None
    for line in output.split("\n")[:-1]:
        word, _, data = line.partition(" ")
        edit = json.loads(data)
        if word == "intent":
            pending = edit
        elif word == "saved":
            saved.append(edit)
            pending = None
    return saved, pending


def span_of(output: str) -> tuple[float, float]:
    """When a window's edits began and ended, from its last line."""
    word, _, data = output.strip().splitlines()[-1].partition(" ")
    assert word == "span", word
    times = json.loads(data)
    return times["first"], times["last"]


def mrns_of(edits: Iterable[Edit]) -> set[str]:
    return {e["key"][0] for e in edits if e["kind"] == "patient"}


def apply(state: State, edit: Edit) -> State:
    """The state after one edit (a new consultation or question carries its id in `key`)."""
    new = dict(state)
    kind, key, value = edit["kind"], edit["key"], edit["value"]
    if kind == "consultation":
        mrn, cid = key
        new[canonical(["consultation", cid])] = canonical(mrn)
        new[canonical(["levels", cid])] = canonical(value)
        new[canonical(["status", cid])] = canonical("draft")
    else:
        new[canonical([kind, *key])] = canonical(value)
    return new


def expected(saved: list[Edit]) -> State:
    state: State = {}
    for edit in saved:
        state = apply(state, edit)
    return state


def with_pending(before: State, pending: Edit | None, observed: State) -> State | None:
    """The state had the in-flight edit been saved; a new row's id is taken from `observed`."""
    if pending is None:
        return None
    edit = dict(pending)
    kind, key = edit["kind"], list(edit["key"])
    if kind in ("consultation", "question") and key[1] is None:
        prefix = ["consultation"] if kind == "consultation" else ["question", key[0]]
        new_ids = [
            json.loads(k)[len(prefix)]
            for k in observed.keys() - before.keys()
            if json.loads(k)[: len(prefix)] == prefix
        ]
        if len(new_ids) != 1:
            return None
        key[1] = new_ids[0]
        edit["key"] = key
    return apply(before, edit)


def observe(store: Store, mrns: Iterable[str]) -> State:
    """Everything the database holds for these patients, in the shape `expected` builds."""
    state: State = {}

    def put(key: list[Any], value: Any) -> None:
        state[canonical(key)] = canonical(value)

    for mrn in sorted(mrns):
        patient = store.patient_by_mrn(mrn)
        if patient is None:
            continue
        put(
            ["patient", mrn],
            [
                patient.family_name,
                patient.given_names,
                patient.date_of_birth.isoformat(),
                patient.sex,
            ],
        )
        for consultation in store.list_consultations(patient.id):
            record = store.load_record(consultation.id)
            cid = consultation.id
            put(["consultation", cid], mrn)
            put(["levels", cid], list(record.consultation.levels))
            put(["status", cid], record.consultation.status)
            for a in record.answers:
                put(["answer", cid, a.factor_id], a.value)
            for r in record.risks:
                put(["risk", cid, r.risk_id], r.discussed)
            for alt in record.alternatives:
                put(["alternative", cid, alt.alternative_id], alt.discussed)
            for q in record.questions:
                put(["question", cid, q.id], [q.question, q.answer])
            for n in record.annotations:
                put(["annotation", cid, n.step_id], [s.to_data() for s in n.strokes])
            if record.teach_back is not None:
                put(["teach_back", cid], [record.teach_back.result, record.teach_back.note])
    return state


def difference(observed: State, wanted: State) -> list[str]:
    """A short account of how two states differ, for an assertion message."""
    lines = [f"missing {k}" for k in wanted.keys() - observed.keys()]
    lines += [f"unexpected {k}" for k in observed.keys() - wanted.keys()]
    lines += [
        f"{k}: found {observed[k][:80]} wanted {wanted[k][:80]}"
        for k in wanted.keys() & observed.keys()
        if observed[k] != wanted[k]
    ]
    return sorted(lines)[:10]
