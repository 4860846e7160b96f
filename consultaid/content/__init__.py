"""The procedure content pack: steps, risks, alternatives, candidacy factors, recovery, sources."""

from consultaid.content.figures import format_frequency, format_range
from consultaid.content.loader import content_version, load_procedure
from consultaid.content.model import Procedure, Risk, Step

__all__ = [
    "Procedure",
    "Risk",
    "Step",
    "content_version",
    "format_frequency",
    "format_range",
    "load_procedure",
]
