"""The consent summary as a list of flowables, section by section, in the order the issue sets.

Page breaks are decided by `_guarded`: before each heading a conditional page break asks for room
for the heading *and* the start of what follows (the whole of an unsplittable block, or the first
lines of a paragraph). Long paragraphs then split freely, so a 5 KB answer flows across pages
instead of being pushed whole onto the next one, and no heading is ever left alone at a page foot.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from consultaid.consent import labels, markup
from consultaid.consent.document import (
    VERSION_CHARS,
    AmendedVersion,
    AmendmentEntry,
    ConsentSummary,
    LabelledValue,
    RiskEntry,
    SealedVersion,
    Signature,
)
from consultaid.consent.flowables import (
    Heading,
    IconArray,
    Illustration,
    NewPage,
    SectionHeading,
    SignatureBlock,
)
from consultaid.consent.styles import REGULAR, hex_colour, palette, styles

MIN_LINES = 3
SLACK = 8.0


def story(summary: ConsentSummary, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for part in (
        _header(summary, width),
        _condition(summary, width),
        _steps(summary, width),
        _risks(summary, width),
        _alternatives(summary, width),
        _candidacy(summary, width),
        _recovery(summary, width),
        _questions(summary, width),
        _teach_back(summary, width),
        _amendments(summary, width),
        _consent_and_signatures(summary, width),
        _references(summary, width),
    ):
        out.extend(part)
    return out


def _guarded(heading: Flowable, following: Sequence[Flowable], width: float) -> list[Flowable]:
    """The heading and what follows, after a break that fires unless both fit on this page."""
    need = heading.wrap(width, 10_000)[1] + heading.getSpaceBefore() + heading.getSpaceAfter()
    for i, flowable in enumerate(following):
        last = i == len(following) - 1
        need += _start_height(flowable, width) if last else _full_height(flowable, width)
    return [CondPageBreak(need + SLACK), heading, *following]


def _full_height(flowable: Flowable, width: float) -> float:
    if isinstance(flowable, KeepTogether):
        return sum(_full_height(f, width) for f in flowable._content)
    return flowable.wrap(width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _start_height(flowable: Flowable, width: float) -> float:
    """Room for the first piece of a flowable that can split, or all of one that cannot."""
    if isinstance(flowable, Paragraph):
        # Not wrapped here: measuring a 5 KB answer costs as much as laying it out, and asking
        # for three lines when the paragraph has fewer only moves a break a little earlier.
        return MIN_LINES * flowable.style.leading + flowable.getSpaceBefore()
    if isinstance(flowable, Table):
        flowable.wrap(width, 10_000)
        return flowable._rowHeights[0]
    return _full_height(flowable, width)


def _section(title: str, following: Sequence[Flowable], width: float) -> list[Flowable]:
    return _guarded(SectionHeading(markup.inline(title), styles().section), following, width)


def _sub(title: str, following: Sequence[Flowable], width: float) -> list[Flowable]:
    heading = Heading(markup.inline(title), styles().subsection)
    return _guarded(heading, following, width)


def _paras(texts: Sequence[str], style: ParagraphStyle | None = None) -> list[Flowable]:
    st = style or styles().body
    return [Paragraph(t, st) for text in texts for t in markup.paragraphs(text)]


def _with_refs(text: str, numbers: tuple[int, ...]) -> str:
    refs = markup.references(numbers)
    return f"{text} {refs}" if refs else text


def _header(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    p = palette()
    out: list[Flowable] = []
    if summary.clinic.name.strip():
        out.append(Paragraph(markup.inline(summary.clinic.name), s.clinic))
    out += [Paragraph(markup.inline(line), s.address) for line in summary.clinic.address]
    out.append(Paragraph(markup.inline(labels.DOCUMENT_TITLE), s.title))
    c = summary.consultation
    level_label = labels.LEVELS if len(c.levels) == 1 else labels.LEVELS_PLURAL
    cells = [
        (labels.PATIENT, summary.patient.display_name),
        (labels.DATE_OF_BIRTH, labels.format_date(summary.patient.date_of_birth)),
        (labels.MRN, summary.patient.mrn),
        (labels.DATE_AND_TIME, labels.format_local_datetime(c.started_at)),
        (labels.SURGEON, c.surgeon),
        (level_label, summary.levels_text),
    ]
    if summary.representative is not None:
        r = summary.representative
        cells.append((labels.REPRESENTATIVE, f"{r.name} ({r.relationship})"))
    if summary.interpreter is not None:
        i = summary.interpreter
        cells.append((labels.INTERPRETER, f"{i.name} ({i.language})"))
    rows = [
        [_cell(label, value) for label, value in cells[n : n + 3]] for n in range(0, len(cells), 3)
    ]
    for row in rows:
        row.extend([""] * (3 - len(row)))
    table = Table(rows, colWidths=[width / 3] * 3, hAlign="LEFT")
    table.setStyle(
        _table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), p.accent_soft),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    out.append(table)
    if summary.draft:
        out += [Spacer(1, 8), Paragraph(markup.inline(labels.DRAFT_NOTE), s.raised)]
    if summary.amended is not None:
        out += [Spacer(1, 8), Paragraph(markup.inline(_amended_note(summary.amended)), s.raised)]
    return out


def _amended_note(amended: AmendedVersion) -> str:
    earlier = amended.supersedes
    if earlier is None:
        return labels.AMENDED_NOTE_NO_EARLIER
    return labels.AMENDED_NOTE.format(
        document=_document_name(earlier),
        sealed=labels.format_local_datetime(earlier.sealed_at),
        sha256=earlier.sha256[:VERSION_CHARS],
    )


def _signed_note(amended: AmendedVersion) -> str:
    original = amended.original
    if original is None:
        return labels.SIGNED_BEFORE_AMENDMENTS.format(
            date=labels.format_local_datetime(amended.finalized_at)
        )
    return labels.SIGNED_ON_ORIGINAL.format(
        document=_document_name(original), date=labels.format_local_datetime(original.sealed_at)
    )


def _document_name(version: SealedVersion) -> str:
    """`4 (CA-12-…)`: the number to print it by, and the id its pages carry."""
    return f"{version.id} ({version.printed_id})" if version.printed_id else str(version.id)


def _table_style(commands: list[tuple]) -> TableStyle:
    """Table commands plus the body font: reportlab's table default is unembedded Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def _cell(label: str, value: str) -> list[Flowable]:
    s = styles()
    return [Paragraph(markup.inline(label), s.label), Paragraph(markup.inline(value), s.value)]


