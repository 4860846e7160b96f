"""The consent form as flowables: the short document the patient signs (a few pages).

In the order the consent committee asked for: the operation (levels, side, aim), what it can do
with its chances, the risks in one compact table (how often and when, talked about with the time,
★ where the patient's own factors make it more likely), the other choices, the patient's
questions, teach-back, the consent statements, amendments and the signatures. It names the
leaflet that holds the full texts, pictures and sources instead of repeating them.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from consultaid.consent import labels, markup
from consultaid.consent.document import AmendmentEntry, ConsentSummary, RiskEntry, Signature
from consultaid.consent.flowables import Heading, SectionHeading, SignatureBlock
from consultaid.consent.layout import (
    guarded,
    header,
    paras,
    section,
    section_then,
    signed_note,
    table_style,
)
from consultaid.consent.styles import hex_colour, palette, styles


def story(summary: ConsentSummary, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for part in (
        header(summary, width, "consent-form"),
        _operation(summary, width),
        _benefits(summary, width),
        _risks(summary, width),
        _alternatives(summary, width),
        _questions(summary, width),
        _teach_back(summary, width),
        _consent(summary, width),
        _amendments(summary, width),
        _signatures(summary, width),
    ):
        out.extend(part)
    return out


def _operation(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    title = labels.PROCEDURE_AT.format(
        title=summary.procedure_plain_title, levels=summary.levels_text
    )
    sentences = []
    side = labels.APPROACH_SIDES.get(summary.facts.approach_side, "")
    if side:
        sentences.append(labels.APPROACH_SENTENCE.format(side=side))
    sentences.append(labels.AIM_SENTENCE)
    body = [
        Paragraph(markup.bold(markup.inline(title)), s.body_tight),
        Paragraph(markup.inline(" ".join(sentences)), s.body_tight),
        Paragraph(markup.inline(f"{labels.MEDICAL_NAME}: {summary.procedure_title}"), s.small),
    ]
    return section(labels.SECTION_OPERATION, body, width)


def _benefits(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    items: list[Flowable] = []
    for b in summary.benefits:
        text = markup.bold(markup.inline(b.title)) + " " + markup.inline(b.text)
        if b.figure:
            text += (
                f' <font color="{hex_colour(palette().muted)}">({markup.inline(b.figure)})</font>'
            )
        items.append(Paragraph(text, s.bullet_tight, bulletText="•"))
    if not items:
        items = [Paragraph(markup.inline(labels.BENEFITS_MISSING), s.body)]
    return section(labels.SECTION_BENEFITS, items, width)


def _cell(text: str, bold: bool = False) -> Paragraph:
    inner = markup.inline(text)
    return Paragraph(markup.bold(inner) if bold else inner, styles().cell)


def _how_often(risk: RiskEntry) -> str:
    figure = f"{risk.frequency[:1].upper()}{risk.frequency[1:]}"
    return f"{figure}, {risk.time_frame}" if risk.time_frame else figure


def _risk_row(risk: RiskEntry) -> list[Flowable]:
    talked = (
        labels.TALKED_AT.format(time=labels.format_time(risk.discussed_at))
        if risk.discussed_at is not None
        else labels.NOT_TALKED_ABOUT
    )
    star = labels.RAISED_MARK if risk.raised_for_patient else ""
    mark = Paragraph(
        f'<font color="{hex_colour(palette().raised)}">{markup.inline(star)}</font>', styles().cell
    )
    return [_cell(risk.name, bold=bool(star)), _cell(_how_often(risk)), _cell(talked), mark]


def _risks(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    p = palette()
    out: list[Flowable] = []
    if summary.overall is not None:
        o = summary.overall
        line = f"{markup.bold(markup.inline(o.name))}: {markup.inline(_how_often(o))}."
        out.append(Paragraph(line, s.body_tight))
        out += paras([o.explanation], s.body)
    out.append(Paragraph(markup.inline(labels.RISK_TABLE_INTRO), s.small))
    risks = [*summary.risks_discussed, *summary.risks_not_discussed]
    head = [
        _cell(labels.RISK_COLUMN, bold=True),
        _cell(labels.HOW_OFTEN_COLUMN, bold=True),
        _cell(labels.TALKED_COLUMN, bold=True),
        _cell(labels.FOR_YOU_COLUMN, bold=True),
    ]
    rows = [head, *(_risk_row(r) for r in risks)]
    widths = [width * 0.31, width * 0.4, width * 0.19, width * 0.1]
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, p.rule),
        ("BACKGROUND", (0, 0), (-1, 0), p.accent_soft),
        ("ALIGN", (3, 0), (3, -1), "CENTER"),
    ]
    table.setStyle(table_style(commands))
    out.append(table)
    raised = [r for r in risks if r.raised_for_patient]
    if raised:
        lines = [
            Paragraph(
                f"{markup.bold(markup.inline(r.name))}: {markup.inline(_sentences(r.raised_by))}",
                s.bullet_tight,
                bulletText=labels.RAISED_MARK,
            )
            for r in raised
        ]
        out += guarded(
            Heading(markup.inline(labels.MORE_LIKELY_HEADING), s.subsection), lines[:1], width
        )
        out += lines[1:]
    return section(labels.SECTION_RISKS, out[:1], width) + out[1:]


def _sentences(texts: Sequence[str]) -> str:
    """Reasons as one run of sentences, each closed by one full stop."""
    return " ".join(
        t.strip() if t.strip().endswith((".", "!", "?")) else f"{t.strip()}." for t in texts
    )


def _alternatives(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    rows = [[_cell(a.name), _cell(labels.TALKED_ABOUT)] for a in summary.alternatives_discussed] + [
        [_cell(a.name), _cell(labels.NOT_TALKED_ABOUT)] for a in summary.alternatives_not_discussed
    ]
    body: list[Flowable] = [Paragraph(markup.inline(labels.ALTERNATIVES_FORM_INTRO), s.small)]
    if rows:
        table = Table(rows, colWidths=[width * 0.7, width * 0.3], hAlign="LEFT")
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, palette().rule),
                ]
            )
        )
        body.append(table)
    else:
        body.append(Paragraph(markup.inline(labels.NONE_RECORDED), s.body))
    return section(labels.SECTION_ALTERNATIVES, body, width)


def _questions(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    matters = markup.paragraphs(summary.facts.what_matters)
    if matters:
        lead = markup.bold(markup.inline(labels.WHAT_MATTERS))
        out += guarded(Paragraph(f"{lead}: {matters[0]}", s.body), [], width)
        out += [Paragraph(m, s.body) for m in matters[1:]]
    for qa in summary.questions:
        question = Heading(markup.inline(qa.question) or "—", s.question)
        answer = paras([qa.answer], s.answer) or [Paragraph("—", s.answer)]
        out += guarded(question, answer, width)
    if not out:
        return section(labels.SECTION_QUESTIONS, [Paragraph(labels.QUESTIONS_NONE, s.body)], width)
    return section_then(labels.SECTION_QUESTIONS, out, width)


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
    return section(labels.SECTION_TEACH_BACK, body, width)


def consent_statements(summary: ConsentSummary) -> list[str]:
    """The statements the signer agrees to, as plain text, filled from what was recorded."""
    f = summary.facts
    surgeon = f.operating_surgeon or summary.consultation.surgeon
    out = [
        labels.STATEMENT_TALKED,
        labels.STATEMENT_QUESTIONS,
        labels.STATEMENT_LACKS_CAPACITY if f.lacks_capacity else labels.STATEMENT_CAPACITY,
        labels.STATEMENT_VOLUNTARY,
        labels.STATEMENT_CHANGE_MIND,
        labels.STATEMENT_SURGEON.format(surgeon=surgeon),
    ]
    if f.trainees_may_take_part is True:
        out.append(labels.STATEMENT_TRAINEES.format(surgeon=surgeon))
    elif f.trainees_may_take_part is False:
        out.append(labels.STATEMENT_NO_TRAINEES)
    interpreter = summary.interpreter
    if interpreter is not None:
        template = (
            labels.STATEMENT_INTERPRETER
            if interpreter.language
            else labels.STATEMENT_INTERPRETER_NO_LANGUAGE
        )
        out.append(template.format(name=interpreter.name, language=interpreter.language))
    elif f.interpreter_declined:
        out.append(labels.STATEMENT_INTERPRETER_DECLINED)
    elif f.language_unsupported:
        out.append(labels.STATEMENT_NO_INTERPRETER.format(language=f.preferred_language))
    if f.graft:
        out.append(labels.STATEMENT_GRAFT.format(graft=f.graft))
        if f.graft_from_hip:
            out.append(labels.GRAFT_HIP_NOTE)
    if f.plate_used is True:
        out.append(labels.STATEMENT_PLATE)
    elif f.plate_used is False:
        out.append(labels.STATEMENT_NO_PLATE)
    out += [labels.STATEMENT_ANAESTHESIA, labels.STATEMENT_AGREE.format(levels=summary.levels_text)]
    return out


def _consent(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    body: list[Flowable] = [Paragraph(markup.inline(labels.CONSENT_LEAD), s.statement)]
    body += [
        Paragraph(markup.inline(text), s.bullet, bulletText="•")
        for text in consent_statements(summary)
    ]
    if summary.facts.capacity:
        line = f"{markup.inline(labels.CAPACITY_LABEL)}: {markup.inline(summary.facts.capacity)}"
        body.append(Paragraph(line, s.small))
    # Not kept in one piece: on a long form the statements may run on to the signatures' page
    # rather than leave most of a page empty (the form stays within four pages).
    return section(labels.SECTION_CONSENT, body[:3], width) + body[3:]


def _amendments(summary: ConsentSummary, width: float) -> list[Flowable]:
    """Each correction made after signing: what changed, before and after, why, who and when."""
    if summary.amended is None:
        return []
    s = styles()
    out: list[Flowable] = []
    intro = Paragraph(markup.inline(labels.AMENDMENTS_INTRO), s.small)
    for n, entry in enumerate(summary.amended.amendments):
        block = guarded(
            Heading(markup.inline(entry.what) or "—", s.question), _change(entry), width
        )
        if n == 0:
            heading = SectionHeading(markup.inline(labels.SECTION_AMENDMENTS), s.section)
            block = guarded(heading, [intro, *block[1:3]], width) + block[3:]
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


def _signatures(summary: ConsentSummary, width: float) -> list[Flowable]:
    """Two signature blocks a row; an amended version says first that the signatures are the
    original's."""
    s = styles()
    lead: list[Flowable] = []
    if summary.amended is not None:
        lead = [Paragraph(markup.inline(signed_note(summary.amended)), s.raised)]
    blocks = [_signature(sig) for sig in summary.signatures]
    gutter = 18.0
    half = (width - gutter) / 2
    rows: list[Flowable] = []
    for n in range(0, len(blocks), 2):
        pair = blocks[n : n + 2] + ([""] if len(blocks[n : n + 2]) == 1 else [])
        table = Table([pair], colWidths=[half + gutter, half], hAlign="LEFT")
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), gutter),
                    ("RIGHTPADDING", (1, 0), (1, 0), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        rows.append(table)
    return section(labels.SECTION_SIGNATURES, [*lead, *rows[:1]], width) + rows[1:]


def _signature(sig: Signature) -> Sequence[Flowable]:
    s = styles()
    statement = labels.ROLE_STATEMENTS[sig.role].format(
        relationship=sig.relationship, language=sig.language
    )
    return [
        Paragraph(markup.bold(markup.inline(labels.ROLE_TITLES[sig.role])), s.body_tight),
        Paragraph(markup.inline(statement), s.small),
        Spacer(1, 4),
        SignatureBlock(sig),
    ]
