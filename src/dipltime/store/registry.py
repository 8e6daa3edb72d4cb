"""Reading the registries of a collection: ``collection.yaml`` (its schema),
``parties.yaml`` and ``sources.yaml``. Problems are added to a list, never raised."""

from __future__ import annotations

import os
from stat import S_ISREG
from typing import TYPE_CHECKING

from dipltime.domain.model import NOT_STATED, Party, Source
from dipltime.domain.text import fold, skeleton
from dipltime.errors import DataError, Problem
from dipltime.store.scanning import (
    COLLECTION,
    JOURNAL,
    REGISTRY,
    SOURCES,
    display_path,
    kind_of,
)
from dipltime.store.validation import UNKNOWN_SOURCE, read, suggest, validate

if TYPE_CHECKING:
    from dipltime.store import records
    from dipltime.store.yamlsafe import Document


def _open_list(
    root: str, name: str, what: str, example: str, problems: list[Problem], required: bool = True
) -> tuple[Document | None, str]:
    """The YAML list in ``root/name`` (None, with a problem, when it is missing, not a file,
    unreadable or not a non-empty list; None without one when it is optional and absent)."""
    path = os.path.join(root, name)
    display = display_path(path)
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        if required:
            problems.append(
                Problem.of_file(
                    display, f"the {what} is missing", f"create {name}: a list of {example} entries"
                )
            )
        return None, display
    except OSError:
        mode = None  # a link loop, a folder that cannot be searched: reading says which
    if mode is not None and not S_ISREG(mode):
        problems.append(
            Problem.of_file(
                display,
                f"the {what} is not a regular file ({kind_of(mode)})",
                f"make {name} a file: a list of {example} entries",
            )
        )
        return None, display
    doc = read(path, display, problems)
    if doc is None:
        return None, display
    if not isinstance(doc.data, list) or not doc.data:
        problems.append(
            Problem.of_file(
                display,
                f"the {what} must be a non-empty list",
                f"start each entry with '- {example.split(',')[0].strip('{ ')}: …'",
                line=doc.line_of(()),
            )
        )
        return None, display
    return doc, display


def load_schema(root: str, problems: list[Problem]) -> int:
    """The schema of the collection in ``root``: what ``collection.yaml`` says, 1 without it."""
    from dipltime.store.registries import CollectionModel

    path = os.path.join(root, COLLECTION)
    if not os.path.lexists(path):
        return 1
    display = display_path(path)
    doc = read(path, display, problems)
    if doc is None:
        return 2
    if not isinstance(doc.data, dict):
        problems.append(
            Problem.of_file(
                display,
                "collection.yaml must be a mapping",
                "write 'schema: 2'",
                line=doc.line_of(()),
            )
        )
        return 2
    model = validate(CollectionModel, doc.data, doc, None, display, problems)
    return model.schema_ if model is not None else 2


def load_registry(
    root: str, problems: list[Problem], sources: dict[str, Source] | None = None
) -> dict[str, Party]:
    """The party registry (``parties.yaml``); with ``sources`` (schema 2), the sources its
    entries cite must be in it."""
    from dipltime.store.registries import PartyModel

    doc, display = _open_list(root, REGISTRY, "party registry", "{code, name, aliases}", problems)
    if doc is None:
        return {}

    parties: dict[str, Party] = {}
    names: dict[str, tuple[str, str]] = {}
    lines: dict[str, int] = {}
    for index, item in enumerate(doc.data):
        model = validate(PartyModel, item, doc, index, display, problems)
        if model is None:
            continue
        line = doc.line_of((index,)) or 0
        if model.code in parties:
            problems.append(
                Problem(
                    display,
                    line,
                    model.code,
                    "code",
                    "duplicate party code",
                    "give each party its own code",
                )
            )
            continue
        party = Party(
            code=model.code,
            name=model.name,
            aliases=tuple(model.aliases),
            type=model.type,
            existed=model.existed or "",
            note=model.note or "",
            since=model.since or 0,
            until=model.until or 0,
            sources=tuple(model.sources),
            names=tuple(sorted(model.names.items())),
        )
        for name in (model.code, *party.every_name):
            key = skeleton(name)
            owner, first = names.setdefault(key, (model.code, name))
            if owner != model.code:
                if fold(name) == fold(first):
                    said = f"the name {name!r} already belongs to {owner} ({first!r})"
                else:
                    said = (
                        f"the name {name!r} ({ascii(name)}) looks the same as {first!r} of {owner}"
                    )
                problems.append(
                    Problem(
                        display,
                        line,
                        model.code,
                        "aliases",
                        said,
                        "a name or alias must point at one party only, and look like no other",
                    )
                )
        for number, cited in enumerate(model.sources):
            if sources is not None and cited not in sources:
                problems.append(
                    Problem(
                        display,
                        doc.line_of((index, "sources", number)),
                        model.code,
                        f"sources[{number}]",
                        f"unknown source {cited!r}",
                        suggest(cited, sources, UNKNOWN_SOURCE),
                    )
                )
        parties[model.code] = party
        lines[model.code] = line
    _unclaimed_fallbacks(parties, names, lines, display, problems)
    return parties