def _condition(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    title = labels.PROCEDURE_AT.format(
        title=summary.procedure_plain_title, levels=summary.levels_text
    )
    medical = f"{labels.MEDICAL_NAME}: {summary.procedure_title}"
    body = [
        Paragraph(markup.bold(markup.inline(title)), s.body_tight),
        Paragraph(markup.inline(medical), s.small),
        Spacer(1, 4),
        *_paras(summary.condition),
    ]
    return _section(labels.SECTION_CONDITION, body, width)


def _steps(summary: ConsentSummary, width: float) -> list[Flowable]:
    """Each step whole on a page (a new page unless all of it fits): title, words, then the picture
    large enough to read its labels."""
    s = styles()
    out: list[Flowable] = []
    for number, step in enumerate(summary.steps, 1):
        figure = KeepTogether(
            [
                Spacer(1, 6),
                Illustration(step.illustration_svg, width),
                Spacer(1, 5),
                Paragraph(markup.inline(step.caption), s.caption),
            ]
        )
        body = [*_paras(step.paragraphs), figure]
        sub = _sub(f"{number}. {step.title}", body, width)
        if number == 1:
            heading = SectionHeading(markup.inline(labels.SECTION_STEPS), s.section)
            sub = _guarded(heading, sub[1:3], width) + sub[3:]
        whole = sum(_full_height(f, width) for f in sub[1:])
        out += [CondPageBreak(whole + SLACK), *sub]
    return out


def _figure_line(risk: RiskEntry) -> str:
    parts = [f"{risk.frequency[:1].upper()}{risk.frequency[1:]} ({risk.range})"]
    if risk.time_frame:
        parts.append(risk.time_frame)
    return _with_refs(markup.inline(", ".join(parts) + "."), risk.references)


def _risk_block(risk: RiskEntry, width: float, *, icons: bool) -> Flowable:
    s = styles()
    name = markup.bold(markup.inline(risk.name))
    if risk.raised_for_patient:
        name = f'{name} <font color="{hex_colour(palette().raised)}">{labels.RAISED_MARK}</font>'
    text: list[Flowable] = [
        Paragraph(name, s.body_tight),
        *_paras([risk.explanation], s.body_tight),
        Paragraph(_figure_line(risk), s.figure_line),
    ]
    if risk.raised_for_patient:
        factors = "; ".join(risk.raised_by)
        text.append(Paragraph(markup.inline(labels.RAISED_TEXT.format(factors=factors)), s.raised))
    show = icons and risk.icon_count is not None
    art: Flowable | str = IconArray(risk.icon_count or 0) if show else ""
    icon_w = IconArray.COLUMNS * IconArray.PITCH_X + 16 if show else 0.0
    table = Table([[text, art]], colWidths=[width - icon_w, icon_w], hAlign="LEFT")
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 12),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, palette().rule),
            ]
        )
    )
    return table


