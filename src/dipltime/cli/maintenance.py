"""Commands that look after a collection's format: ``schema`` (the JSON Schema of a
record, for editors) and ``migrate`` (rewrite a schema 1 collection into schema 2)."""

from __future__ import annotations

import argparse
import json
import os
import tempfile

from dipltime.cli import Command
from dipltime.cli.context import Context
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
        help="which file's schema: an events file's records (default), parties.yaml, "
        "sources.yaml or collection.yaml",
    )


def cmd_migrate(ctx: Context) -> int:
    """Rewrite a schema 1 collection (dipltime 0.1's form) into schema 2: a sources.yaml
    made from the inline sources, citations in the records, inferred dates marked with ?,
    official-visit renamed ministerial-visit, collection.yaml written last. Comments,
    order and quoting are kept. The collection must validate first, and the rewritten one
    is validated before any file is replaced. Keep it under version control, or copy it."""
    from dipltime.outputs.safeio import write_atomic
    from dipltime.store.loading import load_collection
    from dipltime.store.migration import plan

    root = ctx.events_dir
    load_collection(root)  # a DataError (exit 1) for a collection that is not valid now
    changes = plan(root)
    if not changes:
        ctx.note(f"{root} is already in schema 2: nothing to migrate")
        return 0
    _check_in_a_copy(root, changes)
    if ctx.args.check:
        for path in changes:
            ctx.out(f"would rewrite {path}" if os.path.exists(path) else f"would write {path}")
        return 1 if changes else 0
    for path, text in changes.items():  # collection.yaml comes last
        write_atomic(path, text.encode("utf-8"))
    ctx.note(f"migrated {root} to schema 2: {len(changes)} files written")
    return 0


def _check_in_a_copy(root: str, changes: dict[str, str]) -> None:
    """Load the migrated collection from a temporary copy: nothing is written unless it
    is valid."""
    import shutil

    from dipltime.errors import DataError
    from dipltime.store.loading import load_collection

    with tempfile.TemporaryDirectory() as copy:
        target = os.path.join(copy, "events")
        shutil.copytree(root, target, symlinks=True)
        for path, text in changes.items():
            with open(
                os.path.join(target, os.path.relpath(path, root)), "w", encoding="utf-8"
            ) as out:
                out.write(text)
        try:
            load_collection(target)
        except DataError as exc:
            raise DipltimeError(
                f"the migrated collection would not be valid ({len(exc.problems)} problems; "
                f"first: {exc.problems[0].message})",
                "nothing was written; report this as a bug of dipltime migrate",
            ) from None


def arguments_migrate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="say which files would change, write nothing (exit 1 when some would)",
    )


SCHEMA = Command("schema", cmd_schema, arguments_schema, (), "dipltime schema > record.schema.json")
MIGRATE = Command(
    "migrate", cmd_migrate, arguments_migrate, (), "dipltime --events ./my-events migrate"
)
COMMANDS = {"schema": SCHEMA, "migrate": MIGRATE}
