"""The site's shape: how many records a page holds, where each page is, and
:class:`Site`, what every page of one language needs (``site`` makes the pages)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from dipltime import __version__
from dipltime.domain.core import Settings, home_party
from dipltime.domain.language import Language
from dipltime.domain.model import Event
from dipltime.outputs.htmlpage import Link, page, text
from dipltime.outputs.siterecords import Records

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
        self._pages: dict[str, dict[str, int]] = {}

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

    def where(self, code: str, record: str) -> str:
        """The page of ``code``'s chronology that ``record`` is on (the ids of a partner
        with more than one page are read once, and kept: they are all it keeps)."""
        if self.counts.get(code, 0) <= PAGE_SIZE:
            return self.href(code)
        if code not in self._pages:
            self._pages[code] = {
                event.id: number // PAGE_SIZE + 1 for number, event in enumerate(self.of(code))
            }
        return self.href(code, self._pages[code].get(record, 1))

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
