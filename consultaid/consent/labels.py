"""The consent summary's own words: headings, field labels, the consent statements, date formats.

Clinical sentences come from the content pack; this file holds only the document's frame, in one
place so the wording can be reviewed (and one day translated) without reading layout code.
Dates are spelled out here rather than with strftime("%B"), which follows the process locale.
"""

from __future__ import annotations

from datetime import date, datetime

DOCUMENT_TITLE = "Consent summary"
DRAFT_MARK = "DRAFT — not signed"
DRAFT_NOTE = (
    "This is a draft for reading. It becomes the consent record only when it is finalized "
    "and signed."
)

PATIENT = "Patient"
DATE_OF_BIRTH = "Date of birth"
MRN = "Medical record number"
DATE_AND_TIME = "Date and time"
SURGEON = "Surgeon"
LEVELS = "Spinal level"
LEVELS_PLURAL = "Spinal levels"
PROCEDURE_AT = "{title}, at {levels}"
MEDICAL_NAME = "Medical name"
INTERPRETER = "Interpreter"
REPRESENTATIVE = "Representative"

SECTION_CONDITION = "Your condition and the planned operation"
SECTION_STEPS = "The operation, step by step"
SECTION_RISKS = "Risks we talked about"
SECTION_RISKS_NOT = "Risks we did not talk about"
SECTION_ALTERNATIVES = "Other choices we talked about"
SECTION_ALTERNATIVES_NOT = "Other choices we did not talk about"
SECTION_CANDIDACY = "What we recorded about you"
SECTION_RECOVERY = "Your recovery plan"
SECTION_QUESTIONS = "Your questions"
SECTION_TEACH_BACK = "Checking understanding"
SECTION_CONSENT = "Consent"
SECTION_SIGNATURES = "Signatures"
SECTION_REFERENCES = "References"

RISKS_INTRO = (
    "For each risk you see about how many people in 100 (or in 1,000 for rare ones) have it, "
    "and the range that studies report. In the pictures, each small figure is one person out "
    "of 100. Numbers in square brackets point to the references at the end."
)
RISKS_NOT_INTRO = (
    "These risks were not talked about in detail at this consultation. They are listed so that "
    "nothing is left out. Ask your surgeon about any of them."
)
RISKS_NOT_NONE = "All the risks in this summary were talked about."
ALTERNATIVES_NOT_INTRO = (
    "These choices were not talked about in detail. Ask your surgeon about them."
)
NONE_RECORDED = "None recorded."
NOT_RECORDED = "Not recorded"
RAISED_MARK = "★"
RAISED_TEXT = "★ Raised by your recorded factors: {factors}."
ICON_LEGEND = "{count} in 100"

STEP_CAPTION = "Figure {number}. {title}, at {levels}."
RECOVERY_ADVICE = "Your clinic's advice"
QUESTIONS_NONE = "No questions were recorded."

MJOA = "mJOA score (modified Japanese Orthopaedic Association)"
MJOA_VALUE = "{score} of {total}"
NURICK = "Nurick grade"
ASA = "ASA physical status"
NONSURGICAL = "Treatment without surgery tried"
NONSURGICAL_FOR = "for {months} months"
NONSURGICAL_ONE_MONTH = "for 1 month"
YES = "Yes"
NO = "No"

TEACH_BACK_QUESTION = "Could you explain the plan back in your own words?"
TEACH_BACK_RESULTS: dict[str, str] = {"yes": "Yes", "partly": "Partly", "no": "No"}
TEACH_BACK_NOTE = "Note"

CONSENT_STATEMENTS: tuple[str, ...] = (
    "By signing this summary, the patient (or their representative) confirms that:",
    "the condition and the planned operation at {levels} were explained in words they understood;",
    "the risks and the other choices listed above as talked about were explained;",
    "they could ask questions, and the answers are written above;",
    "they may change their mind at any time before the operation;",
    "they agree to the operation described in this summary.",
)

