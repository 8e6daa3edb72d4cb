"""``dipltime reconcile``: the records of two collections side by side, for a curator."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from dipltime.cli import Command
from dipltime.cli.context import Context
from dipltime.cli.speech import _
from dipltime.domain.kinds import KINDS
from dipltime.domain.language import Language
from dipltime.domain.model import Event
from dipltime.domain.reconcile import TYPES, Finding, compare
from dipltime.errors import UsageError
from dipltime.i18n import N_


def cmd_reconcile(ctx: Context) -> int:
    """Compare the collection (--events, the bundled one by default) with another (--with
    DIR), or its records with one another: the same act recorded in both (the same kind,
    or kinds of one family such as state and working visits, the same parties, dates that
    overlap), where one dates it more precisely, dates that differ, acts that happen once
    recorded on dates that conflict, and the acts one has and the other lacks (between
    parties both record). Each record is shown with its date as written, its file and
    line, and its sources, so that a curator can decide. Filters apply to both."""
    import os

    from dipltime.domain.filters import select

    other = ctx.args.other
    if other is not None and (not other or not os.path.isdir(other)):
        raise UsageError(
            N_("--with {folder!r} is not a folder"),
            N_("give the folder of the collection to compare with"),
            {"folder": other},
        )
    if other and os.path.realpath(other) == os.path.realpath(ctx.events_dir):
        other = None  # the collection with itself: its records with one another
    there: tuple[Event, ...] | None = None
    if other:
        from dipltime.store.cache import cache_folder
        from dipltime.store.loading import open_events

        theirs = open_events(other, cache_folder(ctx.environ)).collection()
        either = {tag for event in theirs.events for tag in event.tags} | ctx.events.tags()
        flt = ctx.filter({**theirs.parties, **ctx.collection.parties}, either)  # either's names
        there = select(theirs.events, flt)
    else:
        flt = ctx.filter()
    here = select(ctx.collection.events, flt)
    findings = compare(here, there)
    if ctx.args.json:
        ctx.out(json.dumps(_json(ctx, here, there, findings), ensure_ascii=False, indent=2))
        return 0
    for line in _text(ctx, here, there, findings):
        ctx.out(line)
    return 0


def _headings(lang: Language, one: bool) -> dict[str, str]:
    _ = lang._
    return {
        "same": _("The same act, the same date"),
        "more-precise": _("The same act, one date more precise"),
        "dates-differ": _("The same act, dates that differ"),
        "conflict": _("Dates that conflict (an act that happens once)"),
        "only-left": _("Only here") if not one else "",
        "only-right": _("Only there") if not one else "",
    }


def _text(
    ctx: Context, here: tuple[Event, ...], there: tuple[Event, ...] | None, found: list[Finding]
) -> list[str]:
    lang, style = ctx.lang, ctx.style
    _ = lang._
    from dipltime.store.scanning import display_path

    lines = [
        _("here: {folder} ({n} records)").format(folder=display_path(ctx.events_dir), n=len(here)),
    ]
    if there is not None:
        shown = display_path(ctx.args.other)
        lines.append(_("there: {folder} ({n} records)").format(folder=shown, n=len(there)))
    counts = Counter(f.type for f in found)
    headings = _headings(lang, there is None)
    if not found:
        lines.append(_("Nothing to reconcile."))
        return lines
    for kind in TYPES:
        if not counts[kind]:
            continue
        lines.append("")
        lines.append(style.bold(f"{headings[kind]} ({counts[kind]})"))
        if kind == "same" and not ctx.args.all:
            lines.append(style.dim("  " + _("listed with --all")))
            continue
        for finding in (f for f in found if f.type == kind):
            lines.extend(_finding(finding, ctx, there is None))
    return lines


def _finding(finding: Finding, ctx: Context, one: bool) -> list[str]:
    lang, style = ctx.lang, ctx.style
    _ = lang._
    first = finding.left or finding.right
    assert first is not None
    parties = ", ".join(lang.party(ctx.collection.parties.get(c), c) for c in first.parties)
    kinds = lang.kind(KINDS[first.kind].label)
    if finding.kinds_differ and finding.left and finding.right:
        labels = (KINDS[finding.left.kind].label, KINDS[finding.right.kind].label)
        kinds = " / ".join(lang.kind(label) for label in labels)
    out = [f"  {kinds} · {parties}"]
    labels = (_("first"), _("second")) if one else (_("here"), _("there"))
    for label, event, side in (
        (labels[0], finding.left, "left"),
        (labels[1], finding.right, "right"),
    ):
        if event is None:
            continue
        mark = " *" if finding.better == side else ""
        out.append(
            f"    {label + ':':<8}{_written(event)}{mark}  {event.id}  {style.dim(_where(event))}"
        )
        for source in event.sources:
            where = f" — {source.locator}" if source.locator else ""
            out.append(style.dim(f"{'':12}{source.id or source.title}{where}"))
    return out


def _written(event: Event) -> str:
    text = event.spec.edtf()
    return text + (f"/{event.end.iso()}" if event.end else "")


def _where(event: Event) -> str:
    return f"{event.path}:{event.line}" if event.path else ""


def _record(event: Event | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "id": event.id,
        "date": event.spec.edtf(),
        "end": event.end.iso() if event.end else None,
        "kind": event.kind.value,
        "parties": list(event.parties),
        "file": event.path,
        "line": event.line,
        "sources": [
            {"id": s.id or None, "locator": s.locator or None, "quote": s.quote or None}
            for s in event.sources
        ],
    }


def _json(
    ctx: Context, here: tuple[Event, ...], there: tuple[Event, ...] | None, found: list[Finding]
) -> dict[str, Any]:
    counts = Counter(f.type for f in found)
    return {
        "here": {"folder": ctx.events_dir, "records": len(here)},
        "there": {"folder": ctx.args.other, "records": len(there)} if there is not None else None,
        "counts": {kind: counts[kind] for kind in TYPES},
        "findings": [
            {
                "type": f.type,
                "more_precise": {"left": "here", "right": "there"}.get(f.better),
                "kinds_differ": f.kinds_differ,
                "here": _record(f.left),
                "there": _record(f.right),
            }
            for f in found
        ],
    }


def arguments_reconcile(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        action="store_true",
        help=_("list the acts recorded alike in both too (--json always lists them)"),
    )
    parser.add_argument(
        "--with",
        dest="other",
        metavar="DIR",
        help=_(
            "the collection to compare with (default: the records of --events among themselves)"
        ),
    )


RECONCILE = Command(
    "reconcile",
    cmd_reconcile,
    arguments_reconcile,
    ("filters", "json"),
    "dipltime reconcile --with ~/hsg-events --party USA",
)
COMMANDS = {"reconcile": RECONCILE}
