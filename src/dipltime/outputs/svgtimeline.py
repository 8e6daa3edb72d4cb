"""The timeline as a picture: an SVG drawn by dipltime, readable without any script.

One band per partner, a year axis, and one mark per event where its date puts it, drawn
as what the date is: a day is a dot, days in a row (a visit) a bar from the first to the
last, a month a bar as long as the month, a year a pale bar as long as the year, a span
an event lies in ("between 1840 and 1844", "before 1826") an open bracket over it. An
inferred or approximate date has a dashed outline; a milestone in the chosen year is
ringed. Every mark carries its date and title as a ``<title>`` (a tooltip, and what a
screen reader says), and links to its record. For a collection too large for a mark
each, :func:`density` draws how many records each partner has in each decade. The same
records give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

from dipltime.domain.language import Language
from dipltime.domain.model import Event
from dipltime.outputs.htmlpage import anchor, text

LEFT = 230
"""Room for the partners' names."""
WIDTH = 1000
RIGHT = 30
"""Room after the last year, for its label."""
BAND = 30
TOP = 34


class Band(NamedTuple):
    """A partner's row: its name, the page its records are on, and its records."""

    label: str
    href: str
    events: Sequence[Event]
    where: Callable[[str], str] | None = None
    """The page a record of the band is on, when the band's records go over several."""


def _span(event: Event) -> tuple[dt.date, dt.date]:
    """The first and last day the mark covers."""
    spec = event.spec
    first = spec.date.first_day
    if spec.bound == "between" and spec.until is not None:
        return first, spec.until.last_day
    if event.end is not None:
        return first, event.end.last_day
    return first, spec.date.last_day


def _axis(first: int, last: int) -> tuple[int, int, int]:
    """The years the axis runs over (whole steps) and its step between labelled ticks."""
    years = max(last - first, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if years / s <= 12)
    return first - first % step, last - last % step + step, step


def timeline(
    bands: Sequence[Band],
    lang: Language,
    milestones: Collection[str],
    caption: str,
    up: str = "",
) -> str:
    """The SVG of ``bands`` (inline in a page), with ``caption`` as its accessible name;
    ``milestones`` says which records have a milestone in the chosen year."""
    dated = [event for band in bands for event in band.events]
    if not dated:
        return ""
    first_year = min(_span(event)[0].year for event in dated)
    last_year = max(_span(event)[1].year for event in dated)
    start, stop, step = _axis(first_year, last_year)
    origin = dt.date(start, 1, 1).toordinal()
    length = dt.date(stop, 1, 1).toordinal() - origin

    def x(day: dt.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day.toordinal() - origin) / length

    height = TOP + BAND * len(bands) + 10
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height}' "
        "aria-labelledby='svg-title'>",
        f"<title id='svg-title'>{text(caption)}</title>",
        "<style>.axis{stroke:currentColor;stroke-opacity:.25} .label{font:12px system-ui,"
        "sans-serif;fill:currentColor} .event{fill:#0b5cad;stroke:#0b5cad} .year,.month"
        "{fill-opacity:.25} .doubt{stroke-dasharray:3 2;fill-opacity:.15} .ring{fill:none;"
        "stroke:#a15c00;stroke-width:2} .bound{fill:none;stroke-width:1.5}</style>",
    ]
    for year in range(start, stop + 1, step):
        at = x(dt.date(year, 1, 1))
        out.append(
            f"<line class='axis' x1='{at:.1f}' y1='{TOP - 8}' x2='{at:.1f}' y2='{height - 6}'/>"
            f"<text class='label' x='{at:.1f}' y='{TOP - 14}' text-anchor='middle'>{year}</text>"
        )
    for row, band in enumerate(bands):
        middle = TOP + BAND * row + BAND / 2
        out.append(
            f"<a href='{up}{text(band.href)}'><text class='label' x='4' y='{middle + 4:.1f}'>"
            f"{text(band.label)}</text></a>"
        )
        out.append(
            f"<line class='axis' x1='{LEFT}' y1='{middle:.1f}' x2='{WIDTH - RIGHT}' y2='{middle:.1f}'/>"
        )
        where = band.where or _same(band.href)
        out.extend(
            _mark(event, x, middle, lang, milestones, up + where(event.id)) for event in band.events
        )
    out.append("</svg>")
    return "\n".join(out)


