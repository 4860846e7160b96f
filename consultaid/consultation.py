"""The consultation's use-cases: the one way the app and the command line change a record.

`Consultations` holds the open consultation and is the only owner of the levels and drawings on
screen. Each operation writes through the Store in its own transaction and returns an `Outcome`
saying what was saved and which parts changed, so the views refresh only those. Wrong input is
refused with a sentence; when the database itself fails (disk full, read only, locked) the edit is
queued in order and `retry()` saves it later, while the screen keeps showing it. Finalizing seals
the consent summary rendered with the pack the consultation is held with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from consultaid.assessment import age_on
from consultaid.changes import NO_CHANGES, Changes, Outcome, Part, Status, refused
from consultaid.completeness import Readiness, readiness
from consultaid.content.model import Procedure
from consultaid.errors import ConsultAidError, DatabaseError, InputError, StaleEdit
from consultaid.levels import DEFAULT_LEVELS, parse_levels
from consultaid.logs import log
from consultaid.records import (
    Annotation,
    Consultation,
    ConsultationRecord,
    Document,
    Patient,
    Store,
)
from consultaid.strokes import StepDrawings, Stroke

T = TypeVar("T")

FINAL_REFUSAL = (
    "This consultation is final and cannot be changed. Record a correction as an amendment."
)
PAST_REFUSAL = (
    "This draft is from an earlier day and is shown read only. Finalize it as it stands, or "
    "start a new consultation."
)
PENDING_REFUSAL = (
    "Some changes are not saved yet. Wait until they are saved (ConsultAid keeps trying), then "
    "try again."
)
NO_SURGEON = "The surgeon's name is not set. Enter it in File → Settings, then start again."


@dataclass(frozen=True)
class _Edit:
    """One queued write: what it is called, which parts it changes, and the write itself."""

    name: str
    parts: Changes
    write: Callable[[], Any]


class Consultations:
    """The open consultation and its use-cases; Qt-free, shared by the UI, the CLI and tests.

    With no Store (the walkthrough on its own) levels and drawings are kept on screen only.
    """

    def __init__(
        self,
        store: Store | None,
        procedure: Procedure,
        *,
        surgeon: str = "",
        today: Callable[[], date] = date.today,
        signing_folder: Path | None = None,
    ) -> None:
        self.store = store
        self.procedure = procedure
        self.surgeon = surgeon
        # Where the clinic's signing key lives (paths.signing_dir()); None: documents are sealed
        # unsigned (tests, and the walkthrough without records).
        self.signing_folder = signing_folder
        self._today = today
        self.record: ConsultationRecord | None = None
        self.pending: list[_Edit] = []
        self.pending_reason = ""
        self.levels: tuple[str, ...] = DEFAULT_LEVELS
        self.drawings = StepDrawings()

    # What is open ---------------------------------------------------------------------------

    @property
    def consultation_id(self) -> int | None:
        return self.record.consultation.id if self.record else None

    @property
    def patient(self) -> Patient | None:
        return self.record.patient if self.record else None

    @property
    def is_final(self) -> bool:
        return bool(self.record and self.record.consultation.is_final)

    @property
    def is_past(self) -> bool:
        """A draft from an earlier day: read only, so an old record is not changed by chance."""
        if self.record is None or self.record.consultation.is_final:
            return False
        return self.record.consultation.started_at.astimezone().date() < self._today()

    @property
    def editable(self) -> bool:
        return self.record is not None and not self.is_final and not self.is_past

    @property
    def can_draw(self) -> bool:
        """Drawing is free with no consultation open, and saved while a draft is editable."""
        return self.record is None or self.editable

    def patient_age(self) -> int | None:
        """The patient's age on the (local) day of the consultation."""
        if self.record is None:
            return None
        on = self.record.consultation.started_at.astimezone().date()
        return age_on(self.record.patient.date_of_birth, on)

    def answers(self) -> dict[str, Any]:
        record = self.record
        return {a.factor_id: a.value for a in record.answers} if record else {}

    def drafts_today(self, patient_id: int) -> tuple[Consultation, ...]:
        """The patient's drafts started today, so a second one is not started by mistake."""
        store = self._require_store()
        today = self._today()
        return tuple(
            c
            for c in store.list_consultations(patient_id)
            if not c.is_final and c.started_at.astimezone().date() == today
        )

    # Opening and closing ----------------------------------------------------------------------

    def open(self, consultation_id: int) -> Outcome[ConsultationRecord]:
        if self.pending:
            return refused(PENDING_REFUSAL)
        try:
            record = self._require_store().load_record(consultation_id)
        except ConsultAidError as exc:
            return refused(str(exc))
        self._show(record)
        log.info("consultation %d opened", consultation_id)
        return Outcome(Status.DONE, Changes.record(), record)

    def start(self, patient_id: int) -> Outcome[ConsultationRecord]:
        """A new draft for the patient, by the surgeon set on this computer, at the levels shown."""
        if self.pending:
            return refused(PENDING_REFUSAL)
        if not self.surgeon.strip():
            return refused(NO_SURGEON)
        store = self._require_store()
        # The levels chosen with nothing open carry over; another patient's never do.
        levels = self.levels if self.record is None else DEFAULT_LEVELS
        try:
            consultation = store.start_consultation(
                patient_id,
                self.surgeon.strip(),
                levels,
                self.procedure.id,
                self.procedure.content_version,
            )
        except ConsultAidError as exc:
            return refused(str(exc))
        log.info("consultation %d started", consultation.id)
        return self.open(consultation.id)

    def close(self) -> Outcome[None]:
        """Nothing of this patient stays: record, levels and drawings go back to a blank start."""
        if self.pending:
            return refused(PENDING_REFUSAL)
        if self.record is not None:
            log.info("consultation %d closed", self.record.consultation.id)
        self.record = None
        self.levels = DEFAULT_LEVELS
        self.drawings = StepDrawings()
        return Outcome(Status.DONE, Changes.record())

    def replace_store(self, store: Store) -> Outcome[None]:
        """After a restore: the new file, nothing open, nothing of the old file kept."""
        self.pending.clear()
        self.pending_reason = ""
        self.store = store
        return self.close()

    def reload(self) -> Outcome[ConsultationRecord]:
        """Read the open record again (what another window saved); levels and drawings follow."""
        if self.record is None:
            return Outcome(Status.DONE)
        if self.pending:
            return refused(PENDING_REFUSAL)
        try:
            record = self._require_store().load_record(self.record.consultation.id)
        except ConsultAidError as exc:
            return refused(str(exc))
        self._show(record)
        return Outcome(Status.DONE, Changes.of(*_ALL_BUT_RECORD), record)

    def _show(self, record: ConsultationRecord) -> None:
        self.record = record
        self.levels = record.consultation.levels
        self.drawings = StepDrawings({a.step_id: a.strokes for a in record.annotations})

    # The walkthrough's levels and drawings ---------------------------------------------------

    def set_levels(self, levels: Sequence[str]) -> Outcome[Consultation]:
        try:
            levels = parse_levels(tuple(levels))
        except InputError as exc:
            return refused(str(exc), Changes.of(Part.LEVELS))
        if levels == self.levels:
            return Outcome(Status.DONE)
        if self.record is None:
            self.levels = levels
            return Outcome(Status.DONE, Changes.of(Part.LEVELS))
        previous = self.levels
        self.levels = levels
        outcome = self._save(
            "set_levels",
            Changes.of(Part.LEVELS),
            lambda cid: self._store.set_levels(cid, levels),
            lambda record, c: replace(record, consultation=c),
        )
        if outcome.refused:
            self.levels = previous
        return _shown_while_queued(outcome, Part.LEVELS)

    def add_stroke(self, step_id: str, stroke: Stroke) -> Outcome:
        """A stroke is appended to what is stored, so another window's strokes are kept."""
        return self._draw(
            step_id,
            lambda: (self.drawings.add(step_id, stroke), True)[1],
            lambda cid, _before: self._store.append_stroke(cid, step_id, stroke),
        )

    def undo_stroke(self, step_id: str) -> Outcome:
        return self._draw(step_id, lambda: self.drawings.undo(step_id))

    def clear_drawing(self, step_id: str) -> Outcome:
        return self._draw(step_id, lambda: self.drawings.clear(step_id))

    def _draw(
        self,
        step_id: str,
        change: Callable[[], bool],
        write: Callable[[int, tuple[Stroke, ...]], Annotation] | None = None,
    ) -> Outcome:
        """Undo and clear replace the step's drawing only if it is still the one shown here."""
        if self.record is not None and not self.editable:
            return refused(self._read_only_reason(), Changes.of(Part.DRAWINGS))
        before = self.drawings.strokes(step_id)
        if not change():
            return Outcome(Status.DONE)
        if self.record is None:
            return Outcome(Status.DONE, Changes.of(Part.DRAWINGS))
        strokes = self.drawings.strokes(step_id)
        store = self._require_store()

        def replace_drawing(cid: int, seen: tuple[Stroke, ...] | None) -> Annotation:
            if seen is None:
                return store.save_annotation(cid, step_id, strokes)
            return store.save_annotation(cid, step_id, strokes, expected=seen)

        save = write or replace_drawing
        outcome = self._save(
            "save_annotation",
            Changes.of(Part.DRAWINGS),
            lambda cid: save(cid, before),
            lambda record, a: replace(
                record,
                annotations=_merge(record.annotations, a, lambda x: x.step_id == a.step_id),
            ),
            unchecked=lambda cid: save(cid, None),
        )
        if outcome.refused and self.record is not None:
            self.drawings = StepDrawings({a.step_id: a.strokes for a in self.record.annotations})
        elif outcome.status is Status.DONE and outcome.value is not None:
            self.drawings.show_saved(step_id, outcome.value.strokes)
        return _shown_while_queued(outcome, Part.DRAWINGS)

    def record_visit(self, step_id: str, seconds: float) -> Outcome:
        """The time spent on a step, kept only for an editable draft."""
        if not self.editable or seconds < 1:
            return Outcome(Status.DONE)
        return self._save(
            "record_step_visit",
            Changes.of(Part.VISITS),
            lambda cid: self._store.record_step_visit(cid, step_id, seconds),
            lambda record, v: replace(record, step_visits=(*record.step_visits, v)),
        )

    # The discussion -------------------------------------------------------------------------

    def tick_risk(self, risk_id: str, discussed: bool) -> Outcome:
        if risk_id not in {r.id for r in self.procedure.risks}:
            return _not_in_pack("risk", risk_id)
        return self._save(
            "set_risk_discussed",
            Changes.of(Part.RISKS),
            lambda cid: self._store.set_risk_discussed(cid, risk_id, discussed),
            lambda record, r: replace(
                record, risks=_merge(record.risks, r, lambda x: x.risk_id == r.risk_id)
            ),
        )

    def tick_alternative(self, alternative_id: str, discussed: bool) -> Outcome:
        if alternative_id not in {a.id for a in self.procedure.alternatives}:
            return _not_in_pack("alternative", alternative_id)
        return self._save(
            "set_alternative_discussed",
            Changes.of(Part.ALTERNATIVES),
            lambda cid: self._store.set_alternative_discussed(cid, alternative_id, discussed),
            lambda record, a: replace(
                record,
                alternatives=_merge(
                    record.alternatives, a, lambda x: x.alternative_id == a.alternative_id
                ),
            ),
        )

    def answer(self, factor_id: str, value: Any) -> Outcome:
        """A candidacy factor, or a fact kept with them (interpreter, representative)."""
        if self.record is not None and self.record.answer(factor_id) == value:
            return Outcome(Status.DONE)
        return self._save(
            "set_answer",
            Changes.of(Part.ANSWERS),
            lambda cid: self._store.set_answer(cid, factor_id, value),
            lambda record, a: replace(
                record, answers=_merge(record.answers, a, lambda x: x.factor_id == a.factor_id)
            ),
        )

    def add_question(self, question: str = "", answer: str = "") -> Outcome:
        return self._save(
            "add_question",
            Changes.of(Part.QUESTIONS),
            lambda cid: self._store.add_question(cid, question, answer),
            lambda record, q: replace(record, questions=(*record.questions, q)),
        )

    def update_question(
        self, question_id: int, *, question: str | None = None, answer: str | None = None
    ) -> Outcome:
        return self._save(
            "update_question",
            Changes.of(Part.QUESTIONS),
            lambda _cid: self._store.update_question(question_id, question=question, answer=answer),
            lambda record, q: replace(
                record, questions=_merge(record.questions, q, lambda x: x.id == q.id)
            ),
        )

    def set_teach_back(self, result: str | None = None, note: str | None = None) -> Outcome:
        """The teach-back result and note; either may be left as it is (None)."""
        current = self.record.teach_back if self.record else None
        result = result or (current.result if current else None)
        if result is None:
            return Outcome(Status.DONE)
        note = note if note is not None else (current.note if current else "")
        if current is not None and (current.result, current.note) == (result, note):
            return Outcome(Status.DONE)
        seen = (current.result, current.note) if current is not None else None
        return self._save(
            "set_teach_back",
            Changes.of(Part.TEACH_BACK),
            lambda cid: self._store.set_teach_back(cid, result, note, expected=seen),
            lambda record, t: replace(record, teach_back=t),
            unchecked=lambda cid: self._store.set_teach_back(cid, result, note),
        )

    def sign(
        self,
        role: str,
        printed_name: str,
        strokes: Sequence[Stroke],
        *,
        relationship: str = "",
        language: str = "",
    ) -> Outcome:
        return self._save(
            "save_signature",
            Changes.of(Part.SIGNATURES),
            lambda cid: self._store.save_signature(
                cid, role, printed_name, strokes, relationship=relationship, language=language
            ),
            lambda record, s: replace(
                record, signatures=_merge(record.signatures, s, lambda x: x.role == s.role)
            ),
        )

    # Finalizing, amending, printing ----------------------------------------------------------

    def readiness(self) -> Readiness:
        """What blocks finalizing (signatures) and what is only missing (ticks, teach-back)."""
        if self.record is None:
            return Readiness(("No consultation is open.",), ())
        return readiness(self.procedure, self.record)

    def finalize(self, actor: str | None = None) -> Outcome[Document]:
        """Make the open draft final and seal its consent summary, rendered with this pack."""
        record = self.record
        if record is None:
            return refused("No consultation is open.")
        if record.consultation.is_final:
            return refused("This consultation is already final.")
        if self.pending:
            return refused(PENDING_REFUSAL)
        blocking = self.readiness().blocking
        if blocking:
            return refused("It cannot be finalized yet: " + " ".join(blocking))
        from consultaid.consent.summary import require_pack

        try:
            # Sealed with another pack, the summary would not be what was discussed.
            require_pack(record.consultation, self.procedure)
        except ConsultAidError as exc:
            return refused(str(exc))
        store, cid = self._store, record.consultation.id
        try:
            store.finalize(cid, actor or self.surgeon or store.actor)
        except ConsultAidError as exc:
            return refused(str(exc))
        log.info("consultation %d finalized", cid)
        message = ""
        document = None
        try:
            document = self._seal(cid)
        except ConsultAidError as exc:
            message = (
                f"The consultation is final, but its consent summary could not be stored: {exc} "
                "It will be stored when you next open the consent summary."
            )
        self._reload_after_write()
        return Outcome(
            Status.DONE, Changes.of(Part.STATUS, Part.DOCUMENTS, Part.LEVELS), document, message
        )

    def amend(self, target: Any, value: Any, key: str, reason: str, author: str) -> Outcome:
        """Correct a final consultation with a reason, then seal a summary that supersedes it."""
        record = self.record
        if record is None or not record.consultation.is_final:
            return refused("Only a final consultation is corrected by an amendment.")
        cid = record.consultation.id
        try:
            amendment = self._store.amend(cid, target, value, key=key, reason=reason, author=author)
        except ConsultAidError as exc:
            return refused(str(exc))
        log.info("amendment saved (consultation %d)", cid)
        message = ""
        try:
            self._seal(cid)
        except ConsultAidError as exc:
            message = (
                f"The amendment is saved, but the new summary could not be stored: {exc} "
                "It will be stored when you next open the consent summary."
            )
        self._reload_after_write()
        return Outcome(Status.DONE, Changes.of(*_ALL_BUT_RECORD), amendment, message)

    def printable_pdf(self, kind: str = "consent-form") -> bytes:
        """The open consultation's consent form (or its leaflet, `kind` "leaflet"): its sealed
        bytes if final, else a draft.

        Raises ConsultAidError with a sentence when it cannot be made.
        """
        from consultaid.consent.sealing import printable_pdf

        record = self.record
        if record is None:
            raise InputError("No consultation is open; open one to print its consent summary.")
        pdf = printable_pdf(
            self._store, record.consultation.id, self.procedure, kind, self.signing_folder
        )
        if record.consultation.is_final:
            self._reload_after_write()
        return pdf

    def _seal(self, consultation_id: int) -> Document:
        from consultaid.consent.sealing import seal

        return seal(self._store, consultation_id, self.procedure, self.signing_folder)

    def _reload_after_write(self) -> None:
        if self.record is None:
            return
        try:
            self._show(self._store.load_record(self.record.consultation.id))
        except ConsultAidError as exc:
            log.warning("record not reloaded: %s", type(exc).__name__)

    # Patients and clinic settings -------------------------------------------------------------

    def add_patient(self, **values: Any) -> Patient:
        """A new patient; raises InputError naming the field that is wrong."""
        return self._require_store().add_patient(**values)

    def update_patient(self, patient_id: int, **values: Any) -> Outcome[Patient]:
        patient = self._require_store().update_patient(patient_id, **values)
        if self.record is not None and self.record.patient.id == patient_id:
            self.record = replace(self.record, patient=patient)
            return Outcome(Status.DONE, Changes.of(Part.PATIENT), patient)
        return Outcome(Status.DONE, NO_CHANGES, patient)

    def save_settings(self, values: dict[str, Any]) -> Outcome:
        """Clinic settings (only those that differ); a draft's summary follows them."""
        store = self._require_store()
        try:
            for key, value in values.items():
                if store.get_setting(key) != value:
                    store.set_setting(key, value)
        except ConsultAidError as exc:
            return refused(str(exc))
        if self.record is not None and not self.record.consultation.is_final:
            self._reload_after_write()
        return Outcome(Status.DONE, Changes.of(Part.SETTINGS))

    # The hospital's record ----------------------------------------------------------------------

    def export_fhir(self, out: Path) -> Outcome[Path]:
        """The open final consultation as a FHIR transaction Bundle file (owner-only)."""
        from consultaid.fhir.exporting import write_bundle

        record = self.record
        if record is None:
            return refused("No consultation is open; open the consultation to export first.")
        try:
            self._seal_for_export(record.consultation.id)
            written = write_bundle(self._store, record.consultation.id, self.procedure, out)
        except ConsultAidError as exc:
            return refused(str(exc))
        return Outcome(Status.DONE, Changes(), written)

    def send_to_hospital(self, token_folder: Path, consultation_id: int) -> Outcome[Any]:
        """Send a final consultation to the FHIR server set in Settings. Safe to call from a
        worker thread: it reads the record afresh and changes nothing in memory."""
        from consultaid.fhir.exporting import send

        try:
            self._seal_for_export(consultation_id)
            result = send(self._store, consultation_id, self.procedure, token_folder=token_folder)
        except ConsultAidError as exc:
            return refused(str(exc))
        return Outcome(Status.DONE, Changes(), result)

    def _seal_for_export(self, consultation_id: int) -> None:
        """A final consultation never printed has no seal yet; the hospital gets sealed ones."""
        from consultaid.consent.sealing import seal_all

        if self._store.get_consultation(consultation_id).is_final:
            seal_all(self._store, consultation_id, self.procedure, self.signing_folder)

    # Saving, queueing, retrying ---------------------------------------------------------------

    @property
    def _store(self) -> Store:
        return self._require_store()

    def _require_store(self) -> Store:
        if self.store is None:
            raise InputError("No records are open; start ConsultAid with a database.")
        return self.store

    def _read_only_reason(self) -> str:
        return FINAL_REFUSAL if self.is_final else PAST_REFUSAL

    def _save(
        self,
        name: str,
        parts: Changes,
        write: Callable[[int], T],
        patch: Callable[[ConsultationRecord, T], ConsultationRecord],
        *,
        unchecked: Callable[[int], T] | None = None,
    ) -> Outcome[T]:
        """Write one change of the open draft: done, queued behind a failing database, or refused.

        A refusal reports `parts` as changed, so the views go back to what is saved. A write
        made against what another window has since changed is refused and the latest shown.
        Queued writes (`unchecked`, if given) are the user's own latest word once the database
        is back, so they are not checked against what this window saw before the failure.
        """
        record = self.record
        if record is None:
            return refused("No consultation is open; open or start one first.")
        if not self.editable:
            return refused(self._read_only_reason(), parts)
        cid = record.consultation.id
        later = unchecked or write
        edit = _Edit(name, parts, lambda: later(cid))
        if self.pending:
            return self._queue(edit, self.pending_reason)
        try:
            saved = write(cid)
        except StaleEdit as exc:
            log.info("%s refused: changed in another window", name)
            self.reload()
            return refused(str(exc), Changes.of(*_ALL_BUT_RECORD))
        except InputError as exc:
            log.info("%s refused: %s", name, type(exc).__name__)
            return refused(str(exc), parts)
        except DatabaseError as exc:
            log.warning("%s not saved: %s", name, type(exc).__name__)
            return self._queue(edit, str(exc))
        log.info("%s saved (consultation %d)", name, cid)
        if self.record is not None and self.record.consultation.id == cid:
            self.record = patch(self.record, saved)
        return Outcome(Status.DONE, parts, saved)

    def _queue(self, edit: _Edit, reason: str) -> Outcome:
        self.pending.append(edit)
        self.pending_reason = reason
        return Outcome(Status.QUEUED, Changes.of(Part.PENDING), None, reason)

    def retry(self) -> Outcome[list[str]]:
        """Save the queued edits in order. Done when none is left; the refusals are in `value`.

        The record is read again afterwards, so the screen shows what was saved.
        """
        refusals: list[str] = []
        changed = Changes.of(Part.PENDING)
        while self.pending:
            edit = self.pending[0]
            try:
                edit.write()
            except InputError as exc:
                log.info("%s refused on retry: %s", edit.name, type(exc).__name__)
                refusals.append(str(exc))
            except DatabaseError as exc:
                self.pending_reason = str(exc)
                return Outcome(Status.QUEUED, changed, refusals, self.pending_reason)
            else:
                log.info("%s saved on retry", edit.name)
            self.pending.pop(0)
            changed = changed | edit.parts
        self.pending_reason = ""
        if self.record is not None:
            levels, drawings = self.levels, self.drawings
            self._reload_after_write()
            if not refusals:
                # What was queued is now saved; keep the undo history of the drawings.
                self.levels, self.drawings = levels, drawings
        return Outcome(Status.DONE, changed, refusals, " ".join(refusals))


_ALL_BUT_RECORD = tuple(p for p in Part if p is not Part.RECORD)


def _not_in_pack(kind: str, item_id: str) -> Outcome:
    return refused(f"The {kind} {item_id!r} is not in this content pack; nothing was saved.")


def _shown_while_queued(outcome: Outcome[T], part: Part) -> Outcome[T]:
    """Levels and drawings are owned here, so a queued change of them shows at once."""
    return (
        replace(outcome, changes=outcome.changes | Changes.of(part)) if outcome.queued else outcome
    )


def _merge(rows: tuple[T, ...], new: T, same: Callable[[T], bool]) -> tuple[T, ...]:
    """`rows` with the row that `same` matches replaced by `new` (or `new` added at the end)."""
    out = tuple(new if same(row) else row for row in rows)
    return out if any(same(row) for row in rows) else (*rows, new)