def _risks(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    blocks = [_risk_block(r, width, icons=True) for r in summary.risks_discussed]
    intro = Paragraph(markup.inline(labels.RISKS_INTRO), s.small)
    if not blocks:
        blocks = [Paragraph(markup.inline(labels.NONE_RECORDED), s.body)]
    out += [NewPage(), *_section(labels.SECTION_RISKS, [intro, blocks[0]], width), *blocks[1:]]
    rest = [_risk_block(r, width, icons=False) for r in summary.risks_not_discussed]
    if rest:
        intro = Paragraph(markup.inline(labels.RISKS_NOT_INTRO), s.small)
        out += _section(labels.SECTION_RISKS_NOT, [intro, rest[0]], width) + rest[1:]
    else:
        none = Paragraph(markup.inline(labels.RISKS_NOT_NONE), s.body)
        out += _section(labels.SECTION_RISKS_NOT, [none], width)
    return out


def _alternatives(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    for title, items, intro in (
        (labels.SECTION_ALTERNATIVES, summary.alternatives_discussed, None),
        (
            labels.SECTION_ALTERNATIVES_NOT,
            summary.alternatives_not_discussed,
            labels.ALTERNATIVES_NOT_INTRO,
        ),
    ):
        if not items and intro is not None:
            continue
        body: list[Flowable] = [Paragraph(markup.inline(intro), s.small)] if intro else []
        for alt in items:
            body.append(
                KeepTogether(
                    [
                        Paragraph(markup.bold(markup.inline(alt.name)), s.body_tight),
                        Paragraph(_with_refs(markup.inline(alt.text), alt.references), s.body),
                    ]
                )
            )
        if not items:
            body.append(Paragraph(markup.inline(labels.NONE_RECORDED), s.body))
        cut = 2 if intro else 1
        out += _section(title, body[:cut], width) + body[cut:]
    return out


def _pairs_table(pairs: Sequence[LabelledValue], width: float) -> Table:
    s = styles()
    rows = [
        [Paragraph(markup.inline(p.label), s.label), _paras([p.value], s.body_tight)] for p in pairs
    ]
    table = Table(rows, colWidths=[width * 0.3, width * 0.7], hAlign="LEFT", repeatRows=0)
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, palette().rule),
            ]
        )
    )
    return table


def _candidacy(summary: ConsentSummary, width: float) -> list[Flowable]:
    c = summary.candidacy
    pairs: list[LabelledValue] = []
    if c.mjoa_score is not None:
        value = labels.MJOA_VALUE.format(score=c.mjoa_score, total=c.mjoa_total)
        text = f"{value} — {c.mjoa_band}" if c.mjoa_band else value
        pairs.append(LabelledValue(labels.MJOA, text))
    for label, grade in ((labels.NURICK, c.nurick), (labels.ASA, c.asa)):
        if grade is not None:
            text = f"{grade.grade} — {grade.definition}" if grade.definition else grade.grade
            pairs.append(LabelledValue(label, text))
    if c.nonsurgical_kinds or c.nonsurgical_months is not None:
        parts = [", ".join(c.nonsurgical_kinds)] if c.nonsurgical_kinds else []
        if c.nonsurgical_months is not None:
            parts.append(labels.format_months(c.nonsurgical_months))
        pairs.append(LabelledValue(labels.NONSURGICAL, ", ".join(parts)))
    pairs += c.other_factors
    if not pairs:
        body: Flowable = Paragraph(markup.inline(labels.NONE_RECORDED), styles().body)
    else:
        body = _pairs_table(pairs, width)
    return _section(labels.SECTION_CANDIDACY, [body], width)


