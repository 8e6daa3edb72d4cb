"""Commands that look after a collection's format: ``schema`` (the JSON Schema of a
record, for editors) and ``migrate`` (rewrite a schema 1 collection into schema 2)."""

from __future__ import annotations

import argparse
import json
import os
import tempfile

from dipltime.cli import Command
from dipltime.cli.context import Context
from dipltime.cli.speech import _
from dipltime.domain.model import Collection
from dipltime.errors import DipltimeError


def cmd_schema(ctx: Context) -> int:
    """Print the JSON Schema (draft 2020-12) of a record, or of an entry of parties.yaml,
    sources.yaml or collection.yaml, for editors and YAML language servers: save it
    and point yaml-language-server at it (see the README)."""
    from dipltime.store.schema import json_schemas

    schema = json_schemas()[ctx.args.what]
    if ctx.args.what != "collection":
        schema = {"type": "array", "items": schema, "$defs": schema.pop("$defs", {})}
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    ctx.out(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))
    return 0


def arguments_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        default="record",
        choices=["record", "parties", "sources", "collection"],
        help=_(
            "which file's schema: an events file's records (default), parties.yaml, "
            "sources.yaml or collection.yaml"
        ),
    )


def cmd_migrate(ctx: Context) -> int:
    """Rewrite a schema 1 collection (dipltime 0.1's form) into schema 2: a sources.yaml
    made from the inline sources, citations in the records, inferred dates marked with ?,
    official-visit renamed ministerial-visit, collection.yaml written last. Text, comments,
    order and quoting are kept. The collection must validate first; the migrated one is
    validated in a copy and must answer exactly as the original did before any file is
    replaced; then every file is replaced, or none (a run cut short is undone by the next)."""
    from dipltime.store.loading import load_collection
    from dipltime.store.migration import apply, plan, recover

    root = ctx.events_dir
    if not ctx.args.check and recover(root):
        ctx.note(f"undid a migration of {root} that was cut short; every file is as it was")
    original = load_collection(root)  # a DataError (exit 1) for a collection not valid now
    changes = plan(root)
    if not changes:
        ctx.note(f"{root} is already in schema 2: nothing to migrate")
        return 0
    _check_in_a_copy(root, changes, original)
    if ctx.args.check:
        for path in changes:
            ctx.out(f"would rewrite {path}" if os.path.exists(path) else f"would write {path}")
        return 1
    apply(root, changes)
    ctx.note(f"migrated {root} to schema 2: {len(changes)} files written")
    return 0


def _check_in_a_copy(root: str, changes: dict[str, bytes], original: Collection) -> None:
    """Load the migrated collection from a temporary copy of the collection's own files:
    nothing is written unless it is valid and every record reads as it did."""
    from dipltime.errors import DataError
    from dipltime.store.loading import load_collection
    from dipltime.store.scanning import REGISTRIES, scan

    with tempfile.TemporaryDirectory() as copy:
        target = os.path.join(copy, "events")
        found, _ = scan(root)
        names = [*found, *(name for name in REGISTRIES if os.path.isfile(os.path.join(root, name)))]
        for name in names:
            _copy(os.path.join(root, name), os.path.join(target, name))
        for path, data in changes.items():
            _write(os.path.join(target, os.path.relpath(path, root)), data)
        try:
            migrated = load_collection(target)
        except DataError as exc:
            raise DipltimeError(
                f"the migrated collection would not be valid ({len(exc.problems)} problems; "
                f"first: {exc.problems[0].message})",
                "nothing was written; report this as a bug of dipltime migrate",
            ) from None
    _same_answers(original, migrated)


def _same_answers(original: Collection, migrated: Collection) -> None:
    """Every record of ``migrated`` as ``original`` held it, but what schema 2 writes
    otherwise (the citations' registry ids, languages and notes; the file and line)."""
    before = {event.id: event for event in original.events}
    for event in migrated.events:
        old = before.pop(event.id, None)
        if old is None:
            raise DipltimeError(f"migrate would add the record {event.id}", _BUG)
        sources = tuple(tuple(s)[:5] for s in event.sources)
        if tuple(tuple(s)[:5] for s in old.sources) != sources:
            raise DipltimeError(f"migrate would change the sources of {old.id}", _BUG)
        keep = ("path", "line", "id_line", "sources")
        changed = [
            name
            for name in event._fields
            if name not in keep and getattr(old, name) != getattr(event, name)
        ]
        if changed:
            raise DipltimeError(
                f"migrate would change {', '.join(changed)} of {old.id} ({old.path}:{old.line})",
                _BUG,
            )
    if before:
        raise DipltimeError(f"migrate would lose the record {next(iter(before))}", _BUG)


_BUG = "nothing was written; report this as a bug of dipltime migrate, with the record"


def _copy(source: str, target: str) -> None:
    with open(source, "rb") as handle:
        _write(target, handle.read())


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)


def arguments_migrate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help=_("say which files would change, write nothing (exit 1 when some would)"),
    )


SCHEMA = Command("schema", cmd_schema, arguments_schema, (), "dipltime schema > record.schema.json")
MIGRATE = Command(
    "migrate", cmd_migrate, arguments_migrate, (), "dipltime --events ./my-events migrate"
)
COMMANDS = {"schema": SCHEMA, "migrate": MIGRATE}
