"""Finding the Office of the Historian's datasets in the folder a user names, and the
commit each was taken from.

PATH may be a folder holding the three checkouts (under any names), or one of them. A
dataset is recognised by what it holds, not by its folder's name: rdcr by
``articles/``, visits by ``data/*.xml`` and its ``visits.rnc`` schema, travels by
``president-travels/`` or ``secretary-travels/``. The commit comes from the checkout's
own ``.git`` (its HEAD, through a branch or the packed refs), else from a
``COMMITS.txt`` beside the checkouts (lines ``rdcr <commit>``), else it is not known.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from dipltime.errors import UsageError
from dipltime.i18n import N_

DATASETS = ("rdcr", "visits", "travels")
_COMMIT = re.compile(r"[0-9a-f]{40}")


class Dataset(NamedTuple):
    """One dataset found: its name, its folder, the folder documents are named from, and
    its commit ("" when not known)."""

    name: str
    folder: str
    base: str
    commit: str

    def files(self) -> list[tuple[str, str]]:
        """Its XML files, sorted: ``(path, document)``, the document named from ``base``
        (``rdcr/articles/peru.xml``)."""
        if self.name == "rdcr":
            folders = ["articles"]
        elif self.name == "visits":
            folders = ["data"]
        else:
            folders = ["president-travels", "secretary-travels"]
        found = []
        for sub in folders:
            where = os.path.join(self.folder, sub)
            if not os.path.isdir(where):
                continue
            for name in sorted(os.listdir(where)):
                path = os.path.join(where, name)
                if name.endswith(".xml") and os.path.isfile(path):
                    document = os.path.relpath(path, self.base).replace(os.sep, "/")
                    found.append((path, document))
        return found


def _kind(folder: str) -> str:
    if os.path.isdir(os.path.join(folder, "articles")):
        return "rdcr"
    if os.path.isfile(os.path.join(folder, "schema", "visits.rnc")) or (
        os.path.isdir(os.path.join(folder, "data"))
        and os.path.basename(os.path.normpath(folder)) == "visits"
    ):
        return "visits"
    if any(
        os.path.isdir(os.path.join(folder, sub))
        for sub in ("president-travels", "secretary-travels")
    ):
        return "travels"
    return ""


def find(path: str, only: tuple[str, ...] = DATASETS) -> list[Dataset]:
    """The datasets in ``path`` (a folder of checkouts, or one checkout), in the order of
    :data:`DATASETS`; a :class:`UsageError` when there is none."""
    if not os.path.isdir(path):
        raise UsageError(
            N_("{path} is not a folder"),
            N_("give the folder of the Office of the Historian's datasets (rdcr, visits, travels)"),
            {"path": path},
        )
    found: dict[str, Dataset] = {}
    kind = _kind(path)
    if kind:
        parent = os.path.dirname(os.path.abspath(path))
        found[kind] = Dataset(kind, path, parent, _commit(path, parent, kind))
    else:
        for name in sorted(os.listdir(path)):
            folder = os.path.join(path, name)
            kind = _kind(folder) if os.path.isdir(folder) else ""
            if kind and kind not in found:
                found[kind] = Dataset(kind, folder, path, _commit(folder, path, kind))
    chosen = [found[name] for name in DATASETS if name in found and name in only]
    if not chosen:
        raise UsageError(
            N_("{path} holds none of the Office of the Historian's datasets"),
            N_(
                "give a folder with checkouts of HistoryAtState/rdcr, visits and travels, "
                "or one of them"
            ),
            {"path": path},
        )
    return chosen


def _commit(folder: str, parent: str, kind: str) -> str:
    head = _git_head(os.path.join(folder, ".git"))
    if head:
        return head
    for name in (os.path.join(parent, "COMMITS.txt"), os.path.join(folder, "COMMITS.txt")):
        try:
            with open(name, encoding="utf-8") as handle:
                for line in handle:
                    words = line.split()
                    named = len(words) == 2 and words[0] in (kind, os.path.basename(folder))
                    if named and _COMMIT.fullmatch(words[1]):
                        return words[1]
        except (OSError, UnicodeDecodeError):
            continue
    return ""


def _git_head(git: str) -> str:
    """The commit a checkout's HEAD names, read from its files (no git needed)."""
    try:
        with open(os.path.join(git, "HEAD"), encoding="ascii") as handle:
            head = handle.read().strip()
        if _COMMIT.fullmatch(head):
            return head
        if not head.startswith("ref: "):
            return ""
        ref = head[5:].strip()
        if ".." in ref.split("/"):
            return ""
        try:
            with open(os.path.join(git, *ref.split("/")), encoding="ascii") as handle:
                commit = handle.read().strip()
            return commit if _COMMIT.fullmatch(commit) else ""
        except FileNotFoundError:
            with open(os.path.join(git, "packed-refs"), encoding="ascii") as handle:
                for line in handle:
                    words = line.split()
                    if len(words) == 2 and words[1] == ref and _COMMIT.fullmatch(words[0]):
                        return words[0]
    except (OSError, UnicodeDecodeError):
        return ""
    return ""