ROLE_TITLES: dict[str, str] = {
    "patient": "Patient",
    "representative": "Patient's representative",
    "surgeon": "Surgeon who held this discussion",
    "witness": "Witness",
    "interpreter": "Interpreter",
}
ROLE_STATEMENTS: dict[str, str] = {
    "patient": "I have read this summary, or had it read to me, and I agree to the operation.",
    "representative": "I am signing on behalf of the patient, as their {relationship}.",
    "surgeon": "I explained the operation, its risks and the other choices, and answered "
    "the questions.",
    "witness": "I saw the patient, or their representative, sign this summary.",
    "interpreter": "I interpreted this discussion into {language}, accurately and completely.",
}
SIGNATURE = "Signature"
PRINTED_NAME = "Printed name"
RELATIONSHIP = "Relationship to the patient"
LANGUAGE = "Language"
DATE = "Date"
TIME = "Time"

SECTION_AMENDMENTS = "Amendments"
AMENDED_NOTE = (
    "This is an amended version of this summary. It replaces document {document}, sealed on "
    "{sealed}, whose SHA-256 fingerprint begins {sha256}. The changes are listed under "
    "“Amendments”."
)
AMENDED_NOTE_NO_EARLIER = (
    "This is an amended version of this summary. The changes are listed under “Amendments”."
)
AMENDMENTS_INTRO = (
    "These changes were made to the record after it was signed. Each one says what changed, "
    "why, who changed it and when."
)
AMENDMENT_BEFORE = "Before"
AMENDMENT_AFTER = "After"
AMENDMENT_REASON = "Reason"
AMENDMENT_BY = "Changed by {author} on {when}."
SIGNED_ON_ORIGINAL = (
    "The signatures below were given on the original version of this summary (document "
    "{document}) on {date}. They were not given again for this amended version."
)
SIGNED_BEFORE_AMENDMENTS = (
    "The signatures below were given on the original version of this summary on {date}. They "
    "were not given again for this amended version."
)
# What an amendment changed, as the reader knows it from the summary.
AMENDED_LEVELS = "Spinal levels of the operation"
AMENDED_RISK = "Risk talked about: {name}"
AMENDED_ALTERNATIVE = "Other choice talked about: {name}"
AMENDED_QUESTION = "One of your questions"
AMENDED_ANSWER = "The answer to your question “{question}”"
AMENDED_TEACH_BACK_RESULT = f"{SECTION_TEACH_BACK}: {TEACH_BACK_QUESTION}"
AMENDED_TEACH_BACK_NOTE = f"{SECTION_TEACH_BACK}: {TEACH_BACK_NOTE}"
AMENDED_SCORE_ITEM = "{score}: {item}"
TALKED_ABOUT = "Talked about"
NOT_TALKED_ABOUT = "Not talked about"

FOOTER_PATIENT = "{name} · born {dob}"
FOOTER_PAGE = "Page {page} of {pages}"
FOOTER_IDS = "Consultation {consultation} · Content version {version} · Document {document}"

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: date) -> str:
    """`3 February 1956`: no day/month order to misread, whatever the locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_time(value: datetime) -> str:
    """Local 24-hour time with the zone's abbreviation, e.g. `14:05 CET`."""
    local = value.astimezone()
    zone = local.tzname() or ""
    return f"{local:%H:%M} {zone}".strip()


def format_local_datetime(value: datetime) -> str:
    """A stored UTC time shown in local time: `12 March 2025, 14:05 CET`."""
    return f"{format_date(value.astimezone().date())}, {format_time(value)}"


def answer_texts(value: object) -> tuple[str, ...]:
    """A recorded answer as texts: one per item of a list, none for an empty answer."""
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if str(v))
    return (str(value),)


def format_answer(value: object, unit: str = "") -> str:
    """A recorded answer in words: Yes or No, a number with its unit, or the texts joined."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int | float):
        number = f"{value:g}"
        return f"{number} {unit}".strip()
    if isinstance(value, dict):
        return ", ".join(str(v).strip() for v in value.values() if str(v).strip())
    return ", ".join(answer_texts(value))


def format_months(months: float) -> str:
    whole = round(months)
    if abs(months - whole) < 0.05:
        return NONSURGICAL_ONE_MONTH if whole == 1 else NONSURGICAL_FOR.format(months=whole)
    return NONSURGICAL_FOR.format(months=f"{months:.1f}")
