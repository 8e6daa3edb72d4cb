"""The web chronology: every page of a static site, made from the records.

:func:`pages` yields each file of the site (its path from the site's root, and its
bytes), one at a time: an index of partners with the whole timeline, a page per partner
(its chronology, oldest first, with its own timeline), an "on this day" page for each of
the 366 days of the year with the anniversaries that fall on it in the chosen year, the
coming milestones, the style sheet and the search script. Pages link to one another by
relative paths, so the site works from a folder as from any web server, and nothing is
asked of another host. In both languages, each language has its own folder and every
page links to the same page in the other.

A partner with more records than :data:`PAGE_SIZE` has its chronology over several
pages, so that no page is larger than a browser lays out at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence

from dipltime import __version__
from dipltime.domain.core import Occurrence, Settings, anniversaries, events_on, home_party
from dipltime.domain.dates import observed_on
from dipltime.domain.filters import month_days
from dipltime.domain.language import Language
from dipltime.domain.model import Event, Party
from dipltime.outputs.htmlpage import SEARCH, STYLE, Link, article, bdi, page, search_box, text
from dipltime.outputs.render import PLAIN, headline, occurrence_line
from dipltime.outputs.svgtimeline import Band, bands_of, label, timeline

PAGE_SIZE = 500
"""Records on one page of a partner's chronology, at most."""
MILESTONE_YEARS = 10
"""How many years ahead the coming milestones reach."""
DAYS = [
    (month, day)
    for month in range(1, 13)
    for day in range(1, 32)
    if day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
]
"""Every day of the year, 29 February included."""


def slug(code: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", code.lower()).strip("-") or "party"


class Site:
    """What every page of one language needs: the records, their parties, the year the
    anniversaries are counted in (never "today": the same records and year give the same
    site), and where the language's pages are."""

    def __init__(
        self,
        events: Sequence[Event],
        parties: Mapping[str, Party],
        lang: Language,
        year: int,
        settings: Settings,
        folder: str = "",
        other: str | None = None,
    ) -> None:
        self.events = events
        self.parties = parties
        self.lang = lang
        self.year = year
        self.settings = settings
        self.folder = folder  # "" or "en/": where this language's pages are
        self.other = other  # the other language's code, when there are two
        counted: dict[str, int] = {}
        for event in events:
            for code in event.parties:
                counted[code] = counted.get(code, 0) + 1
        self.home = home_party(counted, parties)
        names = {code: lang.party(parties.get(code), code) for code in counted if code != self.home}
        self.names = dict(sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[0])))
        self.counts = counted
        self._year: tuple[Occurrence, ...] | None = None
        self._days: dict[int, list[Event]] | None = None
        alone = sum(1 for event in events if set(event.parties) <= {self.home})
        if alone and self.home is not None:  # its own acts (a summit it hosted): listed last
            self.names[self.home] = lang.party(parties.get(self.home), self.home)
            self.counts[self.home] = alone

    def anniversaries(self) -> tuple[Occurrence, ...]:
        """Every anniversary in the chosen year (worked out once for every page)."""
        if self._year is None:
            self._year = anniversaries(self.events, self.year, self.settings)
        return self._year

    def on(self, month: int, day: int) -> tuple[Occurrence, ...]:
        """The anniversaries on a day of the chosen year, from the records that touch it
        (each record is sorted into the days it touches once, not read 366 times)."""
        if self._days is None:
            self._days = {}
            for event in self.events:
                for touched in month_days(event):
                    self._days.setdefault(touched, []).append(event)
        near = {month * 100 + day}
        if (month, day) in ((2, 28), (2, 29), (3, 1)):  # 29 February, observed elsewhere
            near |= {228, 229, 301}
        candidates = sorted(
            {id(e): e for key in near for e in self._days.get(key, [])}.values(),
            key=lambda e: e.sort_key,
        )
        return events_on(candidates, month, day, self.year, self.settings)

    def records_of(self, code: str) -> list[Event]:
        """A partner's records; the state's own, for its own code."""
        if code == self.home:
            return [event for event in self.events if set(event.parties) <= {code}]
        return [event for event in self.events if code in event.parties]

    def href(self, code: str, number: int = 1) -> str:
        return f"partners/{slug(code)}{'' if number == 1 else f'-{number}'}.html"

    def nav(self) -> list[Link]:
        _ = self.lang._
        return [
            Link(self.folder + "index.html", _("Partners")),
            Link(self.folder + "days/index.html", _("On this day")),
            Link(self.folder + "milestones.html", _("Coming milestones")),
        ]

    def page(self, path: str, heading: str, body: str, search: bool = False) -> tuple[str, bytes]:
        other = None
        if self.other is not None:
            other = Link(f"{self.other}/{path}", self.other)
        footer = text(
            self.lang._("Made by dipltime {version} from {count} records.").format(
                version=__version__, count=len(self.events)
            )
        )
        whole = self.folder + path
        built = page(
            lang=self.lang,
            heading=heading,
            body=body,
            path=whole,
            nav=self.nav(),
            other=other,
            search=search,
            footer=footer,
        )
        return whole, built


