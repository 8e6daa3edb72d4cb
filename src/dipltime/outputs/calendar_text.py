"""What a calendar event says, in the chosen language: the summary of an anniversary
and the description of its record (the date and how it was obtained, parties, sources)."""

from __future__ import annotations

from collections.abc import Iterable

from dipltime.domain.core import Occurrence, ended_as, ending_date
from dipltime.domain.dates import MARKS, Precision
from dipltime.domain.kinds import KINDS
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Collection, Event
from dipltime.outputs.render import title as render_title


def _original(event: Event, lang: Language) -> str:
    """The event's year in a title, or its date at its precision when it has no day."""
    if event.date.precision is Precision.DAY:
        return str(event.date.year)
    return lang._("{date}; no recorded day").format(date=lang.date(event.date))


def instance_summary(
    occ: Occurrence, collection: Collection | None = None, lang: Language | None = None
) -> str:
    """``30th anniversary of Peru–Viet Nam diplomatic relations (1994)``, milestones starred."""
    lang = lang or ENGLISH
    parties = collection.parties if collection is not None else {}
    assert occ.anniversary is not None
    text = lang.fill(
        lang._("{ordinal} anniversary of {title}"),
        ordinal=lang.ordinal(occ.anniversary),
        title=render_title(occ.event, parties, lang),
    )
    text = f"{text} ({_original(occ.event, lang)})"
    if occ.milestone:
        jubilee = lang.jubilee(occ.jubilee)
        text = "★ " + text + (f" — {jubilee}" if jubilee else "")
    return text


def _no_day_note(event: Event, lang: Language) -> str:
    _ = lang._
    if event.date.month:
        return _(
            "The sources give no day for this event: it is placed on the first day of its "
            "month only so that it appears in calendars."
        )
    return _(
        "The sources give no day for this event: it is placed on the first day of its "
        "year only so that it appears in calendars."
    )


def instance_notes(occ: Occurrence, lang: Language | None = None) -> list[str]:
    """What an anniversary instance adds to the description: milestone, missing day, 29 Feb."""
    lang = lang or ENGLISH
    _ = lang._
    lines = []
    if occ.milestone:
        jubilee = lang.jubilee(occ.jubilee)
        said = (
            _("Milestone: the {ordinal} anniversary ({jubilee}).")
            if jubilee
            else _("Milestone: the {ordinal} anniversary.")
        )
        lines.append(lang.fill(said, ordinal=lang.ordinal(occ.anniversary or 0), jubilee=jubilee))
    if occ.observed is None:
        lines.append(_no_day_note(occ.event, lang))
    start = occ.event.date
    if (
        occ.observed is not None
        and (start.month, start.day) == (2, 29)
        and (occ.observed.month, occ.observed.day) != (2, 29)
    ):
        lines.append(
            _("Observed on {day}: {year} has no 29 February.").format(
                day=occ.observed.isoformat(), year=occ.year
            )
        )
    return lines


def describe(
    event: Event, collection: Collection, extra: Iterable[str] = (), lang: Language | None = None
) -> str:
    """The description: summary, original date and how it was obtained, parties, sources."""
    lang = lang or ENGLISH
    _ = lang._
    basis = _("stated in the sources")
    if event.mark or event.bound:
        basis = f"{lang._(MARKS.get(event.mark) or 'a span of time')}: {event.date_note}"
    parties = ", ".join(lang.party(collection.parties.get(c), c) for c in event.parties)
    summary = event.summary
    if not lang.is_source:
        summary = _("[in English] ") + summary
    lines = [summary, "", *extra]
    if extra:
        lines.append("")
    lines += [
        _("Date: {date} ({basis})").format(date=lang.describe(event.spec, event.end), basis=basis),
        *(
            _("Other date: {date} according to {source}").format(
                date=lang.describe(o.date, o.end), source=o.source.id or o.source.publisher
            )
            for o in event.other_dates
        ),
        _("Kind: {kind}").format(kind=lang.kind(KINDS[event.kind].label)),
        _("Parties: {parties}").format(parties=parties),
    ]
    if event.certainty != "certain":
        certainty = f"{lang.certainty(event.certainty)}: {event.certainty_note}"
        lines.append(_("Certainty: {certainty}").format(certainty=certainty))
    for ending in event.ended:
        ended = f"{ended_as(ending, lang)} {ending_date(ending, lang)} ({ending.by})"
        lines.append(_("Ended: {ended}").format(ended=ended))
    if event.places:
        lines.append(_("Places: {places}").format(places="; ".join(event.places)))
    if event.people:
        lines.append(_("People: {people}").format(people="; ".join(event.people)))
    if event.notes:
        lines.append(_("Notes: {notes}").format(notes=event.notes))
    lines.append(_("Sources:"))
    for number, src in enumerate(event.sources, 1):
        where = ", ".join(x for x in (src.document, src.locator) if x)
        lines.append(
            f"{number}. "
            + _("{publisher}; title: {title}; published: {date}").format(
                publisher=lang.stated(src.publisher),
                title=lang.stated(src.title),
                date=lang.stated(src.date),
            )
            + (f" ({where})" if where else "")
        )
    lines.append(_("Record: {id}").format(id=event.id))
    return "\n".join(lines)
