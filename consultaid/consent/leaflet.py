"""The leaflet "Your operation" as flowables: what the patient takes home and reads at leisure.

The steps at the patient's level(s) with the surgeon's drawings (text flows beside each picture,
so a page holds two steps, never one picture and white space), what the operation can do, every
risk in full (explanation, what makes it more likely, figures over time, icon array), the other
choices, the recovery plan, a glossary of the medical words, and the sources in Vancouver style.
"""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    ImageAndFlowables,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from consultaid.consent import labels, markup
from consultaid.consent.document import (
    LEAFLET,
    ConsentSummary,
    LabelledValue,
    RiskEntry,
    StepPage,
)
from consultaid.consent.flowables import (
    FloatingFigure,
    Heading,
    IconArray,
    Illustration,
    SectionHeading,
)
from consultaid.consent.layout import (
    SLACK,
    full_height,
    guarded,
    header,
    paras,
    section,
    section_then,
    sub,
    table_style,
    with_refs,
)
from consultaid.consent.styles import hex_colour, palette, styles

# The share of the text width a step's picture takes; the step's words flow beside it.
PICTURE_SHARE = 0.48


def story(summary: ConsentSummary, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for part in (
        header(summary, width, LEAFLET),
        _intro(summary),
        _condition(summary, width),
        _glossary(summary, width),
        _steps(summary, width),
        _benefits(summary, width),
        _risks(summary, width),
        _alternatives(summary, width),
        _recovery(summary, width),
        _references(summary, width),
    ):
        out.extend(part)
    return out


def _intro(summary: ConsentSummary) -> list[Flowable]:
    text = labels.LEAFLET_INTRO.format(levels=summary.levels_text)
    return [Spacer(1, 4), Paragraph(markup.inline(text), styles().body)]


def _condition(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    title = labels.PROCEDURE_AT.format(
        title=summary.procedure_plain_title, levels=summary.levels_text
    )
    body = [
        Paragraph(markup.bold(markup.inline(title)), s.body_tight),
        Paragraph(markup.inline(f"{labels.MEDICAL_NAME}: {summary.procedure_title}"), s.small),
        *paras(summary.condition),
    ]
    return section(labels.SECTION_CONDITION, body, width)


def _step(number: int, step: StepPage, width: float, lead: list[Flowable]) -> list[Flowable]:
    """The step's words flowing beside its picture and on below it. A new page starts only when
    the heading (with `lead`, the section heading before the first step) and the picture do not
    fit; words that do not fit under the picture run on to the next page, so a long step never
    pushes its picture on and leaves a third of a page empty."""
    s = styles()
    picture_w = width * PICTURE_SHARE
    figure = FloatingFigure(
        Illustration(step.illustration_svg, picture_w),
        Paragraph(markup.inline(step.caption), s.caption),
        picture_w,
    )
    words = paras(step.paragraphs, s.body)
    flowing = ImageAndFlowables(
        figure, words, imageLeftPadding=12, imageRightPadding=0, imageSide="right"
    )
    heading = Heading(markup.inline(f"{number}. {step.title}"), s.subsection)
    need = sum(full_height(f, width) for f in (*lead, heading)) + figure.wrap(width, 10_000)[1]
    return [CondPageBreak(need + SLACK), *lead, heading, flowing]


def _steps(summary: ConsentSummary, width: float) -> list[Flowable]:
    lead: list[Flowable] = [SectionHeading(markup.inline(labels.SECTION_STEPS), styles().section)]
    out: list[Flowable] = []
    for number, step in enumerate(summary.steps, 1):
        out += _step(number, step, width, lead if number == 1 else [])
    return out


def _benefits(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    blocks: list[Flowable] = []
    for b in summary.benefits:
        parts: list[Flowable] = [Paragraph(markup.bold(markup.inline(b.title)), s.body_tight)]
        texts = [markup.inline(t) for t in b.text.split("\n\n") if t.strip()]
        parts += [Paragraph(t, s.body_tight) for t in texts]
        if b.figure:
            figure = f"{b.figure[:1].upper()}{b.figure[1:]}."
            parts.append(Paragraph(with_refs(markup.inline(figure), b.references), s.figure_line))
        parts.append(Spacer(1, 4))
        blocks.append(KeepTogether(parts))
    if not blocks:
        blocks = [Paragraph(markup.inline(labels.BENEFITS_MISSING), s.body)]
    return section(labels.SECTION_BENEFITS, blocks[:1], width) + blocks[1:]


def _figure_line(risk: RiskEntry) -> str:
    figure = f"{risk.frequency[:1].upper()}{risk.frequency[1:]}"
    if risk.time_frame:
        figure += f", {risk.time_frame}"
    text = f"{markup.bold(markup.inline(labels.HOW_OFTEN_LABEL))}: {markup.inline(figure)}."
    if risk.range:
        text += " " + markup.inline(labels.RANGE_LABEL.format(range=risk.range))
    return with_refs(text, risk.references)


def _risk_block(risk: RiskEntry, width: float) -> Flowable:
    s = styles()
    p = palette()
    name = markup.bold(markup.inline(risk.name))
    if risk.raised_for_patient:
        name = f'{name} <font color="{hex_colour(p.raised)}">{labels.RAISED_MARK}</font>'
    text: list[Flowable] = [
        Paragraph(name, s.body_tight),
        *paras([risk.explanation], s.body_tight),
        Paragraph(_figure_line(risk), s.figure_line),
    ]
    if risk.time_points:
        line = f"{markup.bold(markup.inline(labels.OVER_TIME_LABEL))}: "
        line += markup.inline("; ".join(risk.time_points)) + "."
        text.append(Paragraph(line, s.figure_line))
    if risk.more_likely:
        line = f"{markup.bold(markup.inline(labels.MORE_LIKELY_LABEL))}: "
        line += markup.inline(" ".join(risk.more_likely))
        text.append(Paragraph(line, s.figure_line))
    if risk.raised_for_patient:
        factors = " ".join(f.strip().rstrip(".") + "." for f in risk.raised_by).rstrip(".")
        text.append(Paragraph(markup.inline(labels.RAISED_TEXT.format(factors=factors)), s.raised))
    show = risk.icon_count is not None
    art: Flowable | str = IconArray(risk.icon_count or 0) if show else ""
    icon_w = IconArray.COLUMNS * IconArray.PITCH_X + 16 if show else 0.0
    table = Table([[text, art]], colWidths=[width - icon_w, icon_w], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 12),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, p.rule),
            ]
        )
    )
    return table


