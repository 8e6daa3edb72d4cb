"""The manifest of ready-made calendars (``exports/manifest.toml``) and how each is built.

A manifest is a TOML file with one ``[[export]]`` table per calendar file:

.. code-block:: toml

    [[export]]
    file = "partners/vnm.ics"      # relative to the manifest's folder
    name = "Peru–Viet Nam anniversaries"
    years = "2026:2035"            # required for instances; never derived from "today"
    party = ["VNM"]                # any filter of `dipltime list`

Every window of years is written in the manifest, never derived from "today",
so that a committed export stays what its manifest produces on any day. Each
file's UIDs carry its path (``….partners-vnm@dipltime``), so that two files
imported into one account never overwrite each other's events.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from dipltime.domain.core import Settings
from dipltime.domain.dates import parse_partial_date
from dipltime.domain.filters import Filter, resolve_party, select
from dipltime.domain.kinds import Kind
from dipltime.domain.language import language
from dipltime.domain.model import Collection
from dipltime.errors import DipltimeError
from dipltime.i18n import choose
from dipltime.outputs.ics import (
    Export,
    ExportOptions,
    build_calendar,
    calendar_label,
    feed_key,
    parse_alarm,
    parse_years,
)

_KEYS = {
    "file": str, "name": str, "description": str, "years": str, "series": bool,
    "undated": bool, "milestones": bool, "alarm": str, "party": list, "kind": list,
    "tag": list, "since": str, "until": str, "text": str, "lang": str, "large": bool,
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One calendar file of the manifest."""

    path: Path
    options: ExportOptions
    filter: Filter
    large: bool = False
    """Written even when larger than 1 MB (what Google Calendar takes at most)."""


