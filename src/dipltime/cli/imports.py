"""``dipltime import hsg``: primary data as a collection of records.

The report says, per dataset, how many records were made and of which kinds, how the
rdcr guide's dates were found (a day or a month from a sentence, a year from a heading,
conflicts kept as competing dates), what was not imported and why, and what happened to
each file of the folder.
"""

from __future__ import annotations

import argparse
import collections
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from dipltime.cli import Command, Group
from dipltime.cli.context import Context
from dipltime.cli.speech import _
from dipltime.domain.language import Language
from dipltime.i18n import N_

if TYPE_CHECKING:
    from dipltime.importers.hsg import Report


def cmd_import_hsg(ctx: Context) -> int:
    """Import the US Office of the Historian's datasets (public domain, CC0): the guide to
    recognition, diplomatic and consular relations (rdcr), the visits of foreign leaders
    to the United States (visits) and the trips abroad of presidents and secretaries of
    state (travels). PATH is a folder with checkouts of HistoryAtState/rdcr, visits and
    travels, or one of them; DIR is a new folder, or one an earlier import wrote. Each
    record cites its dataset, file, entry, commit and licence; a day is taken from the
    guide's prose only where a sentence states the act with its date, and where the
    dates disagree each is kept. Importing again updates what changed upstream and
    never replaces a file a person has edited."""
    from dipltime.importers import hsg

    args = ctx.args
    progress = _progress(ctx) if ctx.stderr.isatty() else None
    report = hsg.run(
        args.path,
        args.folder,
        args.party,
        _validate,
        _spanish_names(),
        dry_run=args.dry_run,
        progress=progress,
    )
    if progress is not None:
        ctx.stderr.write("\r\x1b[K")
    if args.json:
        ctx.out(json.dumps(_as_json(report, args.folder), ensure_ascii=False, indent=2))
    else:
        for line in _lines(report, args.folder, args.dry_run, ctx.lang):
            ctx.out(line)
    return 0


def _validate(folder: str) -> None:
    """Load the collection the import would leave: a DataError if it is not valid."""
    from dipltime.store.loading import load_collection

    load_collection(folder)


def _progress(ctx: Context) -> Callable[[int, int], None]:
    """A count of the files read, on stderr (a terminal's), rewritten in place."""
    _ = ctx.lang._

    def show(done: int, total: int) -> None:
        if done == total or done % 8 == 0:
            ctx.stderr.write(
                "\r"
                + _("reading the datasets: {done}/{total} files").format(done=done, total=total)
            )
            ctx.stderr.flush()

    return show


def _spanish_names() -> dict[str, str]:
    """The Spanish names the bundled registry gives (``el Perú``), for the same codes."""
    from dipltime.errors import Problem
    from dipltime.store.loading import bundled_events_dir
    from dipltime.store.registry import load_registry

    problems: list[Problem] = []  # the bundled registry is valid: its tests say so
    parties = load_registry(bundled_events_dir(), problems)
    return {code: dict(p.names)["es"] for code, p in parties.items() if "es" in dict(p.names)}


_OUTCOMES = {
    "day": N_("a day from a sentence of the text"),
    "month": N_("a month from a sentence of the text"),
    "heading": N_("a day or month from the heading"),
    "year": N_("the heading's year (no sentence dates the act)"),
    "conflict": N_("dates that disagree, kept as competing dates"),
}


def _lines(report: Report, folder: str, dry_run: bool, lang: Language) -> list[str]:
    _, n_ = lang._, lang.n_
    lines = []
    commits = ", ".join(
        f"{d.name} {d.commit[:7]}" if d.commit else f"{d.name} (commit not known)"
        for d in report.datasets
    )
    read = n_("read {n} file: {commits}", "read {n} files: {commits}", report.files_read)
    lines.append(read.format(n=report.files_read, commits=commits))
    for dataset, kinds in report.records.items():
        total = sum(kinds.values())
        listed = ", ".join(
            f"{kind} {number}"
            for kind, number in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        lines.append(
            f"{dataset}: "
            + n_("{n} record", "{n} records", total).format(n=total)
            + (f" ({listed})" if listed else "")
        )
    if report.outcomes:
        lines.append(_("rdcr dates:"))
        for outcome in ("day", "month", "heading", "year", "conflict"):
            if report.outcomes.get(outcome):
                lines.append(f"  {report.outcomes[outcome]:>5}  {_(_OUTCOMES[outcome])}")
    if report.merged:
        lines.append(
            n_(
                "  {n} entry recorded an act another entry records too: merged into it",
                "  {n} entries recorded an act another entry records too: merged into it",
                report.merged,
            ).format(n=report.merged)
        )
    reasons = collections.Counter((s.dataset, s.reason.split(": ", 1)[-1]) for s in report.skipped)
    if reasons:
        lines.append(_("not imported:"))
        for (dataset, reason), number in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {number:>5}  {dataset}: {_(reason)}")
    plan = report.plan
    template = (
        _("{folder}: would write {written}, {unchanged} unchanged, {removed} removed")
        if dry_run
        else _("{folder}: wrote {written}, {unchanged} unchanged, {removed} removed")
    )
    written = n_("{n} file", "{n} files", len(plan.write)).format(n=len(plan.write))
    lines.append(
        template.format(
            folder=folder, written=written, unchanged=len(plan.unchanged), removed=len(plan.remove)
        )
    )
    for name, state in sorted(plan.kept.items()):
        why = _("edited by hand") if state == "edited" else _("not written by an import")
        lines.append(
            _("kept {name} as it is ({why}): the import's version of it was not written").format(
                name=name, why=why
            )
        )
    return lines


def _as_json(report: Report, folder: str) -> dict[str, object]:
    return {
        "datasets": [
            {"name": d.name, "folder": d.folder, "commit": d.commit or None}
            for d in report.datasets
        ],
        "files_read": report.files_read,
        "records": {name: dict(sorted(kinds.items())) for name, kinds in report.records.items()},
        "rdcr_dates": dict(sorted(report.outcomes.items())),
        "rdcr_merged": report.merged,
        "conflicts": [
            {
                "id": d.record["id"],
                "date": d.record["date"],
                "heading": d.record["sources"][0]["locator"],
                "other_dates": [o["date"] for o in d.record.get("other_dates", [])],
            }
            for d in report.conflicts
        ],
        "not_imported": [s._asdict() for s in report.skipped],
        "folder": folder,
        "dry_run": not report.written,
        "written": sorted(report.plan.write),
        "unchanged": sorted(report.plan.unchanged),
        "kept": report.plan.kept,
        "removed": sorted(report.plan.remove),
    }


def arguments_import_hsg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help=_("the datasets' folder, or one dataset's"))
    parser.add_argument("folder", metavar="DIR", help=_("the collection folder to write"))
    parser.add_argument(
        "--party",
        action="append",
        default=[],
        metavar="PARTY",
        help=_("import only this counterpart (code, slug or name; repeatable)"),
    )
    parser.add_argument("--dry-run", action="store_true", help=_("read and report, write nothing"))
    parser.add_argument("--json", action="store_true", help=_("the report as JSON"))


IMPORT_HSG = Command(
    "import hsg",
    cmd_import_hsg,
    arguments_import_hsg,
    (),
    "dipltime import hsg ~/src/historyatstate ~/hsg-events",
)
IMPORT = Group(
    "import", N_("Import records from primary datasets."), "source", "SOURCE", (IMPORT_HSG,)
)
COMMANDS: dict[str, Command | Group] = {"import": IMPORT, "import hsg": IMPORT_HSG}
