"""The per-consultation facts the consent statements print, from the answers the surgeon recorded.

They are stored like candidacy answers, under fixed ids. Choice values are shown in the pack's
words for them (the graft source in the form's own first-person words where it has them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from consultaid.consent import labels
from consultaid.consent.document import ConsentFacts
from consultaid.content.model import Procedure
from consultaid.content.required import (
    APPROACH_SIDE,
    CAPACITY,
    DOCUMENT_LANGUAGE,
    GRAFT_SOURCE,
    INTERPRETER_USED,
    OPERATING_SURGEON,
    PLATE_USED,
    PREFERRED_LANGUAGE,
    TRAINEES_MAY_TAKE_PART,
    WHAT_MATTERS,
)

HIP_GRAFT = "iliac-crest"
LACKS_CAPACITY = "assessed-lacks-capacity"
INTERPRETER_YES = "yes"
INTERPRETER_DECLINED = "declined"


def _text(answers: Mapping[str, Any], key: str) -> str:
    value = answers.get(key)
    return str(value).strip() if isinstance(value, str | int | float) and value != "" else ""


def _flag(answers: Mapping[str, Any], key: str) -> bool | None:
    value = answers.get(key)
    return value if isinstance(value, bool) else None


def choice_words(procedure: Procedure, key: str, value: str) -> str:
    """The pack's words for a recorded choice, or the value itself for an unknown factor."""
    try:
        return procedure.factor(key).label_of(value)
    except KeyError:
        return value


def is_document_language(language: str) -> bool:
    """Whether the documents are in this language (English, written any way: "en", "en-GB")."""
    text = language.strip().casefold()
    return text == DOCUMENT_LANGUAGE.casefold() or text == "en" or text.startswith("en-")


def consent_facts(
    procedure: Procedure, answers: Mapping[str, Any], *, has_interpreter: bool
) -> ConsentFacts:
    graft = _text(answers, GRAFT_SOURCE)
    graft_words = labels.GRAFT_SOURCES.get(graft, "")
    if graft and not graft_words:
        words = choice_words(procedure, GRAFT_SOURCE, graft)
        graft_words = words[:1].lower() + words[1:]
    language = _text(answers, PREFERRED_LANGUAGE)
    capacity = _text(answers, CAPACITY)
    return ConsentFacts(
        operating_surgeon=_text(answers, OPERATING_SURGEON),
        trainees_may_take_part=_flag(answers, TRAINEES_MAY_TAKE_PART),
        plate_used=_flag(answers, PLATE_USED),
        graft=graft_words,
        graft_from_hip=graft == HIP_GRAFT,
        approach_side=_text(answers, APPROACH_SIDE).casefold(),
        preferred_language=language,
        language_unsupported=bool(language)
        and not is_document_language(language)
        and not has_interpreter
        and _text(answers, INTERPRETER_USED) != INTERPRETER_DECLINED,
        interpreter_declined=_text(answers, INTERPRETER_USED) == INTERPRETER_DECLINED,
        capacity=choice_words(procedure, CAPACITY, capacity) if capacity else "",
        lacks_capacity=capacity == LACKS_CAPACITY,
        what_matters=_text(answers, WHAT_MATTERS),
    )
