"""The web chronology: every page of a static site, made from the records.

:func:`site_files` yields each file of the site (its path from the site's root, and its
bytes), one at a time: an index of partners with the whole timeline, a page per partner
(its chronology, oldest first, with its own timeline), an "on this day" page for each of
the 366 days of the year with the anniversaries that fall on it in the chosen year, a
calendar of the year, the coming milestones year by year, the style sheet and the search
script. Pages link to one another by relative paths, so the site works from a folder as
from any web server, and nothing is asked of another host. In both languages, each
language has its own folder and every page links to the same page in the other.

No page holds more than :data:`PAGE_SIZE` records (a partner's chronology and a year's
milestones go over several pages), and the records come from :mod:`siterecords` a page
at a time: the site of a large collection is written in bounded memory. Its index draws a
mark per record up to :data:`MARKS` records, and above that how many records each
partner has in each year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from dipltime import __version__
from dipltime.domain.core import Occurrence, Settings, home_party
from dipltime.domain.dates import observed_on
from dipltime.domain.language import Language
from dipltime.domain.model import Event
from dipltime.outputs.htmlpage import SEARCH, STYLE, Link, article, bdi, page, search_box, text
from dipltime.outputs.render import PLAIN, headline, occurrence_line
from dipltime.outputs.siterecords import Records
from dipltime.outputs.svgtimeline import Band, density, label, timeline

PAGE_SIZE = 500
"""Records (or anniversaries) on one page, at most."""
MARKS = 2000
"""Up to this many records, the index's timeline has a mark for each."""
MILESTONE_YEARS = 10
"""How many years the coming milestones reach, from the chosen year."""
DAYS = [
    (month, day)
    for month in range(1, 13)
    for day in range(1, 32)
    if day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
]
"""Every day of the year, 29 February included."""


def slug(code: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", code.lower()).strip("-") or "party"


def numbered(path: str, number: int) -> str:
    """The ``number``-th page of a list that goes over several (``x.html``, ``x-2.html``)."""
    return path if number == 1 else path.replace(".html", f"-{number}.html")


_END = object()
T = TypeVar("T")


def chunks(items: Iterable[T], peek: bool = False) -> Iterator[Any]:
    """``items`` a page at a time; with ``peek``, each page with whether another follows."""
    chunk: list[T] = []
    ahead = iter(items)
    for item in ahead:
        chunk.append(item)
        if len(chunk) == PAGE_SIZE:
            following = next(ahead, _END)
            yield (chunk, following is not _END) if peek else chunk
            chunk = [] if following is _END else [following]  # type: ignore[list-item]
    if chunk:
        yield (chunk, False) if peek else chunk


class Site:
    """What every page of one language needs: the records, the year the anniversaries are
    counted in (never "today": the same records and year give the same site), and where
    the language's pages are."""

    def __init__(
        self,
        records: Records,
        lang: Language,
        year: int,
        settings: Settings,
        folder: str = "",
        other: str | None = None,
    ) -> None:
        self.records = records
        self.parties = records.parties
        self.lang = lang
        self.year = year
        self.settings = settings
        self.folder = folder  # "" or "en/": where this language's pages are
        self.other = other  # the other language's code, when there are two
        self.counts = records.counts()
        self.home = home_party(self.counts, self.parties)
        alone = sum(1 for _ in records.of(self.home, alone=True)) if self.home else 0
        names = {c: lang.party(self.parties.get(c), c) for c in self.counts if c != self.home}
        self.names = dict(sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[0])))
        if alone and self.home is not None:  # its own acts (a summit it hosted): listed last
            self.names[self.home] = lang.party(self.parties.get(self.home), self.home)
            self.counts[self.home] = alone
        self.marks = sum(self.counts[code] for code in self.names)  # one per band it is in
        self.count = records.count()
        self._year: tuple[set[str], dict[tuple[int, int], int]] | None = None

    def of(self, code: str) -> Iterator[Event]:
        """A partner's records, oldest first; the state's own for its own code."""
        return self.records.of(code, alone=code == self.home)

    def year_at_a_glance(self) -> tuple[set[str], dict[tuple[int, int], int]]:
        """The records with a milestone in the chosen year, and how many anniversaries
        fall on each day of it (read once, for every page)."""
        if self._year is None:
            milestones: set[str] = set()
            days: dict[tuple[int, int], int] = {}
            for occ in self.records.through(self.year, self.settings):
                if occ.milestone:
                    milestones.add(occ.event.id)
                if occ.observed is not None:
                    key = (occ.event.date.month, occ.event.date.day)
                    days[key] = days.get(key, 0) + 1
            self._year = milestones, days
        return self._year

    def href(self, code: str, number: int = 1) -> str:
        return numbered(f"partners/{slug(code)}.html", number)

    def in_a_sentence(self, code: str | None) -> str:
        return self.lang.in_a_sentence(self.parties.get(code or ""), code or "")

    def nav(self) -> list[Link]:
        _ = self.lang._
        return [
            Link(self.folder + "index.html", _("Partners")),
            Link(self.folder + "days/index.html", _("On this day")),
            Link(self.folder + "milestones.html", _("Coming milestones")),
        ]

    def page(self, path: str, heading: str, body: str, search: bool = False) -> tuple[str, bytes]:
        other = Link(f"{self.other}/{path}", self.other) if self.other is not None else None
        said = self.lang._("Made by dipltime {version} from {count} records.")
        footer = text(said.format(version=__version__, count=self.count))
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
    """Every page of one language of the site, one at a time."""
    yield index_page(site)
    for code in site.names:
        yield from partner_pages(site, code)
    for month, day in DAYS:
        yield day_page(site, month, day)
    yield days_page(site)
    yield from milestones_pages(site)


