"""The collection folder an import writes: which files are its own, and writing them so
that the folder is always a valid collection.

Every file an import writes starts with two comment lines; the second carries the
SHA-256 of the rest of the file. A file whose digest still matches is the import's own,
unchanged since: the next import may replace it (or remove it, when its counterpart is
gone upstream). A file a person has edited no longer matches, and a file without the
lines was never the import's: both are kept as they are, and the report says so.

:func:`apply` first builds the whole future folder beside it (a hidden folder inside it,
which collections skip), validates it with dipltime's own loader, and only then moves
each file into place, one atomic rename each, registries first, so that an interruption
leaves every file whole and every record's parties and sources registered.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from typing import NamedTuple

from dipltime.errors import DataError, DipltimeError, UsageError
from dipltime.i18n import N_

_HEAD = re.compile(
    rb"# Written by dipltime import ([a-z]+)[^\n]*\n# sha256 ([0-9a-f]{64}):[^\n]*\n"
)
FIRST_LINE = "# Written by dipltime import {source}: {what}.\n"
SECOND_LINE = "# sha256 {digest}: edit freely; an edited file is never replaced by an import.\n"
REGISTRIES = ("collection.yaml", "parties.yaml", "sources.yaml")
_STAGING = re.compile(r"\.import-[0-9a-f]{8}\.tmp")


def stamp(source: str, what: str, body: str) -> bytes:
    """The file's bytes: the two lines, then ``body``."""
    data = body.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    head = FIRST_LINE.format(source=source, what=what) + SECOND_LINE.format(digest=digest)
    return head.encode("utf-8") + data


def owner(data: bytes, source: str) -> str:
    """``ours`` (an import of ``source`` wrote it and nobody changed it since), ``edited``
    (it wrote it and a person changed it), or ``other``."""
    head = _HEAD.match(data)
    if head is None or head[1].decode() != source:
        return "other"
    body = data[head.end() :]
    return "ours" if hashlib.sha256(body).hexdigest() == head[2].decode() else "edited"


class Plan(NamedTuple):
    """What an import will do to the folder, file by file (names relative to it)."""

    write: dict[str, bytes]
    """New files and files of its own whose content changes."""
    unchanged: list[str]
    kept: dict[str, str]
    """Files it would have written but keeps as they are: name -> ``edited`` or ``other``."""
    remove: list[str]
    """Files of its own whose counterpart the datasets no longer have."""


def survey(folder: str, source: str) -> dict[str, str]:
    """Every ``*.yaml`` file in ``folder`` (not below it) with its owner; a
    :class:`UsageError` when the folder holds anything an import did not write, or when
    it is not a folder."""
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
            owners[name] = owner(handle.read(), source)
    if strangers or (owners and owners.get("collection.yaml") != "ours"):
        strangers += [name for name, state in owners.items() if state == "other"]
        raise UsageError(
            N_("{folder} is not a folder an import wrote ({names})"),
            N_(
                "import into a new folder (it is created) or into one an earlier import "
                "wrote; browse it with --events"
            ),
            {
                "folder": folder,
                "names": ", ".join(strangers[:3]) + (" …" if len(strangers) > 3 else ""),
            },
        )
    return owners


def plan(folder: str, source: str, files: dict[str, bytes], complete: bool) -> Plan:
    """What writing ``files`` into ``folder`` means; with ``complete`` (every counterpart
    was imported, not only some), files of its own that are not among them go."""
    owners = survey(folder, source)
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
    return Plan(write, unchanged, kept, remove)


def apply(
    folder: str, change: Plan, validate: object, interim: dict[str, bytes] | None = None
) -> None:
    """Carry out ``change``: the future folder is built and validated first (``validate``:
    a function of a folder that raises on bad data), then files are moved into place:
    the registries as ``interim`` has them (old entries and new), the records, the files
    that go, and the registries as they end."""
    created = not os.path.exists(folder)
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):  # an earlier import's staging folder, cut short
        if _STAGING.fullmatch(name):
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
    staging = os.path.join(folder, f".import-{secrets.token_hex(4)}.tmp")
    os.mkdir(staging)
    done = False
    try:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            kept = name not in change.remove and name not in change.write
            if (
                name.endswith(".yaml")
                and not name.startswith(".")
                and kept
                and os.path.isfile(path)
            ):
                shutil.copyfile(path, os.path.join(staging, name))
        for name, data in change.write.items():
            with open(os.path.join(staging, name), "wb") as handle:
                handle.write(data)
        try:
            validate(staging)  # type: ignore[operator]
        except DataError as exc:
            raise _not_written(exc, staging, folder) from None
        for name, data in sorted((interim or {}).items()):
            _place(staging, folder, f".{name}.interim", name, data)
        records = sorted(n for n in change.write if n not in REGISTRIES)
        for name in ["collection.yaml", *records] if "collection.yaml" in change.write else records:
            _place(staging, folder, name, name)
        for name in change.remove:
            os.remove(os.path.join(folder, name))
        for name in sorted(n for n in change.write if n in REGISTRIES and n != "collection.yaml"):
            _place(staging, folder, name, name)
        done = True
    except OSError as exc:
        raise DipltimeError(
            N_("cannot write the import into {folder}: {reason}"),
            N_("check the folder's permissions and free space, then import again"),
            {"folder": folder, "reason": exc.strerror or exc},
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not done and not os.listdir(folder):
            os.rmdir(folder)


def _place(staging: str, folder: str, staged: str, name: str, data: bytes | None = None) -> None:
    """Move a staged file (written first when ``data`` is given) over ``name``, on disk."""
    path = os.path.join(staging, staged)
    if data is not None:
        with open(path, "wb") as handle:
            handle.write(data)
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(path, os.path.join(folder, name))


def _not_written(error: DataError, staging: str, folder: str) -> DataError:
    """The problems of the staged folder, named as the files they would have been."""
    where = folder.rstrip(os.sep)
    problems = [
        problem._replace(
            path=problem.path.replace(staging, where, 1),
            message=problem.message.replace(staging, where),
        )
        for problem in error.problems
    ]
    failed = DataError(problems)
    failed.hint = (
        "nothing was written: a file kept as a person edited it may name what the new "
        "records no longer have; otherwise report this as a bug of dipltime import"
    )
    return failed
