"""The consultation records: the only package that runs SQL.

`Store.open(path)` creates or migrates the SQLite file and returns the Store; everything it
returns is one of the frozen dataclasses below.
"""

from consultaid.records.rows import (
    SEXES,
    SIGNER_ROLES,
    TEACH_BACK_RESULTS,
    AlternativeDiscussion,
    Amendment,
    AmendTarget,
    Annotation,
    AuditEntry,
    CandidacyAnswer,
    CheckReport,
    Consultation,
    ConsultationRecord,
    Document,
    Patient,
    Question,
    RiskDiscussion,
    SealedMatch,
    Setting,
    Signature,
    StepVisit,
    TeachBack,
)
from consultaid.records.store import Store

__all__ = [
    "SEXES",
    "SIGNER_ROLES",
    "TEACH_BACK_RESULTS",
    "AlternativeDiscussion",
    "AmendTarget",
    "Amendment",
    "Annotation",
    "AuditEntry",
    "CandidacyAnswer",
    "CheckReport",
    "Consultation",
    "ConsultationRecord",
    "Document",
    "Patient",
    "Question",
    "RiskDiscussion",
    "SealedMatch",
    "Setting",
    "Signature",
    "StepVisit",
    "Store",
    "TeachBack",
]