def shared_files() -> Iterator[tuple[str, bytes]]:
    """The files every language shares: the style sheet and the search script."""
    yield "site.css", STYLE.encode("utf-8")
    yield "search.js", SEARCH.encode("utf-8")


def index_page(site: Site) -> tuple[str, bytes]:
    _ = site.lang._
    said = site.in_a_sentence(site.home)
    caption = site.lang.fill(
        _("The timeline of {home}'s relations with {count} partners"),
        home=said,
        count=len(site.names),
    )
    milestones, _days = site.year_at_a_glance()
    if site.marks <= MARKS:
        bands = [Band(label(n), site.href(c), list(site.of(c))) for c, n in site.names.items()]
        picture = timeline(bands, site.lang, milestones, caption)
        legend = _(
            "A dot is a day, a bar days in a row or a month, a pale bar a year, a bracket a "
            "span of years the act lies in; dashed: the date is inferred or approximate; "
            "ringed: a milestone in {year}."
        ).format(year=site.year)
    else:
        rows = [
            (label(name), site.href(code), _per_decade(site.of(code)))
            for code, name in site.names.items()
        ]
        picture = density(rows, site.lang, caption)
        legend = _(
            "The darker a decade, the more records it has; each partner's page has them all."
        )
    items = "".join(
        f"<li><a href='{site.href(code)}'>{bdi(site.lang.standalone(name))}</a> "
        f"<span class='count'>({site.counts[code]})</span></li>"
        for code, name in site.names.items()
    )
    partners = text(_("Partners"))
    body = (
        f"<figure class='timeline'>{picture}</figure><p class='legend'>{text(legend)}</p>"
        f"<h2>{partners}</h2><ul class='partners'>{items}</ul>"
    )
    heading = site.lang.standalone(
        site.lang.fill(_("The diplomatic relations of {home}"), home=said)
    )
    return site.page("index.html", heading, body)


def _per_decade(events: Iterable[Event]) -> dict[int, int]:
    counted: dict[int, int] = {}
    for event in events:
        decade = event.date.year - event.date.year % 10
        counted[decade] = counted.get(decade, 0) + 1
    return counted


