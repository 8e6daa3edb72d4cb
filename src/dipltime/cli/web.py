"""The chronology on the web: ``export site`` (a static site) and ``export timelinejs``.

A site is written into its own folder, which dipltime marks as its own
(``.dipltime-site``: every file it wrote, with a checksum). Writing again replaces only
files it wrote and nobody changed since, removes only those it wrote that the site no
longer has, and never touches anything else; each file is written whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dipltime.cli import Command
from dipltime.cli.argtypes import year_arg
from dipltime.cli.context import Context
from dipltime.cli.speech import _
from dipltime.errors import DipltimeError, UsageError
from dipltime.i18n import N_
from dipltime.store.scanning import display_path

if TYPE_CHECKING:
    import argparse

MARKER = ".dipltime-site"


def cmd_export_site(ctx: Context) -> int:
    """Write the chronology as a static site into DIR: an index of partners with the
    timeline drawn as SVG, a page per partner, an "on this day" page for each day of
    the year with its anniversaries in --year, and the coming milestones.

    It works from the folder itself and from any web server, and asks nothing of
    another host. --both writes English and Spanish, each in its folder, with a
    switch between them. DIR must be new, empty, or a site dipltime wrote there.
    """
    from dipltime.outputs.site import site_files

    _owned(ctx.args.folder)  # before anything is made: a folder that is not one's own
    year = ctx.args.year or ctx.today.year
    files = site_files(site_records(ctx), ctx.lang, year, ctx.settings, ctx.args.both)
    write_site(ctx, ctx.args.folder, files)
    return 0


def site_records(ctx: Context) -> Any:
    """Where the pages take their records from: the cache's index, a page at a time, or
    the collection read whole where there is no cache."""
    from dipltime.outputs.siterecords import Indexed, Whole
    from dipltime.store.loading import IndexedEvents

    if isinstance(ctx.events, IndexedEvents):
        return Indexed(ctx.events)
    return Whole(ctx.collection.events, ctx.events.parties)


def write_site(ctx: Context, folder: str, files: Iterable[tuple[str, bytes]]) -> None:
    """Write the site's files into ``folder`` as they are made (see the module's notes),
    and say so."""
    pages, size, written = _write(folder, files, _owned(folder))
    ctx.note(
        _("{folder}: {pages} files ({size} KB), {written} written").format(
            folder=display_path(folder), pages=pages, size=size // 1024, written=written
        )
    )


def _owned(folder: str) -> dict[str, str]:
    """The files dipltime wrote in ``folder`` before, with their checksums; refuse a
    folder that holds anything else and is not a site of dipltime's."""
    if not os.path.lexists(folder):
        return {}
    if not os.path.isdir(folder):
        raise UsageError(
            N_("{folder} is not a folder"), N_("give a folder for the site"), {"folder": folder}
        )
    marker = os.path.join(folder, MARKER)
    if not os.path.exists(marker):
        if os.listdir(folder):
            raise UsageError(
                N_("{folder} holds files that are not a site dipltime wrote"),
                N_("give a new or empty folder: dipltime never writes over what it did not write"),
                {"folder": folder},
            )
        return {}
    try:
        with open(marker, encoding="utf-8") as handle:
            known = json.load(handle)
        if not isinstance(known, dict) or not all(isinstance(v, str) for v in known.values()):
            raise ValueError("not a list of files")
        strange = [name for name in known if not _plain(name)]
        if strange:
            raise ValueError(f"it names {strange[0]!r}, not a file of the site")
    except (OSError, ValueError) as exc:
        raise DipltimeError(
            N_("{marker} cannot be read: {reason}"),
            N_("write the site into a new folder"),
            {"marker": marker, "reason": str(exc)},
        ) from None
    return known


def _plain(name: str) -> bool:
    """A file's name as a site has them: relative, in its own folders, nothing hidden."""
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and all(part and part not in (".", "..") and not part.startswith(".") for part in parts)
        and "\\" not in name
        and name.isprintable()
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inside(root: str, name: str) -> str | None:
    """The path of the site's file ``name``, if it is where it says: no link on the way
    out of the folder (a linked subfolder, a linked file); None otherwise."""
    path = os.path.join(root, *name.split("/"))
    if os.path.realpath(path) != path:
        return None
    return path


def _current(path: str) -> bytes | None:
    """The bytes of a regular file at ``path`` (None where there is none); anything else
    there (a pipe, a device, a folder) is refused, never read."""
    import stat

    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise DipltimeError(
            N_("{file} is not a regular file"),
            N_("move it away, or write the site into a new folder"),
            {"file": path},
        )
    with open(path, "rb") as handle:
        return handle.read()


