"""The collection folder an import writes: which files are its own, and writing them so
that the folder is always a valid collection.

Every file an import writes starts with two comment lines; the second carries the
SHA-256 of the file's name and the rest of the file. A file whose digest still matches is
the import's own, unchanged since, under the name it was written as: the next import may
replace it (or remove it, when its counterpart is gone upstream). A file a person has
edited no longer matches, nor does a copy under another name, and a file without the
lines was never the import's: all are kept as they are, and the report says so.

:func:`apply` first builds the whole future folder in a staging folder, validates it with
dipltime's own loader, and only then moves it into place: a new folder whole, by renaming
the staging folder (an interrupted import leaves no folder at all); an existing one file
by file, one atomic rename each, the registries holding old and new entries until every
record is in place, so that an interruption leaves every file whole and every record's
parties and sources registered. One import at a time writes a folder (a lock beside it).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import NamedTuple

from dipltime.errors import DataError, DipltimeError, Problem, UsageError
from dipltime.i18n import N_

_HEAD = re.compile(
    rb"# Written by dipltime import ([a-z]+)[^\n]*\n# sha256 ([0-9a-f]{64}):[^\n]*\n"
)
FIRST_LINE = "# Written by dipltime import {source}: {what}.\n"
SECOND_LINE = "# sha256 {digest}: edit freely; an edited file is never replaced by an import.\n"
REGISTRIES = ("collection.yaml", "parties.yaml", "sources.yaml")
_STAGING = re.compile(r"\.import-[0-9a-f]{8}\.tmp")
_MARK = ".dipltime-staging"
"""The file that tells a staging folder of dipltime's from anything else named alike."""
LOCK = ".dipltime-import.lock"


def _digest(name: str, body: bytes) -> str:
    return hashlib.sha256(name.encode("utf-8") + b"\0" + body).hexdigest()


def stamp(source: str, what: str, body: str, name: str) -> bytes:
    """The bytes of the file ``name``: the two lines, then ``body``."""
    data = body.encode("utf-8")
    head = FIRST_LINE.format(source=source, what=what)
    head += SECOND_LINE.format(digest=_digest(name, data))
    return head.encode("utf-8") + data


def owner(data: bytes, source: str, name: str) -> str:
    """``ours`` (an import of ``source`` wrote it as ``name`` and nobody changed it since),
    ``edited`` (it wrote it and a person changed or renamed it), or ``other``."""
    head = _HEAD.match(data)
    if head is None or head[1].decode() != source:
        return "other"
    return "ours" if _digest(name, data[head.end() :]) == head[2].decode() else "edited"


class Plan(NamedTuple):
    """What an import will do to the folder, file by file (names relative to it)."""

    write: dict[str, bytes]
    """New files and files of its own whose content changes."""
    unchanged: list[str]
    kept: dict[str, str]
    """Files it would have written but keeps as they are: name -> ``edited`` or ``other``."""
    remove: list[str]
    """Files of its own whose counterpart the datasets no longer have."""
    others: list[str] = []
    """Every file of the folder that is not the import's own as it stands (edited, copied)."""


def survey(folder: str, source: str) -> dict[str, str]:
    """Every ``*.yaml`` file in ``folder`` (not below it) with its owner; a
    :class:`UsageError` when the folder holds anything an import did not write, or when
    it is not a folder."""
    if not folder:
        raise UsageError(N_("no folder given"), N_("give a new folder, or one an import wrote"))
    if os.path.islink(folder) and not os.path.exists(folder):
        raise UsageError(
            N_("{folder} is a symbolic link to nothing"),
            N_("give a new folder, or one an import wrote"),
            {"folder": folder},
        )
    if not os.path.exists(folder):
        return {}
    if not os.path.isdir(folder):
        raise UsageError(
            N_("{folder} is not a folder"),
            N_("give a new folder, or one an earlier import wrote"),
            {"folder": folder},
        )
    owners: dict[str, str] = {}
    strangers = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith("."):
            continue
        if not name.endswith(".yaml") or not os.path.isfile(path) or os.path.islink(path):
            strangers.append(name)
            continue
        with open(path, "rb") as handle:
            owners[name] = owner(handle.read(), source, name)
    strangers += [name for name, state in owners.items() if state == "other"]
    if strangers or (owners and "collection.yaml" not in owners):
        names = strangers or ["no collection.yaml of an import"]
        raise UsageError(
            N_("{folder} is not a folder an import wrote ({names})"),
            N_(
                "import into a new folder (it is created) or into one an earlier import "
                "wrote; browse it with --events"
            ),
            {"folder": folder, "names": ", ".join(names[:3]) + (" …" if len(names) > 3 else "")},
        )
    return owners


def plan(folder: str, owners: dict[str, str], files: dict[str, bytes], complete: bool) -> Plan:
    """What writing ``files`` into ``folder`` means, its files' ``owners`` as
    :func:`survey` found them; with ``complete`` (every counterpart was imported, not only
    some), files of its own that are not among them go."""
    write: dict[str, bytes] = {}
    unchanged: list[str] = []
    kept: dict[str, str] = {}
    for name, data in files.items():
        state = owners.get(name)
        if state is None:
            write[name] = data
        elif state != "ours":
            kept[name] = state
        else:
            with open(os.path.join(folder, name), "rb") as handle:
                same = handle.read() == data
            (unchanged.append(name) if same else write.__setitem__(name, data))
    remove = []
    if complete:
        remove = [n for n, s in owners.items() if s == "ours" and n not in files]
    others = sorted(n for n, state in owners.items() if state != "ours")
    return Plan(write, unchanged, kept, remove, others)


