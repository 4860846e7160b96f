"""The procedure content pack: steps, risks, benefits, alternatives, candidacy, sources."""

from consultaid.content.citations import vancouver
from consultaid.content.figures import format_frequency, format_range, format_time_points
from consultaid.content.loader import content_version, load_procedure
from consultaid.content.model import Benefit, MoreLikely, Procedure, Risk, Source, Step
from consultaid.content.selection import (
    benefit_text,
    benefits_for,
    more_likely_for,
    step_paragraphs,
    step_text,
)

__all__ = [
    "Benefit",
    "MoreLikely",
    "Procedure",
    "Risk",
    "Source",
    "Step",
    "benefit_text",
    "benefits_for",
    "content_version",
    "format_frequency",
    "format_range",
    "format_time_points",
    "load_procedure",
    "more_likely_for",
    "step_paragraphs",
    "step_text",
    "vancouver",
]
