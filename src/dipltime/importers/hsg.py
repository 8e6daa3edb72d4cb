"""``dipltime import hsg``: the Office of the Historian's three datasets as a collection.

:func:`read` reads every file of the datasets found in a folder into drafts (nothing is
written); :func:`files` turns the drafts of the chosen counterparts into the collection's
files (one per counterpart, the registries they need); :func:`run` does both, then
writes through :mod:`~dipltime.importers.folder`. The :class:`Report` counts what was
imported and what was not, and why.
"""

from __future__ import annotations

import collections
import os
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from dipltime.errors import DataError, Problem, UsageError
from dipltime.i18n import N_
from dipltime.importers import checkout, folder, registers
from dipltime.importers.countries import US_ENTRY, Countries, Country, load, registry_entry
from dipltime.importers.drafts import Draft, Skipped, merge_same_acts
from dipltime.importers.rdcr import read_article
from dipltime.importers.trips import read_travels, read_visits
from dipltime.store import yamltext

SOURCE = "hsg"
_READERS = {"rdcr": read_article, "visits": read_visits, "travels": read_travels}


class Reading(NamedTuple):
    """Everything read from the datasets."""

    datasets: list[checkout.Dataset]
    sources: dict[str, dict[str, Any]]
    drafts: list[Draft]
    skipped: list[Skipped]
    files: int
    merged: int = 0
    """rdcr entries that recorded an act another entry records too (merged into it)."""


def read(
    path: str, countries: Countries, progress: Callable[[int, int], None] | None = None
) -> Reading:
    """Read every file of the datasets in ``path`` (see :func:`checkout.find`)."""
    datasets = checkout.find(path)
    work = [(d, p, doc) for d in datasets for p, doc in d.files()]
    sources: dict[str, dict[str, Any]] = {}
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    cwd = os.getcwd()
    for done, (dataset, file, document) in enumerate(work, 1):
        display = os.path.relpath(file, cwd) if not os.path.isabs(path) else file
        source, made, left = _READERS[dataset.name](file, display, document, countries)
        if dataset.commit:
            source["notes"] = source["notes"].replace(
                " dataset", f" dataset (commit {dataset.commit})", 1
            )
        sources[source["id"]] = source
        drafts.extend(made)
        skipped.extend(left)
        if progress is not None:
            progress(done, len(work))
    drafts, merged = merge_same_acts(drafts)
    drafts = _valid(drafts, skipped)
    return Reading(datasets, sources, drafts, skipped, len(work), merged)


def _valid(drafts: list[Draft], skipped: list[Skipped]) -> list[Draft]:
    """The drafts that are valid records (as dipltime will read them back) with an id of
    their own; each other is reported, with the first thing wrong with it."""
    from pydantic import ValidationError

    from dipltime.store.schema import EventModel
    from dipltime.store.validation import field_name

    kept: list[Draft] = []
    seen: set[str] = set()
    for draft in drafts:
        record = draft.record
        where = record["sources"][0].get("locator", "") or record["id"]
        if record["id"] in seen:
            skipped.append(Skipped(draft.dataset, draft.counterpart, where, _TAKEN))
            continue
        try:
            EventModel.model_validate(yamltext.as_text(record))
        except ValidationError as exc:
            error = exc.errors()[0]
            reason = f"{field_name(tuple(error['loc']))}: {error['msg']}"
            skipped.append(Skipped(draft.dataset, draft.counterpart, where, reason))
            continue
        seen.add(record["id"])
        kept.append(draft)
    return kept


_TAKEN = N_("its id is another entry's (the dataset repeats it)")