def _write(
    folder: str, files: Iterable[tuple[str, bytes]], known: dict[str, str]
) -> tuple[int, int, int]:
    """Write each file whole (those whose bytes changed) as it comes, remove the ones of
    the last site it no longer has, then the marker; nothing dipltime did not write is
    touched. How many files, their bytes, and how many were written. Should anything
    fail midway, the marker still lists what was written."""
    from dipltime.outputs.safeio import write_atomic

    os.makedirs(folder, exist_ok=True)
    root = os.path.realpath(folder)
    written = size = 0
    made: dict[str, str] = {}
    done = False
    try:
        for name, data in files:
            path = _inside(root, name)
            if path is None:
                raise DipltimeError(
                    N_("{file} leads out of the site's folder (through a link)"),
                    N_("remove the link, or write the site into a new folder"),
                    {"file": name},
                )
            existing = _current(path)
            if existing is not None and existing != data and known.get(name) != _digest(existing):
                raise DipltimeError(
                    N_("{file} was changed since dipltime wrote it, or is not its own"),
                    N_("move it away, or write the site into a new folder"),
                    {"file": name},
                )
            if existing != data:
                write_atomic(path, data, make_folders=True, inside=root)
                written += 1
            made[name] = _digest(data)
            size += len(data)
        for name in sorted(set(known) - set(made)):  # only files it wrote, unchanged since
            path = _inside(root, name)
            if path is None:
                continue
            try:
                if _digest(_current(path) or b"") == known[name]:
                    os.unlink(path)
            except (OSError, DipltimeError):
                continue
        done = True
    finally:  # the marker lists what is the site's own now, even after a failure
        mine = made if done else {**known, **made}
        text = json.dumps(mine, indent=1, sort_keys=True) + "\n"
        write_atomic(os.path.join(folder, MARKER), text.encode("utf-8"), inside=root)
    return len(made), size, written


def arguments_export_site(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help=_("the site's folder"))
    parser.add_argument(
        "--year", type=year_arg, help=_("count the anniversaries in this year (default: this year)")
    )
    parser.add_argument(
        "--both", action="store_true", help=_("English and Spanish, with a switch between them")
    )


EXPORT_SITE = Command(
    "export site",
    cmd_export_site,
    arguments_export_site,
    (),
    "dipltime export site chronology --both",
)


def cmd_export_timelinejs(ctx: Context) -> int:
    """The records in TimelineJS's JSON format, dates as precise as each record and
    shown as dipltime writes them in --lang (display_date), for a TimelineJS page.
    """
    from dipltime.outputs.safeio import write_atomic
    from dipltime.outputs.streams import write_out
    from dipltime.outputs.timelinejs import timeline_json

    flt = ctx.filter()
    from dipltime.domain.core import home_party, party_counts
    from dipltime.domain.filters import select

    events = select(ctx.collection.events, flt)
    home = home_party(party_counts(ctx.collection.events), ctx.events.parties)
    heading = ctx.lang.fill(
        ctx.lang._("The diplomatic relations of {home}"),
        home=ctx.lang.in_a_sentence(ctx.events.parties.get(home or ""), home or ""),
    )
    document = timeline_json(events, ctx.events.parties, ctx.lang, heading, home)
    if ctx.args.output and ctx.args.output != "-":
        write_atomic(ctx.args.output, document.encode("utf-8"), ours=_a_timeline)
    else:
        write_out(ctx.stdout, document)
    return 0


def _a_timeline(head: bytes) -> bool:
    """Whether a file about to be replaced (its first bytes) is a TimelineJS document as
    dipltime writes them (never a record, never another file)."""
    if not head.startswith(b'{\n  "title": {\n    "text": {\n      "headline": '):
        raise UsageError(
            N_("the file to write is there already and is not a TimelineJS document"),
            N_("give a new file's name, or move the other file away"),
        )
    return True


def arguments_export_timelinejs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE", help=_("write to FILE (default: standard output)")
    )


EXPORT_TIMELINEJS = Command(
    "export timelinejs",
    cmd_export_timelinejs,
    arguments_export_timelinejs,
    ("filters",),
    "dipltime --lang es export timelinejs --party VNM -o vnm.json",
)

COMMANDS = {command.name: command for command in (EXPORT_SITE, EXPORT_TIMELINEJS)}