def load_manifest(path: Path, collection: Collection, settings: Settings) -> list[Entry]:
    """Read and check a manifest; every problem is a :class:`DipltimeError` naming the entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DipltimeError(
            f"cannot read the manifest {path}: {exc.strerror or exc}",
            "pass the path of an existing manifest.toml",
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DipltimeError(
            f"{path}: not valid TOML: {exc}", "fix the syntax; each calendar is an [[export]] table"
        ) from None
    tables = data.get("export")
    if not isinstance(tables, list) or not tables or not set(data) <= {"export", "site"}:
        raise DipltimeError(
            f"{path}: expected one or more [[export]] tables, a [site], and nothing else",
            'start each calendar with [[export]] and a file = "….ics" line',
        )
    entries = [
        _entry(path, number, table, collection, settings) for number, table in enumerate(tables, 1)
    ]
    files = [e.path for e in entries]
    for file in files:
        if files.count(file) > 1:
            raise DipltimeError(
                f"{path}: {file.name} is listed twice", "give every [[export]] its own file"
            )
    return entries


def _entry(
    manifest: Path, number: int, table: dict[str, Any], collection: Collection, settings: Settings
) -> Entry:
    where = f"{manifest}: [[export]] #{number}"
    for key, value in table.items():
        wanted = _KEYS.get(key)
        if wanted is None:
            raise DipltimeError(f"{where}: unknown key {key!r}", "known keys: " + ", ".join(_KEYS))
        if not isinstance(value, wanted) or (
            isinstance(value, list) and not all(isinstance(v, str) for v in value)
        ):
            raise DipltimeError(
                f"{where}: {key} must be {_describe(wanted)}", f"e.g. {_example(key)}"
            )
    file = table.get("file")
    if (
        not file
        or not str(file).isprintable()
        or not str(file).endswith(".ics")
        or Path(file).is_absolute()
        or ".." in Path(file).parts
    ):
        raise DipltimeError(
            f"{where}: file must be a relative path ending in .ics, in printable characters",
            'e.g. file = "partners/vnm.ics"',
        )
    try:
        flt = Filter(
            parties=tuple(resolve_party(p, collection.parties) for p in table.get("party", [])),
            kinds=tuple(Kind(k) for k in table.get("kind", [])),
            tags=tuple(table.get("tag", [])),
            since=parse_partial_date(table["since"]) if "since" in table else None,
            until=parse_partial_date(table["until"]) if "until" in table else None,
            text=table.get("text", ""),
        )
        lang = choose(table.get("lang", "en"), {}, "lang")
        options = ExportOptions(
            years=parse_years(table.get("years", "2026:2035")),
            series=table.get("series", False),
            undated=table.get("undated", False),
            milestones=table.get("milestones", False),
            alarm=parse_alarm(table["alarm"]) if "alarm" in table else None,
            name=calendar_label(
                table.get("name", language(lang)._("Diplomatic anniversaries")), "name"
            ),
            description=calendar_label(table.get("description", ""), "description"),
            feed=feed_key(str(Path(file).with_suffix(""))),  # UIDs of its own: see ics
            settings=settings,
            lang=lang,
        )
    except DipltimeError as exc:
        raise DipltimeError(f"{where}: {exc.message}", exc.hint) from None
    except ValueError as exc:
        raise DipltimeError(
            f"{where}: {exc}", "check the value against `dipltime list --help`"
        ) from None
    if not options.series and "years" not in table:
        raise DipltimeError(
            f"{where}: years is missing",
            'write the window, e.g. years = "2026:2035", never left to "today"',
        )
    return Entry(
        path=_confined(manifest, file, where),
        options=options,
        filter=flt,
        large=table.get("large", False),
    )


def _confined(manifest: Path, file: str, where: str) -> Path:
    """The entry's file below the manifest's folder, links resolved: a linked folder or a
    link to a file must not lead a write outside it."""
    import os

    folder = os.path.realpath(manifest.parent)
    target = os.path.realpath(manifest.parent / file)
    if not target.startswith(folder + os.sep):
        raise DipltimeError(
            f"{where}: {file} leads outside the manifest's folder (through a symbolic link)",
            "keep every calendar below the manifest's folder, without links out of it",
        )
    return Path(target)


def build_entry(entry: Entry, collection: Collection) -> Export:
    """The calendar one manifest entry describes."""
    return build_calendar(select(collection.events, entry.filter), collection, entry.options)


def _describe(kind: type) -> str:
    return {str: "text", bool: "true or false", list: "a list of text"}[kind]


def _example(key: str) -> str:
    examples = {
        "years": 'years = "2026:2035"',
        "party": 'party = ["VNM"]',
        "series": "series = true",
        "alarm": 'alarm = "7d@09:00"',
        "lang": 'lang = "es"',
    }
    return examples.get(key, f'{key} = "…"')


class SiteEntry(NamedTuple):
    """The web chronology a manifest asks for (its ``[site]``)."""

    folder: Path
    year: int
    both: bool


def load_site(path: Path) -> SiteEntry | None:
    """The manifest's ``[site]``: ``folder`` (below the manifest's), ``year`` (the
    anniversaries counted, never "today") and ``both`` (English and Spanish)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table = data.get("site")
    if table is None:
        return None
    where = f"{path}: [site]"
    wanted = {"folder": str, "year": int, "both": bool}
    if not isinstance(table, dict) or set(table) - set(wanted) or {"folder", "year"} - set(table):
        raise DipltimeError(
            f"{where}: expected folder, year and perhaps both", 'e.g. folder = "site", year = 2026'
        )
    for key, kind in wanted.items():
        if key in table and not isinstance(table[key], kind):
            raise DipltimeError(f"{where}: {key} must be {_describe(kind)}", f"e.g. {key} = …")
    folder = str(table["folder"])
    if not folder or Path(folder).is_absolute() or ".." in Path(folder).parts:
        raise DipltimeError(f"{where}: folder must be a relative path", 'e.g. folder = "site"')
    return SiteEntry(_confined(path, folder, where), int(table["year"]), bool(table.get("both")))