@contextlib.contextmanager
def locked(folder: str) -> Iterator[None]:
    """Hold the folder's import lock (beside it, so that a new folder is locked too)."""
    import fcntl

    parent, name = os.path.split(os.path.abspath(folder))
    path = os.path.join(parent, f".{name}{LOCK}")
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        raise _cannot(folder, exc) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                N_("another import is writing {folder}"),
                N_("wait for it to finish, then import again"),
                {"folder": folder},
            ) from None
        yield
    finally:
        os.close(handle)


def _cannot(folder: str, exc: OSError) -> DipltimeError:
    return DipltimeError(
        N_("cannot write the import into {folder}: {reason}"),
        N_("check the folder's permissions and free space, then import again"),
        {"folder": folder, "reason": exc.strerror or exc},
    )


def _staging(parent: str) -> str:
    """A new staging folder in ``parent``, marked as dipltime's; older ones of dipltime's
    left by an import cut short are removed first."""
    for name in os.listdir(parent):
        old = os.path.join(parent, name)
        if _STAGING.fullmatch(name) and os.path.isfile(os.path.join(old, _MARK)):
            shutil.rmtree(old, ignore_errors=True)
    staging = os.path.join(parent, f".import-{secrets.token_hex(4)}.tmp")
    os.mkdir(staging)
    with open(os.path.join(staging, _MARK), "wb"):
        pass
    return staging


def _build(folder: str, staging: str, change: Plan) -> None:
    """The future folder in ``staging``: the files that stay, and the new ones."""
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            stays = name not in change.remove and name not in change.write
            ours = name.endswith(".yaml") and not name.startswith(".")
            if ours and stays and os.path.isfile(path):
                shutil.copyfile(path, os.path.join(staging, name))
    for name, data in change.write.items():
        with open(os.path.join(staging, name), "wb") as handle:
            handle.write(data)


def check(folder: str, change: Plan, validate: Callable[[str], None]) -> None:
    """Validate the folder ``change`` would leave, writing nothing where the user sees it."""
    with tempfile.TemporaryDirectory(prefix="dipltime-import-") as scratch:
        staging = os.path.join(scratch, "events")
        os.mkdir(staging)
        _build(folder, staging, change)
        try:
            validate(staging)
        except DataError as exc:
            raise _not_written(exc, staging, folder, change) from None


def apply(
    folder: str,
    change: Plan,
    validate: Callable[[str], None],
    interim: dict[str, bytes] | None = None,
) -> None:
    """Carry out ``change``: the future folder is built and validated first (``validate``:
    a function of a folder that raises on bad data), then moved into place: a new folder
    by renaming the staging folder; an existing one with the registries as ``interim`` has
    them (old entries and new), the records, the files that go, and the registries as
    they end."""
    new = not os.path.isdir(folder) or not os.listdir(folder)
    parent = os.path.dirname(os.path.abspath(folder))
    try:
        staging = _staging(parent if new else folder)
    except OSError as exc:
        raise _cannot(folder, exc) from None
    try:
        _build(folder, staging, change)
        try:
            validate(staging)
        except DataError as exc:
            raise _not_written(exc, staging, folder, change) from None
        os.remove(os.path.join(staging, _MARK))
        if new:
            _fsync_all(staging)
            os.replace(staging, folder)  # an empty folder is replaced, a missing one made
            return
        for name, data in sorted((interim or {}).items()):
            _place(staging, folder, f".{name}.interim", name, data)
        records = sorted(n for n in change.write if n not in REGISTRIES)
        for name in ["collection.yaml", *records] if "collection.yaml" in change.write else records:
            _place(staging, folder, name, name)
        for name in change.remove:
            os.remove(os.path.join(folder, name))
        for name in sorted(n for n in change.write if n in REGISTRIES and n != "collection.yaml"):
            _place(staging, folder, name, name)
    except OSError as exc:
        raise _cannot(folder, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_all(staging: str) -> None:
    for name in os.listdir(staging):
        with open(os.path.join(staging, name), "rb") as handle:
            os.fsync(handle.fileno())


def _place(staging: str, folder: str, staged: str, name: str, data: bytes | None = None) -> None:
    """Move a staged file (written first when ``data`` is given) over ``name``, on disk."""
    path = os.path.join(staging, staged)
    if data is not None:
        with open(path, "wb") as handle:
            handle.write(data)
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(path, os.path.join(folder, name))


class NotWritten(DataError):
    """The collection an import would leave is not valid: nothing was written."""

    def __init__(self, problems: list[Problem], kept: list[str]) -> None:
        super().__init__(problems)
        count = len(self.problems)
        words = {"count": count, "kept": ", ".join(kept)}
        if kept:
            message = N_(
                "the import would leave {count} problems beside files it did not write as "
                "they stand ({kept}); nothing was written"
            )
            hint = N_("move those files out of the folder, or import into a new folder")
        else:
            message = N_("the import would leave {count} problems; nothing was written")
            hint = N_("report this as a bug of dipltime import, with the datasets' commits")
        DipltimeError.__init__(self, message, hint, words)


def _not_written(error: DataError, staging: str, folder: str, change: Plan) -> DataError:
    """The problems of the staged folder, named as the files they would have been."""
    where = folder.rstrip(os.sep)
    problems = [
        problem._replace(
            path=problem.path.replace(staging, where, 1),
            message=problem.message.replace(staging, where),
        )
        for problem in error.problems
    ]
    return NotWritten(problems, change.others)  # the kept files are among them