def pages(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every page of one language of the site."""
    yield index_page(site)
    for code in site.names:
        yield from partner_pages(site, code)
    for month, day in DAYS:
        yield day_page(site, month, day)
    yield days_page(site)
    yield milestones_page(site)


def shared_files() -> Iterator[tuple[str, bytes]]:
    """The files every language shares: the style sheet and the search script."""
    yield "site.css", STYLE.encode("utf-8")
    yield "search.js", SEARCH.encode("utf-8")


def _milestones(site: Site) -> dict[str, bool]:
    """Which records have a milestone in the chosen year."""
    return {o.event.id: True for o in site.anniversaries() if o.milestone}


def index_page(site: Site) -> tuple[str, bytes]:
    _ = site.lang._
    bands = bands_of(site.events, site.home, site.names, {c: site.href(c) for c in site.names})
    said = site.lang.in_a_sentence(site.parties.get(site.home or ""), site.home or "")
    caption = site.lang.fill(
        _("The timeline of {home}'s relations with {count} partners"), home=said, count=len(bands)
    )
    picture = timeline(bands, site.lang, _milestones(site), caption)
    items = "".join(
        f"<li><a href='{site.href(code)}'>{bdi(site.lang.standalone(name))}</a> "
        f"<span class='count'>({site.counts[code]})</span></li>"
        for code, name in site.names.items()
    )
    legend = text(
        _(
            "A dot is a day, a bar days in a row or a month, a pale bar a year, a bracket a "
            "span of years the act lies in; dashed: the date is inferred or approximate; "
            "ringed: a milestone in {year}."
        ).format(year=site.year)
    )
    body = (
        f"<figure class='timeline'>{picture}</figure><p class='legend'>{legend}</p>"
        f"<h2>{text(_('Partners'))}</h2><ul class='partners'>{items}</ul>"
    )
    heading = site.lang.standalone(
        site.lang.fill(_("The diplomatic relations of {home}"), home=said)
    )
    return site.page("index.html", heading, body)


def partner_pages(site: Site, code: str) -> Iterator[tuple[str, bytes]]:
    _ = site.lang._
    records = site.records_of(code)
    chunks = [records[start : start + PAGE_SIZE] for start in range(0, len(records), PAGE_SIZE)]
    home = site.lang.party(site.parties.get(site.home or ""), site.home or "")
    milestones = _milestones(site)
    for number, chunk in enumerate(chunks, 1):
        band = [Band(label(site.names[code]), site.href(code, number), chunk)]
        caption = site.lang.fill(
            _("The timeline of {home} and {partner}"),
            home=site.lang.in_a_sentence(site.parties.get(site.home or ""), site.home or ""),
            partner=site.lang.in_a_sentence(site.parties.get(code), code),
        )
        picture = timeline(band, site.lang, milestones, caption, up="../")
        articles = "".join(
            article(
                event,
                site.parties,
                site.lang,
                extra=_ring(site, event, milestones),
            )
            for event in chunk
        )
        more = ""
        if len(chunks) > 1:
            more = (
                "<nav class='pages'>"
                + " ".join(
                    f"<a href='{site.href(code, n).split('/')[-1]}'"
                    + (" aria-current='page'" if n == number else "")
                    + f">{n}</a>"
                    for n in range(1, len(chunks) + 1)
                )
                + "</nav>"
            )
        body = (
            f"<figure class='timeline'>{picture}</figure>{search_box(site.lang)}{more}"
            f"<ol class='chronology'>{articles}</ol>{more}"
        )
        standalone = site.lang.standalone
        heading = standalone(home if code == site.home else f"{home} – {site.names[code]}")
        yield site.page(site.href(code, number), heading, body, search=True)


def _ring(site: Site, event: Event, milestones: Mapping[str, bool]) -> str:
    if not milestones.get(event.id):
        return ""
    occ = next(o for o in anniversaries([event], site.year, site.settings))
    return f"<p class='milestone'>★ {bdi(headline(occ, site.lang, site.parties))}</p>"


def day_page(site: Site, month: int, day: int) -> tuple[str, bytes]:
    _ = site.lang._
    found = site.on(month, day)
    name = _("{day} {month}").format(day=day, month=site.lang.months[month - 1])
    heading = _("On {day}: anniversaries in {year}").format(day=name, year=site.year)
    items = "".join(_occurrence(site, occ) for occ in found)
    if not items:
        none = _("No recorded event falls on this day.")
        items = f"<li>{text(none)}</li>"
    here = dt.date(2000, month, day)
    before, after = here - dt.timedelta(days=1), here + dt.timedelta(days=1)
    days = text(_("Days"))
    steps = (
        f"<nav class='days' aria-label='{days}'>"
        f"<a href='{before.month:02}-{before.day:02}.html' rel='prev'>← {before.day} "
        f"{text(site.lang.months_abbr[before.month - 1])}</a> · "
        f"<a href='{after.month:02}-{after.day:02}.html' rel='next'>{after.day} "
        f"{text(site.lang.months_abbr[after.month - 1])} →</a></nav>"
    )
    if (month, day) == (2, 29):
        observed = observed_on(2, 29, site.year, site.settings.feb29)
        if observed.day != 29:
            none = _("{year} has no 29 February.").format(year=site.year)
            steps += f"<p>{text(none)}</p>"
    body = f"{steps}<ul class='days'>{items}</ul>"
    return site.page(f"days/{month:02}-{day:02}.html", heading, body)


def _occurrence(site: Site, occ: Occurrence, up: str = "../") -> str:
    event = occ.event
    line = occurrence_line(occ, PLAIN, site.lang, site.parties)
    shown = site.lang.describe(event.spec, event.end)
    partner = next((c for c in event.parties if c != site.home and c in site.names), None)
    where = f"{up}{site.href(partner)}#{text(event.id)}" if partner else None
    said = f"<a href='{where}'>{bdi(line)}</a>" if where else bdi(line)
    cls = "event milestone" if occ.milestone else "event"
    return f"<li class='{cls}'>{said} <span class='date'>({text(shown)})</span></li>"


def days_page(site: Site) -> tuple[str, bytes]:
    """The year as a calendar: each day links to its page, with how many anniversaries
    fall on it in the chosen year."""
    _ = site.lang._
    counted: dict[tuple[int, int], int] = {}
    for occ in site.anniversaries():
        if occ.observed is not None:
            key = (occ.event.date.month, occ.event.date.day)
            counted[key] = counted.get(key, 0) + 1
    sections = []
    for month in range(1, 13):
        days = "".join(
            f"<li><a href='{m:02}-{d:02}.html'>{d}</a>"
            + (f" <span class='count'>({counted[(m, d)]})</span>" if (m, d) in counted else "")
            + "</li>"
            for m, d in DAYS
            if m == month
        )
        name = text(site.lang.standalone(site.lang.months[month - 1]))
        sections.append(f"<h2>{name}</h2><ul class='calendar'>{days}</ul>")
    heading = _("On this day: anniversaries in {year}").format(year=site.year)
    return site.page("days/index.html", heading, "".join(sections))


def milestones_page(site: Site) -> tuple[str, bytes]:
    _ = site.lang._
    sections = []
    for year in range(site.year, site.year + MILESTONE_YEARS):
        found = [occ for occ in anniversaries(site.events, year, site.settings) if occ.milestone]
        if found:
            items = "".join(_occurrence(site, occ, up="") for occ in found)
            sections.append(f"<h2>{year}</h2><ul class='days'>{items}</ul>")
    heading = _("Coming milestones, {first}–{last}").format(
        first=site.year, last=site.year + MILESTONE_YEARS - 1
    )
    none = _("No milestone in these years.")
    body = "".join(sections) or f"<p>{text(none)}</p>"
    return site.page("milestones.html", heading, body)


def languages_page(codes: Sequence[str]) -> tuple[str, bytes]:
    """The root of a site in several languages: a link to each, each in its own language."""
    from dipltime.domain.language import language

    said = {code: language(code)._("The diplomatic relations, as a chronology") for code in codes}
    items = "".join(
        f"<li lang='{code}'><a href='{code}/index.html' hreflang='{code}'>"
        f"{text(said[code])}</a></li>"
        for code in codes
    )
    first = language(codes[0])
    built = page(
        lang=first,
        heading="dipltime",
        body=f"<ul class='languages'>{items}</ul>",
        path="index.html",
        nav=[],
    )
    return "index.html", built


def site_files(
    events: Sequence[Event],
    parties: Mapping[str, Party],
    lang: Language,
    year: int,
    settings: Settings,
    both: bool = False,
) -> list[tuple[str, bytes]]:
    """Every file of the site, in ``lang`` or, with ``both``, in English and Spanish."""
    from dipltime.domain.language import language

    codes = ["en", "es"] if both else [lang.code]
    files = list(shared_files())
    for code in codes:
        other = next((c for c in codes if c != code), None)
        folder = f"{code}/" if both else ""
        speaking = language(code) if both else lang
        files.extend(pages(Site(events, parties, speaking, year, settings, folder, other)))
    if both:
        files.append(languages_page(codes))
    return files
