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
partner has in each decade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence

from dipltime.domain.core import Occurrence, Settings
from dipltime.domain.dates import LAST_YEAR, observed_on
from dipltime.domain.language import Language
from dipltime.domain.model import Event
from dipltime.outputs.htmlpage import (
    SEARCH,
    STYLE,
    anchor,
    article,
    bdi,
    page,
    search_box,
    text,
)
from dipltime.outputs.render import PLAIN, headline, occurrence_line
from dipltime.outputs.sitemap import (
    DAYS,
    MARKS,
    MILESTONE_YEARS,
    PAGE_SIZE,
    Site,
    chunks,
    numbered,
)
from dipltime.outputs.siterecords import Records
from dipltime.outputs.svgtimeline import Band, density, label, timeline


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
        bands = [
            Band(label(n), site.href(c), list(site.of(c)), _where(site, c))
            for c, n in site.names.items()
        ]
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


def _where(site: Site, code: str) -> Callable[[str], str]:
    return lambda record: site.where(code, record)


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
    where = f"{up}{site.where(partner, event.id)}#{anchor(event.id)}" if partner else None
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
    for year in range(site.year, min(site.year + MILESTONE_YEARS, LAST_YEAR + 1)):
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
