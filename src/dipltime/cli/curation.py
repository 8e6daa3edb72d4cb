"""Keeping a collection by hand: ``init`` (a new one), ``new`` (a record) and ``fmt`` (one
form for every record). Each writes a file whole or not at all, and only a file that is
still exactly what it read."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from dipltime.cli import Command
from dipltime.cli.context import Context
from dipltime.cli.speech import _
from dipltime.errors import DipltimeError, UsageError
from dipltime.i18n import N_
from dipltime.store.loading import ENV_EVENTS
from dipltime.store.scanning import display_path

if TYPE_CHECKING:
    import argparse


# --- init ----------------------------------------------------------------------------------


def cmd_init(ctx: Context) -> int:
    """Make DIR a new collection: its header (collection.yaml), a party registry, a source
    registry and one example record, ready for --events DIR.

    DIR must not exist or be empty: nothing in it is ever replaced.
    """
    from dipltime.store.starter import FILES

    folder = os.path.abspath(ctx.args.folder)
    parent = os.path.dirname(folder)
    if os.path.lexists(folder) and not (os.path.isdir(folder) and not os.listdir(folder)):
        raise UsageError(
            N_("{folder} exists and is not an empty folder"),
            N_("give a new folder's name: init never writes over what is there"),
            {"folder": ctx.args.folder},
        )
    if not os.path.isdir(parent):
        raise UsageError(
            N_("the folder {folder} does not exist"),
            N_("create it first, or give another place"),
            {"folder": parent},
        )
    created = not os.path.isdir(folder)
    written: list[str] = []
    try:
        if created:
            os.mkdir(folder)
        try:
            for name, text in FILES.items():
                path = os.path.join(folder, name)
                with open(path, "x", encoding="utf-8") as handle:  # never over a file
                    written.append(path)
                    handle.write(text)
        except BaseException:  # all of it, or none: what this command made goes
            for path in written:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            if created:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
            raise
    except OSError as exc:
        raise DipltimeError(
            N_("cannot create {folder}: {reason}"),
            N_("check the permissions of the folder above it"),
            {"folder": ctx.args.folder, "reason": exc.strerror or exc},
        ) from None
    shown = display_path(folder)
    ctx.out(_("created {folder}: a collection with one example record").format(folder=shown))
    ctx.out(_("next: dipltime --events {folder} validate").format(folder=shown))
    return 0


def arguments_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help=_("the new collection's folder"))


INIT = Command("init", cmd_init, arguments_init, (), "dipltime init my-events")


# --- fmt -----------------------------------------------------------------------------------


def own_collection(ctx: Context, command: str) -> None:
    """Refuse to write to the bundled events: they belong to dipltime's installation."""
    if not (ctx.args.events or ctx.environ.get(ENV_EVENTS)):
        raise UsageError(
            N_("{command} writes to a collection: name yours with --events DIR"),
            N_(
                "the bundled events belong to dipltime's installation; "
                "`dipltime init DIR` starts a collection of your own"
            ),
            {"command": command},
        )


def cmd_fmt(ctx: Context) -> int:
    """Rewrite every events file of the collection in one canonical form: keys in the
    order of the format, quoting only where needed, prose folded, dates as written, one
    blank line between records. Comments stay with what they annotate.

    The collection must validate first; a file is replaced only if it reads back as
    the same records with the same comments, and only if nobody changed it meanwhile.
    With --check, nothing is written and the exit code is 1 when a file would change.
    """
    from dipltime.store.formatting import formatted
    from dipltime.store.scanning import in_walk_order, scan

    if not ctx.args.check:
        own_collection(ctx, "fmt")
    ctx.events.close()  # the whole collection is valid (else: every problem, exit 1)
    root = ctx.events_dir
    from dipltime.outputs.safeio import write_atomic

    changed = unchanged = 0
    for _name, path, _sig in in_walk_order(root, scan(root)[0]):  # a file at a time
        shown = display_path(path)
        if os.path.islink(path):
            ctx.note(_("{file}: a link, left as it is").format(file=shown))
            continue
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8-sig")
        bom = raw.startswith(b"\xef\xbb\xbf")
        newline = "\r\n" if "\r\n" in text else "\n"
        try:
            new = formatted(text.replace("\r\n", "\n"), shown)
        except ValueError as exc:  # it could not say the same: the file stays as it is
            ctx.note(_("{file}: left as it is: {reason}").format(file=shown, reason=exc))
            continue
        data = (b"\xef\xbb\xbf" if bom else b"") + new.replace("\n", newline).encode("utf-8")
        if data == raw:
            unchanged += 1
            continue
        changed += 1
        if ctx.args.check:
            ctx.out(_("would reformat {file}").format(file=shown))
        else:
            write_atomic(path, data, ours=unchanged_since(raw, shown))
            ctx.out(_("reformatted {file}").format(file=shown))
    if ctx.args.check:
        said = _("{changed} to reformat, {unchanged} already formatted")
    else:
        said = _("{changed} reformatted, {unchanged} already formatted")
    ctx.note(said.format(changed=changed, unchanged=unchanged))
    return 1 if ctx.args.check and changed else 0


def unchanged_since(raw: bytes, shown: str) -> Any:
    def ours(existing: bytes) -> bool:
        if existing != raw:
            raise DipltimeError(
                N_("{file} changed while dipltime was reading it"),
                N_("run the command again"),
                {"file": shown},
            )
        return True

    return ours


def arguments_fmt(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check", action="store_true", help=_("write nothing; exit 1 if a file would change")
    )


FMT = Command("fmt", cmd_fmt, arguments_fmt, (), "dipltime --events my-events fmt --check")


COMMANDS = {command.name: command for command in (INIT, FMT)}
