"""The Office of the Historian's countries as dipltime's parties.

The datasets name a country by a slug (``peru``, ``austrian-empire``, ``czechia``);
``countries.tsv`` beside this module gives each its party code (ISO 3166 alpha-3 for a
state that has one; a readable code for a former state, ``HANSEATIC``), its name as the
dataset spells it, what it is (a state, a territory, an organisation) and, for a former
state, the years its article says it existed, with the words that say so. Several slugs
can be one party (the rdcr guide's ``czech-republic`` and the visits' ``czechia``).

Three kinds of rows come after the countries, each with a note saying why:
- ``=Name``: a state a heading names inside another country's article ("United States
  Recognition of the Peru-Bolivian Confederation" in Peru's), the name as it must stand
  in the heading; without a name of its own, the row names a party of the table
  (``=Kingdom of Italy`` is ITA: the former Italian states' articles record Italy's
  recognition);
- ``slug@Name``: the records filed under ``slug`` whose country is named ``Name`` are
  another party's (``russia@U.S.S.R.``: the Soviet Union's);
- ``visits:ID``, ``travels:ID``: one record filed under a slug that is not its party's.
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from typing import Any, NamedTuple

USA = "USA"


class Country(NamedTuple):
    """A counterpart of the United States in the datasets."""

    slug: str
    code: str
    name: str
    type: str
    since: int | None
    until: int | None
    evidence: str
    note: str
    article: str
    """The rdcr article that gives ``since`` and ``until`` ("" when none does)."""


class Countries:
    """The table: countries by slug, and the states a heading may name."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self._by_slug: dict[str, Country] = {}
        self._named: list[tuple[str, Country]] = []
        self._moved: dict[str, str] = {}
        self._codes: dict[str, Country] | None = None
        self._named_codes: list[tuple[str, str]] = []
        for row in rows:
            slug = row["slug"].strip()
            if "@" in slug or ":" in slug:
                self._moved[slug] = row["code"].strip()
                continue
            named = slug.startswith("=")
            if named and not row["name"].strip():  # a name for a party of the table
                self._named_codes.append((slug[1:].strip(), row["code"].strip()))
                continue
            country = Country(
                slug=_file_slug(row["name"]) if named else slug,
                code=row["code"].strip(),
                name=row["name"].strip(),
                type=row["type"].strip() or "state",
                since=int(row["since"]) if row["since"].strip() else None,
                until=int(row["until"]) if row["until"].strip() else None,
                evidence=row["evidence"].strip(),
                note=row["note"].strip(),
                article=(row.get("article") or "").strip(),
            )
            if named:
                self._named.append((slug[1:].strip(), country))
            else:
                self._by_slug[slug] = country

    def by_slug(self, slug: str, name: str = "", record: str = "") -> Country | None:
        """The country a dataset's slug names, if the table knows it; ``name`` (the
        dataset's name for it) and ``record`` (``visits:2959``) find the rows that move a
        record to another party."""
        code = self._moved.get(record) or self._moved.get(f"{slug}@{name.strip()}")
        if not code:
            found = self._by_slug.get(slug)
            code = found.code if found else ""
        return self._by_code().get(code)  # the party's first row: "samoa" for "somoa" too

    def _by_code(self) -> dict[str, Country]:
        if self._codes is None:
            self._codes = {country.code: country for country in self.every()}
        return self._codes

    def named_in(self, heading: str, exclude: Country) -> Country | None:
        """A state other than ``exclude`` that the heading names, if the table lists one."""
        named = [*self._named, *((n, self._by_code()[c]) for n, c in self._named_codes)]
        for name, country in named:
            if name in heading and country.code != exclude.code:
                return country
        return None

    def every(self) -> list[Country]:
        """Every party of the table, each once (the first slug that names it)."""
        seen: dict[str, Country] = {}
        for country in [*self._by_slug.values(), *(c for _, c in self._named)]:
            seen.setdefault(country.code, country)
        return list(seen.values())

    def find(self, text: str) -> Country | None:
        """The party a user names by code, slug or name (``PER``, ``peru``, ``Peru``)."""
        wanted = text.strip().casefold()
        for country in self.every() + list(self._by_slug.values()):
            if wanted in (country.code.casefold(), country.slug, country.name.casefold()):
                return country
        return None


def _file_slug(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    return "-".join(words)


def load() -> Countries:
    """The table shipped with dipltime."""
    text = files("dipltime.importers").joinpath("countries.tsv").read_text("utf-8")
    return Countries(list(csv.DictReader(io.StringIO(text), delimiter="\t")))


def registry_entry(
    country: Country, spanish: dict[str, Any], read: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    """The party registry's entry for ``country`` (``spanish``: names by code that a
    curated registry gives, reused so that the import speaks as the bundled one does;
    ``read``: the ids of the sources the import has, which the entry may cite)."""
    entry: dict[str, Any] = {"code": country.code, "name": country.name}
    if country.code in spanish:
        entry["names"] = {"es": spanish[country.code]}
    if country.type != "state":
        entry["type"] = country.type
    if country.since is not None:
        entry["since"] = country.since
    if country.until is not None:
        entry["until"] = country.until
    article = f"hsg-rdcr-{country.article}"
    dated = country.since is not None or country.until is not None
    if country.article and dated and article in read:
        entry["sources"] = [article]
    notes = []
    if country.evidence:
        notes.append(
            f"The Office of the Historian's article (rdcr/articles/{country.article}.xml) "
            f"says: {country.evidence}"
        )
    if country.note:
        notes.append(country.note[0].upper() + country.note[1:])
    if notes:
        entry["note"] = " ".join(n if n.endswith(".") else n + "." for n in notes)
    return entry


US_ENTRY = Country(USA, USA, "United States", "state", None, None, "", "", "")
"""The United States, every record's other party."""
