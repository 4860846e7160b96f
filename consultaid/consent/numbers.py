"""Figures in the words the documents print: whole numbers "in 100" or "in 1,000", no decimals.

The pack states ranges and time points in percent, as the papers do; a patient reads them on the
risk's own denominator, rounded to whole people ("fewer than 1" below one half).
"""

from __future__ import annotations

from consultaid.consent import labels
from consultaid.content.figures import format_per
from consultaid.content.model import BenefitFigure, Frequency, TimePoint


def whole(value: float) -> str:
    """A count of people: "fewer than 1" below one half, else the nearest whole number."""
    if 0 < value < 0.5:
        return "fewer than 1"
    return f"{round(value):,}"


def plain_range(low_percent: float, high_percent: float, per: int) -> str:
    """The reported range on the `per` denominator, whole numbers: "2 to 17 in 1,000"."""
    low, high = whole(low_percent * per / 100), whole(high_percent * per / 100)
    if low == high:
        return f"{low} in {format_per(per)}"
    return f"{low} to {high} in {format_per(per)}"


def risk_range(f: Frequency) -> str:
    return plain_range(f.low_percent, f.high_percent, f.per)


def time_point(point: TimePoint, per: int = 100) -> str:
    """One figure over time: "about 34 in 100 at 2 months"."""
    count = whole(point.percent * per / 100)
    return labels.TIME_POINT.format(count=count, per=format_per(per), when=point.when)


def benefit_figure(figure: BenefitFigure) -> str:
    """ "about 52 in 100, 1 year after surgery", or the range when the sources give no single
    figure ("20 to 62 in 100, over 3 to 6 years"); the time frame as the pack words it."""
    if figure.about is None:
        text = plain_range(figure.low_percent, figure.high_percent, figure.per)
    else:
        about = whole(figure.about)
        head = f"about {about}" if about != "fewer than 1" else about
        text = f"{head} in {format_per(figure.per)}"
    return f"{text}, {figure.time_frame}" if figure.time_frame else text
