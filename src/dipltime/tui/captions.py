"""The lines above the browser's lists: what each view shows, in the browser's language."""

from __future__ import annotations

import datetime as dt

from dipltime.domain.browse import Query
from dipltime.domain.language import Language


def filter_bar(described: str, lang: Language) -> str:
    _ = lang._
    if described:
        return _("Filters: {filters}   (x clears)").format(filters=described)
    return _("No filters — f filters, / searches")


def timeline(shown: int, total: int, lang: Language) -> str:
    return lang._("{shown} of {total} events, oldest first").format(shown=shown, total=total)


def on_day(query: Query, found: int, today: dt.date, lang: Language) -> str:
    day = lang._("{day} {month}").format(day=query.day, month=lang.months[query.month - 1])
    n_ = lang.n_
    caption = (
        n_(
            "On {day}: {count} milestone, anniversaries in {year}  (d: another day)",
            "On {day}: {count} milestones, anniversaries in {year}  (d: another day)",
            found,
        )
        if query.milestones_only
        else n_(
            "On {day}: {count} event, anniversaries in {year}  (d: another day)",
            "On {day}: {count} events, anniversaries in {year}  (d: another day)",
            found,
        )
    )
    return caption.format(day=day, count=found, year=today.year)


def upcoming(query: Query, found: int, today: dt.date, lang: Language) -> str:
    n_ = lang.n_
    last = today + dt.timedelta(days=query.upcoming_days - 1)
    caption = (
        n_(
            "{count} milestone anniversary from {first} to {last}",
            "{count} milestone anniversaries from {first} to {last}",
            found,
        )
        if query.milestones_only
        else n_(
            "{count} anniversary from {first} to {last}",
            "{count} anniversaries from {first} to {last}",
            found,
        )
    )
    said = caption.format(
        count=found, first=lang.short_day(today, pad=False), last=lang.short_day(last, pad=False)
    )
    return said + "  " + lang._("(+/-: a month more/less, m: milestones only)")
