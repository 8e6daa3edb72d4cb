"""Keeping a collection by hand: ``init`` (a new one), ``new`` (a record) and ``fmt`` (one
form for every record). Each writes a file whole or not at all, and only a file that is
still exactly what it read."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from typing import TYPE_CHECKING, Any

from dipltime.cli import Command
from dipltime.cli.context import Context
from dipltime.cli.speech import _
from dipltime.domain.filters import resolve_party
from dipltime.domain.kinds import Kind
from dipltime.errors import DataError, DipltimeError, UsageError
from dipltime.i18n import N_
from dipltime.store.loading import ENV_EVENTS
from dipltime.store.scanning import REGISTRIES, display_path

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
        _own_collection(ctx, "fmt")
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
            write_atomic(path, data, ours=_still(raw, shown))
            ctx.out(_("reformatted {file}").format(file=shown))
    if ctx.args.check:
        said = _("{changed} to reformat, {unchanged} already formatted")
    else:
        said = _("{changed} reformatted, {unchanged} already formatted")
    ctx.note(said.format(changed=changed, unchanged=unchanged))
    return 1 if ctx.args.check and changed else 0


def _still(raw: bytes, shown: str) -> Any:
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


# --- new -----------------------------------------------------------------------------------

ASKED = (
    ("date", N_("date (YYYY, YYYY-MM or YYYY-MM-DD, ? when inferred)")),
    ("date_note", N_("how the date was obtained (empty when the source states it)")),
    ("kind", N_("kind (e.g. official-visit; `dipltime list --help` lists them)")),
    ("party", N_("parties (codes or names, separated by commas)")),
    ("title", N_("title (as in a sentence: the signing of …; empty: made from the kind)")),
    ("summary", N_("summary (in your own words)")),
    ("source", N_("sources (ids of sources.yaml, separated by commas)")),
)
"""What ``new`` asks for, in this order, when it is not given and a person is there."""
REQUIRED = ("date", "kind", "party", "summary", "source")
"""What a record cannot be without (a title is made from kind, roles and people)."""


def cmd_new(ctx: Context) -> int:
    """Add a record to the collection, from the options, or by asking for what they do
    not say when run on a terminal.

    The record is validated as `dipltime validate` would before anything is written,
    then added at the end of the file that holds the records of its parties (or a new
    one named after its partner), in the form `dipltime fmt` writes. The id, unless
    given, is proposed from partner, date and kind (vnm-2024-11-14-official-visit).
    """
    from dipltime.store import appending

    args = ctx.args
    if not args.dry_run:
        _own_collection(ctx, "new")
    if ctx.stdin_is_tty and getattr(ctx.stderr, "isatty", lambda: False)():
        _ask(ctx)
    missing = [f"--{name}" for name in REQUIRED if not getattr(args, name)]
    if missing:
        raise UsageError(
            N_("a new record needs {options}"),
            N_("give them as options, or run `dipltime new` on a terminal to be asked"),
            {"options": ", ".join(missing)},
        )
    events = _events_or_none(ctx)
    known = events.parties if events is not None else _registries(ctx).parties
    parties = [resolve_party(p, known) for text in args.party for p in _split(text)]
    # The collection's own state: in most of its records, or, before the first, the first
    # of its registry (as dipltime init and the bundled registry list it).
    home = appending.home_of(events) if events is not None else next(iter(known), None)
    taken = set(events.ids()) if events is not None else set()
    record_id = args.id or appending.propose_id(parties, args.date, args.kind, home, taken)
    record = _record(args, record_id, parties)
    root = ctx.events_dir
    name = args.file or (
        appending.choose_file(events, root, parties, home)
        if events is not None
        else f"{appending.partner(parties, home).lower()}.yaml"
    )
    path = _inside(root, name)
    shown = display_path(path)
    try:
        with open(path, "rb") as handle:
            raw: bytes | None = handle.read()
    except FileNotFoundError:
        raw = None
    text = appending.appended((raw or b"").decode("utf-8-sig"), record)
    registries = _registries(ctx)
    problems = appending.check(text.replace("\r\n", "\n"), shown, registries, taken, record_id)
    if problems:  # of the record not written: no file and line, its fields
        for problem in problems:
            said = f"{problem.field or '-'}: {problem.message}"
            ctx.note(f"  {said} (hint: {problem.hint})" if problem.hint else f"  {said}")
        raise DipltimeError(
            N_("the record was not added: {count} of its fields would not be valid"),
            N_("correct the options named above and run the command again"),
            {"count": len(problems)},
        )
    if args.dry_run:
        ctx.out(_("would add to {file}:").format(file=shown))
        ctx.out(appending.record_text(record).rstrip("\n"))
        return 0
    from dipltime.outputs.safeio import write_atomic

    data = text.encode("utf-8")
    if raw is not None and raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    write_atomic(
        path, data, ours=_still(raw or b"", shown), inside=os.path.realpath(root), make_folders=True
    )
    line = text.count("\n", 0, text.rindex(f"- id: {record_id}")) + 1
    ctx.out(_("added {id} to {file}:{line}").format(id=record_id, file=shown, line=line))
    return 0


def _own_collection(ctx: Context, command: str) -> None:
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


def _events_or_none(ctx: Context) -> Any:
    """The collection's events, or None when it has no record yet (a new one)."""
    from dipltime.store.scanning import scan

    if not scan(ctx.events_dir)[0] and os.path.isdir(ctx.events_dir):
        return None
    return ctx.events