def _recovery(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    for n, phase in enumerate(summary.recovery.phases):
        texts = [markup.inline(t) for t in phase.paragraphs]
        if texts:
            texts[-1] = _with_refs(texts[-1], phase.references)
        body: list[Flowable] = [Paragraph(t, s.body) for t in texts]
        sub = _sub(phase.title, body, width)
        if n == 0:
            heading = SectionHeading(markup.inline(labels.SECTION_RECOVERY), s.section)
            sub = _guarded(heading, sub[1:3], width) + sub[3:]
        out += sub
    if summary.recovery.advice:
        out += _sub(labels.RECOVERY_ADVICE, [_pairs_table(summary.recovery.advice, width)], width)
    if not out:
        out = _section(labels.SECTION_RECOVERY, [Paragraph(labels.NONE_RECORDED, s.body)], width)
    return out


def _questions(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    for n, qa in enumerate(summary.questions):
        question = Heading(markup.inline(qa.question) or "—", s.question)
        answer = _paras([qa.answer], s.answer) or [Paragraph("—", s.answer)]
        block = _guarded(question, answer, width)
        if n == 0:
            heading = SectionHeading(markup.inline(labels.SECTION_QUESTIONS), s.section)
            block = _guarded(heading, block[1:3], width) + block[3:]
        out += block
    if not out:
        out = _section(labels.SECTION_QUESTIONS, [Paragraph(labels.QUESTIONS_NONE, s.body)], width)
    return out


def _teach_back(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    tb = summary.teach_back
    result = labels.TEACH_BACK_RESULTS.get(tb.result or "", labels.NOT_RECORDED)
    body: list[Flowable] = [
        Paragraph(
            f"{markup.inline(labels.TEACH_BACK_QUESTION)} <b>{markup.inline(result)}</b>", s.body
        )
    ]
    notes = markup.paragraphs(tb.note)  # empty when the note holds nothing printable
    if notes:
        notes[0] = f"{markup.inline(labels.TEACH_BACK_NOTE)}: {notes[0]}"
        body += [Paragraph(n, s.body) for n in notes]
    return _section(labels.SECTION_TEACH_BACK, body, width)


def _amendments(summary: ConsentSummary, width: float) -> list[Flowable]:
    """Each correction made after signing: what changed, before and after, why, who and when."""
    if summary.amended is None:
        return []
    s = styles()
    out: list[Flowable] = []
    intro = Paragraph(markup.inline(labels.AMENDMENTS_INTRO), s.small)
    for n, entry in enumerate(summary.amended.amendments):
        block = _guarded(
            Heading(markup.inline(entry.what) or "—", s.question), _change(entry), width
        )
        if n == 0:
            heading = SectionHeading(markup.inline(labels.SECTION_AMENDMENTS), s.section)
            block = _guarded(heading, [intro, *block[1:3]], width) + block[3:]
        out += block
    return out


def _change(entry: AmendmentEntry) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    for label, text in (
        (labels.AMENDMENT_BEFORE, entry.before),
        (labels.AMENDMENT_AFTER, entry.after),
        (labels.AMENDMENT_REASON, entry.reason),
    ):
        parts = markup.paragraphs(text) or ["—"]
        parts[0] = f"{markup.bold(markup.inline(label))}: {parts[0]}"
        out += [Paragraph(part, s.answer) for part in parts]
    by = labels.AMENDMENT_BY.format(
        author=entry.author, when=labels.format_local_datetime(entry.at)
    )
    out.append(Paragraph(markup.inline(by), s.answer))
    return out


def _consent_and_signatures(summary: ConsentSummary, width: float) -> list[Flowable]:
    """The consent statement shares its page with at least the first signature block."""
    s = styles()
    first, *points = labels.CONSENT_STATEMENTS
    statement: list[Flowable] = [Paragraph(markup.inline(first), s.statement)]
    statement += [
        Paragraph(markup.inline(p.format(levels=summary.levels_text)), s.bullet, bulletText="•")
        for p in points
    ]
    # An amended version says, with the first block, that the signatures are the original's.
    lead = []
    if summary.amended is not None:
        lead = [Paragraph(markup.inline(_signed_note(summary.amended)), s.raised)]
    blocks = [_signature(sig, lead if n == 0 else []) for n, sig in enumerate(summary.signatures)]
    heading = SectionHeading(markup.inline(labels.SECTION_CONSENT), s.section)
    signatures = SectionHeading(markup.inline(labels.SECTION_SIGNATURES), s.section)
    return _guarded(heading, [KeepTogether(statement), signatures, *blocks[:1]], width) + blocks[1:]


def _signature(sig: Signature, lead: Sequence[Flowable] = ()) -> Flowable:
    s = styles()
    statement = labels.ROLE_STATEMENTS[sig.role].format(
        relationship=sig.relationship, language=sig.language
    )
    return KeepTogether(
        [
            *lead,
            Paragraph(markup.bold(markup.inline(labels.ROLE_TITLES[sig.role])), s.body_tight),
            Paragraph(markup.inline(statement), s.small),
            Spacer(1, 14),
            SignatureBlock(sig),
            Spacer(1, 22),
        ]
    )


def _references(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    refs = [
        Paragraph(markup.inline(r.citation), s.reference, bulletText=f"{r.number}.")
        for r in summary.references
    ]
    if not refs:
        return []
    return _section(labels.SECTION_REFERENCES, refs[:1], width) + refs[1:]