def _pager(site: Site, path: str, count: int, number: int) -> str:
    """Links to the pages of a list that goes over several."""
    total = -(-count // PAGE_SIZE)
    if total < 2:
        return ""
    links = " ".join(
        f"<a href='{numbered(path, n).split('/')[-1]}'"
        + (" aria-current='page'" if n == number else "")
        + f">{n}</a>"
        for n in range(1, total + 1)
    )
    said = text(site.lang._("Pages"))
    return f"<nav class='pages' aria-label='{said}'>{links}</nav>"


def partner_pages(site: Site, code: str) -> Iterator[tuple[str, bytes]]:
    _ = site.lang._
    home = site.lang.party(site.parties.get(site.home or ""), site.home or "")
    milestones, _days = site.year_at_a_glance()
    caption = site.lang.fill(
        _("The timeline of {home} and {partner}"),
        home=site.in_a_sentence(site.home),
        partner=site.in_a_sentence(code),
    )
    heading = site.lang.standalone(home if code == site.home else f"{home} – {site.names[code]}")
    for number, chunk in enumerate(chunks(site.of(code)), 1):
        band = [Band(label(site.names[code]), site.href(code, number), chunk)]
        picture = timeline(band, site.lang, milestones, caption, up="../")
        articles = "".join(
            article(event, site.parties, site.lang, extra=_ring(site, event, milestones))
            for event in chunk
        )
        more = _pager(site, site.href(code), site.counts[code], number)
        body = (
            f"<figure class='timeline'>{picture}</figure>{search_box(site.lang)}{more}"
            f"<ol class='chronology'>{articles}</ol>{more}"
        )
        yield site.page(site.href(code, number), heading, body, search=True)


def _ring(site: Site, event: Event, milestones: set[str]) -> str:
    if event.id not in milestones:
        return ""
    from dipltime.domain.core import occurrence

    occ = occurrence(event, site.year, site.settings)
    return f"<p class='milestone'>★ {bdi(headline(occ, site.lang, site.parties))}</p>"


def day_page(site: Site, month: int, day: int) -> tuple[str, bytes]:
    _ = site.lang._
    found = site.records.on(month, day, site.year, site.settings)
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
    if partner is None and site.home in site.names:
        partner = site.home  # the state's own act: on its own page
    where = f"{up}{site.href(partner)}#{text(event.id)}" if partner else None
    said = f"<a href='{where}'>{bdi(line)}</a>" if where else bdi(line)
    cls = "event milestone" if occ.milestone else "event"
    return f"<li class='{cls}'>{said} <span class='date'>({text(shown)})</span></li>"


def days_page(site: Site) -> tuple[str, bytes]:
    """The year as a calendar: each day links to its page, with how many anniversaries
    fall on it in the chosen year."""
    _ = site.lang._
    _milestones, counted = site.year_at_a_glance()
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


def milestones_pages(site: Site) -> Iterator[tuple[str, bytes]]:
    """The milestones of each coming year (a page or more each), then their index."""
    _ = site.lang._
    found: dict[int, int] = {}
    for year in range(site.year, site.year + MILESTONE_YEARS):
        through = site.records.through(year, site.settings)
        milestones = (occ for occ in through if occ.milestone)
        path = f"milestones/{year}.html"
        heading = _("Milestones in {year}").format(year=year)
        for number, (chunk, more) in enumerate(chunks(milestones, peek=True), 1):
            found[year] = found.get(year, 0) + len(chunk)
            items = "".join(_occurrence(site, occ) for occ in chunk)
            body = f"<ul class='days'>{items}</ul>"
            if more:  # the count is not known ahead: a link to the next page
                after = numbered(path, number + 1).split("/")[-1]
                said = text(_("More"))
                body += f"<p><a href='{after}' rel='next'>{said} →</a></p>"
            yield site.page(numbered(path, number), heading, body)
    items = "".join(
        f"<li><a href='milestones/{year}.html'>{year}</a> <span class='count'>({n})</span></li>"
        for year, n in found.items()
    )
    heading = _("Coming milestones, {first}–{last}").format(
        first=site.year, last=site.year + MILESTONE_YEARS - 1
    )
    none = _("No milestone in these years.")
    body = f"<ul class='years'>{items}</ul>" if items else f"<p>{text(none)}</p>"
    yield site.page("milestones.html", heading, body)


def languages_page(codes: Sequence[str]) -> tuple[str, bytes]:
    """The root of a site in several languages: a link to each, each in its own language."""
    from dipltime.domain.language import language

    said = {code: language(code)._("The diplomatic relations, as a chronology") for code in codes}
    items = "".join(
        f"<li lang='{code}'><a href='{code}/index.html' hreflang='{code}'>"
        f"{text(said[code])}</a></li>"
        for code in codes
    )
    built = page(
        lang=language(codes[0]),
        heading="dipltime",
        body=f"<ul class='languages'>{items}</ul>",
        path="index.html",
        nav=[],
    )
    return "index.html", built


def site_files(
    records: Records, lang: Language, year: int, settings: Settings, both: bool = False
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, one at a time, in ``lang`` or, with ``both``, in English
    and Spanish."""
    from dipltime.domain.language import language

    codes = ["en", "es"] if both else [lang.code]
    yield from shared_files()
    for code in codes:
        other = next((c for c in codes if c != code), None)
        folder = f"{code}/" if both else ""
        speaking = language(code) if both else lang
        yield from pages(Site(records, speaking, year, settings, folder, other))
    if both:
        yield languages_page(codes)