def _unclaimed_fallbacks(
    parties: dict[str, Party],
    names: dict[str, tuple[str, str]],
    lines: dict[str, int],
    display: str,
    problems: list[Problem],
) -> None:
    """A state without a name in a language gets CLDR's, which readers may type: it must not
    be another party's name ("Alemania" for both DEU and an alias of another)."""
    from dipltime.domain.language import fallback_names

    for code, fallbacks in fallback_names(parties).items():
        for name in fallbacks:
            owner, first = names.get(skeleton(name), (code, name))
            if owner != code:
                problems.append(
                    Problem(
                        display,
                        lines[code],
                        code,
                        "names",
                        f"CLDR's name for {code}, {name!r}, is already {owner}'s ({first!r})",
                        f"give {code} a name of its own in that language under names",
                    )
                )


def load_sources(root: str, problems: list[Problem]) -> dict[str, Source]:
    """The source registry (``sources.yaml``) of a schema 2 collection, as citations without
    a locator (each citation adds its own)."""
    from dipltime.store.registries import SourceModel

    doc, display = _open_list(
        root, SOURCES, "source registry", "{id, publisher, title, language}", problems
    )
    if doc is None:
        return {}
    sources: dict[str, Source] = {}
    for index, item in enumerate(doc.data):
        model = validate(SourceModel, item, doc, index, display, problems)
        if model is None:
            continue
        if model.id in sources:
            problems.append(
                Problem(
                    display,
                    doc.line_of((index, "id")),
                    model.id,
                    "id",
                    "duplicate source id",
                    "give each source its own id",
                )
            )
            continue
        sources[model.id] = Source(
            publisher=model.publisher or NOT_STATED,
            title=model.title or NOT_STATED,
            date=model.date.edtf() if model.date else NOT_STATED,
            document=model.document or "",
            id=model.id,
            language=model.language,
            translation=model.translation,
            url=model.url or "",
            licence=model.licence or "",
            date_note=model.date_note or "",
        )
    return sources


def read_registries(
    root: str, problems: list[Problem], parties: dict[str, Party] | None = None
) -> records.Registries:
    """The schema and registries of the collection in ``root``; ``parties`` when the party
    registry is already known (the cache holds it, unchanged since), else read."""
    from dipltime.store import records

    if os.path.exists(os.path.join(root, JOURNAL)):
        problems.append(
            Problem.of_file(
                display_path(os.path.join(root, JOURNAL)),
                "a migration to schema 2 was cut short: some files are rewritten, some not",
                "run 'dipltime migrate' again: it puts every file back, then migrates them all",
            )
        )
    schema = load_schema(root, problems)
    if schema >= 2:
        sources = load_sources(root, problems)
        if parties is None:
            parties = load_registry(root, problems, sources)
        return records.Registries(parties, sources, schema)
    if parties is None:
        parties = load_registry(root, problems)
    if os.path.lexists(os.path.join(root, SOURCES)):
        # A source registry belongs to schema 2: reading the records as schema 1 would
        # only bury this one fact under a problem for every record.
        raise DataError(
            [
                Problem.of_file(
                    display_path(os.path.join(root, COLLECTION)),
                    "the folder has a sources.yaml (schema 2) but no collection.yaml",
                    "add collection.yaml with the line 'schema: 2' (or, for a schema 1 "
                    "collection, rename sources.yaml)",
                )
            ]
        )
    return records.Registries(parties, {}, schema)