def files(
    reading: Reading,
    countries: Countries,
    chosen: set[str],
    spanish: dict[str, str],
    present: frozenset[str] = frozenset(),
) -> dict[str, bytes]:
    """The collection's files for the counterparts ``chosen`` (slugs of the party files):
    ``collection.yaml``, ``parties.yaml``, ``sources.yaml`` and one file per counterpart;
    the registries also cover the counterparts ``present`` in the folder already."""
    by_file: dict[str, list[Draft]] = collections.defaultdict(list)
    for draft in reading.drafts:
        if draft.counterpart in chosen or draft.counterpart in present:
            by_file[draft.counterpart].append(draft)
    out: dict[str, bytes] = {}
    codes: dict[str, Country] = {US_ENTRY.code: US_ENTRY}
    cited: set[str] = set()
    by_code = {c.code: c for c in countries.every()}
    for slug, drafts in sorted(by_file.items()):
        drafts.sort(key=lambda d: (d.record["date"], d.record["id"]))
        records = [d.record for d in drafts]
        for record in records:
            for code in record["parties"]:
                codes.setdefault(code, by_code.get(code, US_ENTRY))
            cited.update(c["id"] for c in record["sources"])
            cited.update(o["source"] for o in record.get("other_dates", []))
        if slug in chosen:
            what = f"the United States and {_name(drafts, by_code)}"
            name = f"{slug}.yaml"
            out[name] = folder.stamp(SOURCE, what, yamltext.dump(records), name)
    read = set(reading.sources)
    entries = [registry_entry(codes[code], spanish, read) for code in sorted(codes)]
    for entry in entries:
        cited.update(entry.get("sources", []))
    sources = [reading.sources[s] for s in sorted(cited) if s in reading.sources]
    out["parties.yaml"] = registry("parties.yaml", entries)
    out["sources.yaml"] = registry("sources.yaml", sources)
    header = f"the collection's header; datasets: {', '.join(d.name for d in reading.datasets)}"
    out["collection.yaml"] = folder.stamp(SOURCE, header, "schema: 2\n", "collection.yaml")
    return out


_REGISTRY_NAMES = {"parties.yaml": "the party registry", "sources.yaml": "the source registry"}


def registry(name: str, entries: list[dict[str, Any]]) -> bytes:
    """A registry file of the import's, stamped."""
    return folder.stamp(SOURCE, _REGISTRY_NAMES[name], yamltext.dump(entries), name)


def _keep_registered(
    into: str, made: dict[str, bytes], owners: dict[str, str], complete: bool
) -> dict[str, bytes]:
    """``made`` with registries that also hold what the records staying in ``into`` cite
    (files a person edited, counterparts left out by --party), from the old registries.
    ``owners`` is :func:`folder.survey`'s; with ``complete``, files of the import's own that
    ``made`` lacks go."""
    staying = [
        name
        for name, state in owners.items()
        if name not in folder.REGISTRIES
        and (state != "ours" or (name not in made and not complete))
    ]
    if not staying:
        return made
    needs = registers.needed(into, sorted(set(staying)))
    fixed = dict(made)
    for name, key in registers.KEYS.items():
        new = registers.entries(made[name])
        have = {entry.get(key) for entry in new}
        missing = needs[name] - have
        if not missing or not os.path.isfile(os.path.join(into, name)):
            continue
        with open(os.path.join(into, name), "rb") as handle:
            old = registers.entries(handle.read())
        fixed[name] = registry(name, registers.merged(new, old, key, missing))
    return fixed


def interim(into: str, change: folder.Plan) -> dict[str, bytes]:
    """The registries to hold while files are replaced: the old entries and the new."""
    found = {}
    for name, key in registers.KEYS.items():
        path = os.path.join(into, name)
        if name not in change.write or not os.path.isfile(path):
            continue
        with open(path, "rb") as handle:
            old = registers.entries(handle.read())
        new = registers.entries(change.write[name])
        found[name] = registry(name, registers.merged(new, old, key, None))
    return found


def _name(drafts: list[Draft], by_code: dict[str, Country]) -> str:
    codes = {code for d in drafts for code in d.record["parties"]} - {US_ENTRY.code}
    return ", ".join(sorted(by_code[c].name for c in codes if c in by_code)) or "itself"


def choose(countries: Countries, reading: Reading, wanted: list[str]) -> set[str]:
    """The party files to write: every counterpart, or those ``--party`` names."""
    present = {draft.counterpart for draft in reading.drafts}
    if not wanted:
        return present
    chosen: set[str] = set()
    for text in wanted:
        country = countries.find(text)
        if country is None:
            raise UsageError(
                N_("{party!r} is not a country of the Office of the Historian's datasets"),
                N_("give its code (PER), its slug (peru) or its name (Peru)"),
                {"party": text},
            )
        slugs = {c.slug for c in countries.every() if c.code == country.code}
        chosen |= {draft.counterpart for draft in reading.drafts if draft.counterpart in slugs}
    return chosen & present


class Report(NamedTuple):
    """What an import did, for the user."""

    datasets: list[checkout.Dataset]
    files_read: int
    records: dict[str, collections.Counter[str]]
    """Per dataset: the records by kind."""
    outcomes: collections.Counter[str]
    """How the rdcr records' dates were found."""
    skipped: list[Skipped]
    conflicts: list[Draft]
    plan: folder.Plan
    written: bool
    merged: int = 0


