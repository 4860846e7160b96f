"""The consultation's documents as plain frozen data: everything the consent form and the leaflet
print. Both are rendered from one `ConsentSummary`.

The PDF renderer reads only a `ConsentSummary`: no Store, no Procedure. So the same record always
gives the same documents, and the layout is tested with hand-made summaries. `summary.py` fills it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from consultaid.levels import format_levels

PAPER_SIZES: tuple[str, ...] = ("A4", "Letter")
DRAFT = "draft"
FINAL = "final"
# The kinds of stored document (`Store.add_document`): the signed consent form and the take-home
# leaflet. Seals made before the two were split are of kind "consent" and count as consent forms.
CONSENT_FORM = "consent-form"
LEAFLET = "leaflet"
LEGACY_CONSENT = "consent"
DOCUMENT_KINDS: tuple[str, ...] = (CONSENT_FORM, LEAFLET)
# Printed ids: `CA-<consultation>-<hex>` for the form (as before the split), `CL-…` for the leaflet.
ID_PREFIX = {CONSENT_FORM: "CA", LEAFLET: "CL"}
SIGNATURE_BOX: tuple[float, float] = (600.0, 200.0)
# How many hex characters of a content version or a SHA-256 are printed: enough to tell them apart.
VERSION_CHARS = 12

InkStroke = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Clinic:
    name: str
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatientDetails:
    display_name: str
    date_of_birth: date
    mrn: str


@dataclass(frozen=True)
class ConsultationDetails:
    """`started_at` is timezone-aware UTC; the PDF shows it in local time."""

    id: int
    started_at: datetime
    surgeon: str
    levels: tuple[str, ...]
    status: str
    content_version: str
    pack_id: str
    pack_version: str


@dataclass(frozen=True)
class StepPage:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    illustration_svg: str
    caption: str


@dataclass(frozen=True)
class RiskEntry:
    """One risk as printed; `icon_count` is None when too rare for a 100-person picture.

    `raised_by` are the reasons it is more likely for this patient; `more_likely` what makes it
    more likely for anyone; `time_points` the figures over time, in words; `discussed_at` when it
    was ticked as talked about (None if not).
    """

    id: str
    name: str
    explanation: str
    frequency: str
    range: str
    time_frame: str
    icon_count: int | None
    raised_by: tuple[str, ...]
    references: tuple[int, ...]
    more_likely: tuple[str, ...] = ()
    time_points: tuple[str, ...] = ()
    discussed_at: datetime | None = None

    @property
    def raised_for_patient(self) -> bool:
        return bool(self.raised_by)


@dataclass(frozen=True)
class BenefitEntry:
    """An expected outcome and how likely it is: `figure` in words ("about 52 in 100, 1 year after
    surgery"); `without_surgery` for the course without an operation."""

    id: str
    title: str
    text: str
    figure: str
    references: tuple[int, ...]
    without_surgery: bool = False


@dataclass(frozen=True)
class ConsentFacts:
    """What the surgeon recorded for the consent statements; empty text or None: not recorded.

    `graft` is the words for the graft source; `graft_from_hip` adds the donor-site sentence.
    `language_unsupported` is set when the preferred language is not the documents' and no
    interpreter was recorded (the form says so, and Finalize lists it as missing).
    """

    operating_surgeon: str = ""
    trainees_may_take_part: bool | None = None
    plate_used: bool | None = None
    graft: str = ""
    graft_from_hip: bool = False
    approach_side: str = ""
    preferred_language: str = ""
    language_unsupported: bool = False
    interpreter_declined: bool = False
    capacity: str = ""
    lacks_capacity: bool = False
    what_matters: str = ""


@dataclass(frozen=True)
class AlternativeEntry:
    id: str
    name: str
    text: str
    references: tuple[int, ...]


@dataclass(frozen=True)
class LabelledValue:
    label: str
    value: str


@dataclass(frozen=True)
class GradeText:
    grade: str
    definition: str


@dataclass(frozen=True)
class Candidacy:
    mjoa_score: int | None
    mjoa_total: int
    mjoa_band: str | None
    nurick: GradeText | None
    asa: GradeText | None
    nonsurgical_kinds: tuple[str, ...]
    nonsurgical_months: float | None
    other_factors: tuple[LabelledValue, ...]


@dataclass(frozen=True)
class RecoveryPhaseText:
    title: str
    paragraphs: tuple[str, ...]
    references: tuple[int, ...]


@dataclass(frozen=True)
class RecoveryPlan:
    phases: tuple[RecoveryPhaseText, ...]
    advice: tuple[LabelledValue, ...]


@dataclass(frozen=True)
class QuestionAnswer:
    question: str
    answer: str


@dataclass(frozen=True)
class TeachBack:
    result: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Interpreter:
    name: str
    language: str


@dataclass(frozen=True)
class Representative:
    name: str
    relationship: str


@dataclass(frozen=True)
class Signature:
    """A signature block. `strokes` are ink lines in a `box` (width, height; y grows downwards),
    as the signature pad captured them; None leaves a blank line to sign in ink."""

    role: str
    printed_name: str
    signed_at: datetime | None = None
    strokes: tuple[InkStroke, ...] | None = None
    box: tuple[float, float] = SIGNATURE_BOX
    relationship: str = ""
    language: str = ""


@dataclass(frozen=True)
class Reference:
    number: int
    citation: str


@dataclass(frozen=True)
class AmendmentEntry:
    """One correction as printed: what changed (`what`, `before`, `after`, in words), why, who,
    and when (`at` is timezone-aware UTC; the PDF shows it in local time)."""

    what: str
    before: str
    after: str
    reason: str
    author: str
    at: datetime


@dataclass(frozen=True)
class SealedVersion:
    """A stored, sealed consent summary another version refers to: its document number (as
    `consultaid summary ID --document N` takes it), when it was sealed, its SHA-256, and the
    document id printed in its footer (`CA-…`, empty if it cannot be read back)."""

    id: int
    sealed_at: datetime
    sha256: str
    printed_id: str = ""


@dataclass(frozen=True)
class AmendedVersion:
    """What an amended summary says about itself: the amendments, the sealed version it replaces,
    and the original version the signatures were given on (None if that one was never stored;
    `finalized_at` then dates the signatures)."""

    amendments: tuple[AmendmentEntry, ...]
    supersedes: SealedVersion | None
    original: SealedVersion | None
    finalized_at: datetime


@dataclass(frozen=True)
class ConsentSummary:
    """Everything the consent PDF prints, in the order it prints it."""

    clinic: Clinic
    paper_size: str
    patient: PatientDetails
    consultation: ConsultationDetails
    document_id: str
    procedure_title: str
    procedure_plain_title: str
    condition: tuple[str, ...]
    steps: tuple[StepPage, ...]
    risks_discussed: tuple[RiskEntry, ...]
    risks_not_discussed: tuple[RiskEntry, ...]
    alternatives_discussed: tuple[AlternativeEntry, ...]
    alternatives_not_discussed: tuple[AlternativeEntry, ...]
    candidacy: Candidacy
    recovery: RecoveryPlan
    questions: tuple[QuestionAnswer, ...]
    teach_back: TeachBack
    interpreter: Interpreter | None
    representative: Representative | None
    signatures: tuple[Signature, ...]
    references: tuple[Reference, ...]
    draft: bool
    amended: AmendedVersion | None = None
    benefits: tuple[BenefitEntry, ...] = ()
    overall: RiskEntry | None = None
    facts: ConsentFacts = ConsentFacts()
    glossary: tuple[LabelledValue, ...] = ()

    @property
    def levels_text(self) -> str:
        return format_levels(self.consultation.levels)

    @property
    def leaflet_id(self) -> str:
        """The leaflet's printed id: the form's, with the leaflet's prefix."""
        return printed_id(self, LEAFLET)


def printed_id(summary: ConsentSummary, kind: str) -> str:
    """The id a document of `kind` prints on every page (`CA-12-1F2E3D4C`, `CL-12-1F2E3D4C`)."""
    return summary.document_id.replace("CA-", f"{ID_PREFIX[kind]}-", 1)


def document_id(summary: ConsentSummary) -> str:
    """`CA-<consultation id>-<8 hex>`: the hex is the start of a SHA-256 over everything else the
    summary holds, so the same record gives the same id and any change to it gives a new one.
    (A document's own SHA-256 cannot be printed inside it; this id can, and the stored SHA-256 of
    each sealed document is shown beside it in the app and by the command line.)"""
    digest = hashlib.sha256(repr(replace(summary, document_id="")).encode("utf-8")).hexdigest()
    return f"CA-{summary.consultation.id}-{digest[:8].upper()}"
