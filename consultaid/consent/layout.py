"""What the consent form and the leaflet share: guarded headings, paragraphs, tables, the header.

Page breaks are decided by `guarded`: before each heading a conditional page break asks for room
for the heading *and* the start of what follows (the whole of an unsplittable block, or the first
lines of a paragraph). Long paragraphs then split freely, so a 5 KB answer flows across pages
instead of being pushed whole onto the next one, and no heading is ever left alone at a page foot.
Every user-entered text reaches a Paragraph through `consultaid.consent.markup`.
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
    CONSENT_FORM,
    LEAFLET,
    VERSION_CHARS,
    AmendedVersion,
    ConsentSummary,
    SealedVersion,
    printed_id,
)
from consultaid.consent.flowables import Heading, SectionHeading
from consultaid.consent.styles import REGULAR, palette, styles

MIN_LINES = 3
SLACK = 8.0


def guarded(heading: Flowable, following: Sequence[Flowable], width: float) -> list[Flowable]:
    """The heading and what follows, after a break that fires unless both fit on this page."""
    need = heading.wrap(width, 10_000)[1] + heading.getSpaceBefore() + heading.getSpaceAfter()
    for i, flowable in enumerate(following):
        last = i == len(following) - 1
        need += start_height(flowable, width) if last else full_height(flowable, width)
    return [CondPageBreak(need + SLACK), heading, *following]


def full_height(flowable: Flowable, width: float) -> float:
    if isinstance(flowable, KeepTogether):
        return sum(full_height(f, width) for f in flowable._content)
    return flowable.wrap(width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def start_height(flowable: Flowable, width: float) -> float:
    """Room for the first piece of a flowable that can split, or all of one that cannot."""
    if isinstance(flowable, Paragraph):
        # Not wrapped here: measuring a 5 KB answer costs as much as laying it out, and asking
        # for three lines when the paragraph has fewer only moves a break a little earlier.
        return MIN_LINES * flowable.style.leading + flowable.getSpaceBefore()
    if isinstance(flowable, Table):
        flowable.wrap(width, 10_000)
        return flowable._rowHeights[0]
    return full_height(flowable, width)


def section(title: str, following: Sequence[Flowable], width: float) -> list[Flowable]:
    return guarded(SectionHeading(markup.inline(title), styles().section), following, width)


def sub(title: str, following: Sequence[Flowable], width: float) -> list[Flowable]:
    return guarded(Heading(markup.inline(title), styles().subsection), following, width)


def section_then(title: str, block: list[Flowable], width: float) -> list[Flowable]:
    """A section heading kept with the first guarded block under it (`[break, heading, …]`)."""
    heading = SectionHeading(markup.inline(title), styles().section)
    return guarded(heading, block[1:3], width) + block[3:]


def paras(texts: Sequence[str], style: ParagraphStyle | None = None) -> list[Flowable]:
    st = style or styles().body
    return [Paragraph(t, st) for text in texts for t in markup.paragraphs(text)]


def with_refs(text: str, numbers: tuple[int, ...]) -> str:
    refs = markup.references(numbers)
    return f"{text} {refs}" if refs else text


def table_style(commands: list[tuple]) -> TableStyle:
    """Table commands plus the body font: reportlab's table default is unembedded Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def cell(label: str, value: str) -> list[Flowable]:
    s = styles()
    return [Paragraph(markup.inline(label), s.label), Paragraph(markup.inline(value), s.value)]


def header(summary: ConsentSummary, width: float, kind: str) -> list[Flowable]:
    """Clinic, title, who and when, and the line naming the other document by kind and id."""
    s = styles()
    p = palette()
    out: list[Flowable] = []
    if summary.clinic.name.strip():
        out.append(Paragraph(markup.inline(summary.clinic.name), s.clinic))
    out += [Paragraph(markup.inline(line), s.address) for line in summary.clinic.address]
    title = labels.LEAFLET_TITLE if kind == LEAFLET else labels.CONSENT_FORM_TITLE
    out.append(Paragraph(markup.inline(title), s.title))
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
        cells.append((labels.INTERPRETER, f"{i.name} ({i.language})".replace(" ()", "")))
    rows = [
        [cell(label, value) for label, value in cells[n : n + 3]] for n in range(0, len(cells), 3)
    ]
    for row in rows:
        row.extend([""] * (3 - len(row)))
    table = Table(rows, colWidths=[width / 3] * 3, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), p.accent_soft),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    out.append(table)
    version = c.content_version[:VERSION_CHARS]
    other = (
        labels.GOES_WITH_FORM.format(document=printed_id(summary, CONSENT_FORM), version=version)
        if kind == LEAFLET
        else labels.GOES_WITH_LEAFLET.format(document=summary.leaflet_id, version=version)
    )
    out += [Spacer(1, 5), Paragraph(markup.inline(other), s.small)]
    if summary.draft:
        out.append(Paragraph(markup.inline(labels.DRAFT_NOTE), s.raised))
    if summary.amended is not None and kind == CONSENT_FORM:
        out.append(Paragraph(markup.inline(amended_note(summary.amended)), s.raised))
    return out


def amended_note(amended: AmendedVersion) -> str:
    earlier = amended.supersedes
    if earlier is None:
        return labels.AMENDED_NOTE_NO_EARLIER
    return labels.AMENDED_NOTE.format(
        document=document_name(earlier),
        sealed=labels.format_local_datetime(earlier.sealed_at),
        sha256=earlier.sha256[:VERSION_CHARS],
    )


def signed_note(amended: AmendedVersion) -> str:
    original = amended.original
    if original is None:
        return labels.SIGNED_BEFORE_AMENDMENTS.format(
            date=labels.format_local_datetime(amended.finalized_at)
        )
    return labels.SIGNED_ON_ORIGINAL.format(
        document=document_name(original), date=labels.format_local_datetime(original.sealed_at)
    )


def document_name(version: SealedVersion) -> str:
    """`4 (CA-12-…)`: the number to print it by, and the id its pages carry."""
    return f"{version.id} ({version.printed_id})" if version.printed_id else str(version.id)