def _same(href: str) -> Callable[[str], str]:
    return lambda record: href


def _mark(
    event: Event,
    x: Callable[[dt.date], float],
    middle: float,
    lang: Language,
    milestones: Collection[str],
    href: str,
) -> str:
    """One event's mark, with its date and title for a tooltip and a screen reader."""
    from dipltime.outputs.render import title

    first, last = _span(event)
    left, right = x(first), x(last + dt.timedelta(days=1))
    spec = event.spec
    doubt = " doubt" if spec.mark or spec.bound else ""
    said = f"{lang.describe(spec, event.end)}: {lang.standalone(title(event, {}, lang))}"
    label = f"<title>{text(said)}</title>"
    link = f"<a href='{text(href)}#{anchor(event.id)}'>"
    if spec.bound:
        shape = (
            f"<path class='event bound{doubt}' d='M{left:.1f},{middle - 7:.1f} "
            f"v14 M{left:.1f},{middle:.1f} H{right:.1f} M{right:.1f},{middle - 7:.1f} v14'/>"
        )
    elif spec.date.day and (event.end is None or last == first):
        shape = f"<circle class='event day{doubt}' cx='{left:.1f}' cy='{middle:.1f}' r='4.5'/>"
    else:
        precision = "days" if spec.date.day else ("month" if spec.date.month else "year")
        shape = (
            f"<rect class='event {precision}{doubt}' x='{left:.1f}' y='{middle - 5:.1f}' "
            f"width='{max(right - left, 2):.1f}' height='10' rx='2'/>"
        )
    ring = ""
    if event.id in milestones:
        ring = f"<circle class='ring' cx='{(left + right) / 2:.1f}' cy='{middle:.1f}' r='9'/>"
    return f"{link}{label}{shape}{ring}</a>"


def density(
    rows: Sequence[tuple[str, str, Mapping[int, int]]], lang: Language, caption: str
) -> str:
    """The timeline of a large collection: for each partner (label, page, records by
    decade), a cell per decade, the darker the more records it has, titled with the count
    (a page of a few hundred cells, whatever the number of records)."""
    years = [year for _, _, counted in rows for year in counted]
    if not years:
        return ""
    start, stop, step = _axis(min(years), max(years) + 9)
    span = (WIDTH - LEFT - RIGHT) / (stop - start)
    most = max(n for _, _, counted in rows for n in counted.values())
    height = TOP + BAND * len(rows) + 10
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height}' "
        "aria-labelledby='svg-title'>",
        f"<title id='svg-title'>{text(caption)}</title>",
        "<style>.axis{stroke:currentColor;stroke-opacity:.25} .label{font:12px system-ui,"
        "sans-serif;fill:currentColor} .year{fill:#0b5cad}</style>",
    ]
    for year in range(start, stop + 1, step):
        at = LEFT + span * (year - start)
        out.append(
            f"<line class='axis' x1='{at:.1f}' y1='{TOP - 8}' x2='{at:.1f}' y2='{height - 6}'/>"
            f"<text class='label' x='{at:.1f}' y='{TOP - 14}' text-anchor='middle'>{year}</text>"
        )
    for row, (name, href, counted) in enumerate(rows):
        middle = TOP + BAND * row + BAND / 2
        out.append(
            f"<a href='{text(href)}'><text class='label' x='4' y='{middle + 4:.1f}'>"
            f"{text(name)}</text></a>"
        )
        for decade, n in sorted(counted.items()):
            shade = 0.15 + 0.85 * n / most
            said = lang.n_("{first}–{last}: {n} record", "{first}–{last}: {n} records", n).format(
                first=decade, last=decade + 9, n=n
            )
            out.append(
                f"<rect class='year' x='{LEFT + span * (decade - start):.1f}' "
                f"y='{middle - 6:.1f}' width='{span * 10 - 1:.1f}' height='12' "
                f"fill-opacity='{shade:.2f}'><title>{text(said)}</title></rect>"
            )
    out.append("</svg>")
    return "\n".join(out)


def label(name: str) -> str:
    """A name as a band's label: capitalised ("Los Estados Unidos de América")."""
    return name[:1].upper() + name[1:]