def _file_of(countries: Countries, slug: str) -> str:
    country = countries.by_slug(slug)
    return country.slug if country else slug


def summarise(
    reading: Reading,
    chosen: set[str],
    change: folder.Plan,
    written: bool,
    countries: Countries,
    everything: bool,
) -> Report:
    """The report of an import of the counterparts ``chosen`` (``everything``: no --party)."""
    records: dict[str, collections.Counter[str]] = {
        d.name: collections.Counter() for d in reading.datasets
    }
    outcomes: collections.Counter[str] = collections.Counter()
    conflicts = []
    for draft in reading.drafts:
        if draft.counterpart not in chosen:
            continue
        records[draft.dataset][draft.record["kind"]] += 1
        if draft.dataset == "rdcr":
            outcomes[draft.outcome] += 1
            if draft.outcome == "conflict":
                conflicts.append(draft)
    if everything:
        skipped = list(reading.skipped)
    else:  # with --party: what was left out of the counterparts chosen
        skipped = [s for s in reading.skipped if _file_of(countries, s.counterpart) in chosen]
    return Report(
        reading.datasets,
        reading.files,
        records,
        outcomes,
        skipped,
        conflicts,
        change,
        written,
        reading.merged,
    )


def run(
    path: str,
    into: str,
    wanted: list[str],
    validate: Callable[[str], None],
    spanish: dict[str, str],
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Import the datasets in ``path`` into the folder ``into`` (see the module's notes)."""
    folder.survey(into, SOURCE)  # refuse a folder not an import's before reading anything
    if dry_run:
        return _run(path, into, wanted, validate, spanish, True, progress)
    with folder.locked(into):
        return _run(path, into, wanted, validate, spanish, False, progress)


def _run(
    path: str,
    into: str,
    wanted: list[str],
    validate: Callable[[str], None],
    spanish: dict[str, str],
    dry_run: bool,
    progress: Callable[[int, int], None] | None,
) -> Report:
    countries = load()
    owners = folder.survey(into, SOURCE)
    reading = read(path, countries, progress)
    _same_datasets(into, owners, reading)
    if not reading.drafts:
        raise _nothing(path, reading)
    chosen = choose(countries, reading, wanted)
    if not chosen:
        raise UsageError(
            N_("the datasets in {path} have no records for {parties}"),
            N_("check the party, or import every country without --party"),
            {"path": path, "parties": ", ".join(wanted)},
        )
    present = frozenset(n[:-5] for n in owners if n not in folder.REGISTRIES) if wanted else None
    made = files(reading, countries, chosen, spanish, present or frozenset())
    made = _keep_registered(into, made, owners, complete=not wanted)
    change = folder.plan(into, owners, made, complete=not wanted)
    if change.write or change.remove:
        if dry_run:
            folder.check(into, change, validate)
        else:
            folder.apply(into, change, validate, interim(into, change))
    return summarise(reading, chosen, change, not dry_run, countries, not wanted)


_DATASETS = re.compile(r"datasets: ([a-z, ]+)\.")


def _same_datasets(into: str, owners: dict[str, str], reading: Reading) -> None:
    """An import updates a folder only from the datasets it was made from: a folder made
    from all three would otherwise lose the records of those not given now."""
    if "collection.yaml" not in owners:
        return
    with open(os.path.join(into, "collection.yaml"), "rb") as handle:
        first = handle.readline().decode("utf-8", "replace")
    found = _DATASETS.search(first)
    before = [name.strip() for name in found[1].split(",")] if found else []
    now = [dataset.name for dataset in reading.datasets]
    if before and before != now:
        raise UsageError(
            N_("{folder} was imported from {before}; the datasets given now are {now}"),
            N_("import from a folder holding the same datasets, or into a new folder"),
            {"folder": into, "before": ", ".join(before), "now": ", ".join(now)},
        )


def _nothing(path: str, reading: Reading) -> DataError:
    """Datasets with not one entry that could be imported: each reason, with its count."""
    reasons = collections.Counter(s.reason for s in reading.skipped)
    problems = [
        Problem.of_file(path, f"{number} entries not imported: {reason}")
        for reason, number in reasons.most_common()
    ] or [Problem.of_file(path, "the datasets hold no entries")]
    return DataError(problems)
