"""Who signs: the signature blocks a document prints, and the interpreter or representative
as recorded (an on-screen signature, the people panel, or the consultation's interpreter facts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from consultaid.consent.document import (
    SIGNATURE_BOX,
    ConsultationDetails,
    Interpreter,
    PatientDetails,
    Representative,
    Signature,
)
from consultaid.consent.facts import INTERPRETER_YES
from consultaid.content.required import INTERPRETER_NAME, INTERPRETER_USED, PREFERRED_LANGUAGE
from consultaid.strokes import Stroke

if TYPE_CHECKING:
    from consultaid.records import ConsultationRecord


def signature_blocks(
    patient: PatientDetails,
    consultation: ConsultationDetails,
    interpreter: Interpreter | None,
    representative: Representative | None,
    recorded: Sequence[Signature],
) -> tuple[Signature, ...]:
    """Patient, representative when there is one, surgeon, witness, and interpreter when one was
    used; each filled from an on-screen signature if there is one, otherwise a block to sign in ink.

    With a representative, the patient's block is printed only when the patient signed on screen
    too: the representative signs in their place, but a signature the patient gave is never dropped.
    """
    by_role = {s.role: s for s in recorded}
    blocks = []
    if representative is None or "patient" in by_role:
        blocks.append(Signature("patient", patient.display_name))
    if representative is not None:
        blocks.append(
            Signature(
                "representative", representative.name, relationship=representative.relationship
            )
        )
    blocks += [Signature("surgeon", consultation.surgeon), Signature("witness", "")]
    if interpreter is not None:
        blocks.append(Signature("interpreter", interpreter.name, language=interpreter.language))
    out = []
    for block in blocks:
        signed = by_role.get(block.role)
        if signed is None:
            out.append(block)
            continue
        out.append(
            replace(
                signed,
                printed_name=signed.printed_name or block.printed_name,
                relationship=signed.relationship or block.relationship,
                language=signed.language or block.language,
            )
        )
    return tuple(out)


def interpreter_fact(record: ConsultationRecord) -> Interpreter | None:
    """An interpreter recorded as a consultation fact (used, with a name), in the preferred
    language."""
    if record.answer(INTERPRETER_USED) != INTERPRETER_YES:
        return None
    name = str(record.answer(INTERPRETER_NAME) or "").strip()
    language = str(record.answer(PREFERRED_LANGUAGE) or "").strip()
    return Interpreter(name, language) if name else None


def person(signed: object, recorded: object, detail: str, kind: type) -> Any:
    """An interpreter or representative: from their on-screen signature, else as recorded."""
    if signed is not None:
        return kind(signed.printed_name, getattr(signed, detail))
    if isinstance(recorded, dict) and str(recorded.get("name", "")).strip():
        return kind(str(recorded["name"]).strip(), str(recorded.get(detail, "")).strip())
    return None


def pad_box(strokes: Sequence[Stroke]) -> tuple[float, float]:
    """The pad's box: the usual one, grown if a stroke reaches beyond it, so nothing is cut off."""
    xs = [x for s in strokes for x, _ in s.points] or [0.0]
    ys = [y for s in strokes for _, y in s.points] or [0.0]
    return (max(SIGNATURE_BOX[0], max(xs)), max(SIGNATURE_BOX[1], max(ys)))
