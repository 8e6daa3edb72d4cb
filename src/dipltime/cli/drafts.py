"""``dipltime new``: a record from options, or by asking on a terminal, validated before
it is added to its file (see ``curation`` for ``init`` and ``fmt``)."""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Any

from dipltime.cli import Command
from dipltime.cli.context import Context
from dipltime.cli.curation import own_collection, unchanged_since
from dipltime.cli.speech import _
from dipltime.domain.filters import resolve_party
from dipltime.domain.kinds import Kind
from dipltime.errors import DataError, DipltimeError, UsageError
from dipltime.i18n import N_
from dipltime.store.scanning import REGISTRIES, display_path

if TYPE_CHECKING:
    import argparse


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
        own_collection(ctx, "new")
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
    record = _record(args, record_id, parties, _roles(args.role, known))
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
        path,
        data,
        ours=unchanged_since(raw or b"", shown),
        inside=os.path.realpath(root),
        make_folders=True,
    )
    line = text.count("\n", 0, text.rindex(f"- id: {record_id}")) + 1
    ctx.out(_("added {id} to {file}:{line}").format(id=record_id, file=shown, line=line))
    return 0


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


def _roles(given: list[str], known: Any) -> dict[str, Any]:
    """``--role sending=PER``: each role with its party's code (a list where several)."""
    roles: dict[str, list[str]] = {}
    for text in given:
        role, _, party = text.partition("=")
        if not role.strip() or not party.strip():
            raise UsageError(
                N_("--role {text!r} is not ROLE=PARTY"),
                N_(
                    "e.g. --role host=PER --role visiting=VNM; the roles of each kind are in "
                    "docs/records.md"
                ),
                {"text": text},
            )
        roles.setdefault(role.strip(), []).append(resolve_party(party.strip(), known))
    return {role: codes[0] if len(codes) == 1 else codes for role, codes in roles.items()}


def _record(
    args: argparse.Namespace, record_id: str, parties: list[str], roles: dict[str, Any]
) -> dict[str, Any]:
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
        "roles": roles,
        "certainty": args.certainty,
        "certainty_note": args.certainty_note,
        "places": args.place,
        "people": args.person,
        "tags": args.tag,
        "sources": sources,
        "notes": args.notes,
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
    add(
        "--role",
        action="append",
        default=[],
        metavar="ROLE=P",
        help=_("who did what: sending=PER, host=VNM (the roles of each kind: docs/records.md)"),
    )
    add("--certainty", choices=["doubtful", "disputed"], help=_("when the act itself is in doubt"))
    add("--certainty-note", metavar="TEXT", help=_("why it is doubtful or disputed"))
    add("--notes", metavar="TEXT", help=_("what a reader should know besides"))
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

COMMANDS = {"new": NEW}