def _risks(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    risks = [*summary.risks_discussed, *summary.risks_not_discussed]
    if summary.overall is not None:
        risks.insert(0, summary.overall)
    blocks = [_risk_block(r, width) for r in risks]
    intro = Paragraph(markup.inline(labels.RISKS_INTRO), s.small)
    if not blocks:
        blocks = [Paragraph(markup.inline(labels.NONE_RECORDED), s.body)]
    return section(labels.SECTION_RISKS_FULL, [intro, blocks[0]], width) + blocks[1:]


def _alternatives(summary: ConsentSummary, width: float) -> list[Flowable]:
    """Each choice's name kept with the start of its text; long texts split across pages."""
    s = styles()
    items = [*summary.alternatives_discussed, *summary.alternatives_not_discussed]
    out: list[Flowable] = [Paragraph(markup.inline(labels.ALTERNATIVES_INTRO), s.small)]
    for alt in items:
        texts = [markup.inline(t) for t in alt.text.split("\n\n") if t.strip()] or [""]
        texts[-1] = with_refs(texts[-1], alt.references)
        name = Heading(markup.bold(markup.inline(alt.name)), s.body_tight)
        out += guarded(name, [Paragraph(t, s.body) for t in texts], width)
    if not items:
        out.append(Paragraph(markup.inline(labels.NONE_RECORDED), s.body))
    heading = SectionHeading(markup.inline(labels.SECTION_ALTERNATIVES_FULL), s.section)
    return guarded(heading, out[:4], width) + out[4:]


def _pairs_table(pairs: list[LabelledValue], width: float, share: float = 0.3) -> Table:
    s = styles()
    rows = [
        [Paragraph(markup.bold(markup.inline(p.label)), s.glossary), paras([p.value], s.glossary)]
        for p in pairs
    ]
    table = Table(rows, colWidths=[width * share, width * (1 - share)], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, palette().rule),
            ]
        )
    )
    return table


def _recovery(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    for phase in summary.recovery.phases:
        texts = [markup.inline(t) for t in phase.paragraphs]
        if texts:
            texts[-1] = with_refs(texts[-1], phase.references)
        out += sub(phase.title, [Paragraph(t, s.body) for t in texts], width)
    if summary.recovery.advice:
        table = _pairs_table(list(summary.recovery.advice), width)
        out += sub(labels.RECOVERY_ADVICE, [table], width)
    if not out:
        return section(labels.SECTION_RECOVERY, [Paragraph(labels.NONE_RECORDED, s.body)], width)
    return section_then(labels.SECTION_RECOVERY, out, width)


def _glossary(summary: ConsentSummary, width: float) -> list[Flowable]:
    if not summary.glossary:
        return []
    return section(
        labels.SECTION_GLOSSARY, [_pairs_table(list(summary.glossary), width, 0.22)], width
    )


def _references(summary: ConsentSummary, width: float) -> list[Flowable]:
    s = styles()
    refs = [
        Paragraph(markup.inline(r.citation), s.reference, bulletText=f"{r.number}.")
        for r in summary.references
    ]
    if not refs:
        return []
    intro = Paragraph(markup.inline(labels.REFERENCES_INTRO), s.small)
    return section(labels.SECTION_REFERENCES, [intro, refs[0]], width) + refs[1:]