def _registries(ctx: Context) -> Any:
    """The collection's registries; their problems raised, as every command does."""
    from dipltime.store import registry as registries_module

    problems: list[Any] = []
    registries = registries_module.read_registries(ctx.events_dir, problems)
    if problems:
        raise DataError(problems)
    return registries


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _record(args: argparse.Namespace, record_id: str, parties: list[str]) -> dict[str, Any]:
    """The record's fields as its YAML says them (text), in the format's order."""
    sources: list[Any] = [source for text in args.source for source in _split(text)]
    if args.locator or args.quote:
        first = {"id": sources[0]}
        first.update({k: v for k, v in (("locator", args.locator), ("quote", args.quote)) if v})
        sources[0] = first
    record: dict[str, Any] = {"id": record_id, "date": args.date}
    optional = {
        "end": args.end,
        "date_note": args.date_note,
        "title": args.title,
        "summary": args.summary,
        "kind": args.kind,
        "parties": parties,
        "places": args.place,
        "people": args.person,
        "tags": args.tag,
        "sources": sources,
    }
    record.update({key: value for key, value in optional.items() if value})
    return record


def _inside(root: str, name: str) -> str:
    """The events file ``name`` of the collection: a .yaml file below ``root``, not a
    registry and not hidden."""
    path = os.path.normpath(os.path.join(root, name))
    relative = os.path.relpath(path, root)
    parts = relative.split(os.sep)
    if (
        os.path.isabs(name)
        or relative.startswith("..")
        or not relative.lower().endswith((".yaml", ".yml"))
        or relative.lower() in REGISTRIES
        or any(part.startswith(".") for part in parts)
    ):
        raise UsageError(
            N_("--file {name} is not an events file of the collection"),
            N_("name a .yaml file inside the collection (not a registry), e.g. vnm.yaml"),
            {"name": name},
        )
    return path


def _ask(ctx: Context) -> None:
    """Ask on the terminal for each field the options did not give."""
    args = ctx.args
    for name, question in ASKED:
        if name == "date_note" and not re.search(r"[?~%/]|^\.\.", str(args.date or "")):
            continue  # a day, month or year as the source states it needs no note
        tries = 0
        while not getattr(args, name):
            tries += 1
            if tries > 3:
                break
            ctx.stderr.write(_(question) + ": ")
            ctx.stderr.flush()
            answer = sys.stdin.readline()
            if not answer:  # end of input
                return
            answer = answer.strip()
            if not answer and name not in REQUIRED:
                break
            if name == "kind" and answer and answer not in {k.value for k in Kind}:
                ctx.note(_("{kind!r} is not a kind").format(kind=answer))
                continue
            if name == "party" and answer:
                try:  # each name said wrong is asked again at once, not after every question
                    for one in _split(answer):
                        resolve_party(one, _registries(ctx).parties)
                except UsageError as exc:
                    ctx.note(". ".join(exc.said(ctx.lang._)))
                    continue
            if answer:
                setattr(args, name, [answer] if name in ("party", "source") else answer)


def arguments_new(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--date", metavar="DATE", help=_("when, as the source gives it: 1826, 2012-09, 2024-11-14"))
    add("--end", metavar="DATE", help=_("the last day of a span"))
    add("--date-note", metavar="TEXT", help=_("how the date was obtained (needed for 2024?)"))
    add("--kind", choices=[k.value for k in Kind], metavar="KIND", help=_("the kind of act"))
    add("--party", action="append", default=[], metavar="P", help=_("a party (code or name)"))
    add("--title", metavar="TEXT", help=_("what happened, as in a sentence: the signing of …"))
    add("--summary", metavar="TEXT", help=_("the event in your own words"))
    add("--source", action="append", default=[], metavar="ID", help=_("a source's id"))
    add("--locator", metavar="TEXT", help=_("where in the first source: page, paragraph"))
    add("--quote", metavar="TEXT", help=_("the first source's own words for the fact"))
    add("--place", action="append", default=[], metavar="TEXT", help=_("a place"))
    add("--person", action="append", default=[], metavar="TEXT", help=_("a person"))
    add("--tag", action="append", default=[], metavar="TAG", help=_("a tag"))
    add("--id", metavar="ID", help=_("the record's id (default: proposed)"))
    add("--file", metavar="FILE", help=_("the events file to add it to (default: chosen)"))
    add(
        "--dry-run", action="store_true", help=_("show the record and where it goes; write nothing")
    )


NEW = Command(
    "new",
    cmd_new,
    arguments_new,
    (),
    "dipltime new --date 2024-11-14 --kind official-visit --party VNM --party PER "
    "--title 'the visit …' --summary '…' --source vns-2024-11-11-visit-announcement",
)

COMMANDS = {command.name: command for command in (INIT, NEW, FMT)}
