"""A publication: the anniversaries one ``dipltime publish`` keeps in a CalDAV calendar.

A publication creates the resources it is missing, rewrites the ones whose
content changed (each carries ``X-DIPLTIME-HASH``), deletes its own that are
gone, and never touches anything else. Running it twice changes nothing the
second time; running it again after a failure completes it.

Ownership is proved by each resource's content, never by a name's prefix
(``embassy`` must not take ``embassy-lima``'s events for its own): a resource
belongs to publication P when its calendar data carries ``X-DIPLTIME-HASH``,
every UID in it ends in ``.P@dipltime`` with no other dot before (publication
names cannot contain one), and its ``X-DIPLTIME-PUBLICATION``, where present,
is P. Names are ``dipltime_{P}_{key}.ics``: the underscore is a character no
publication name or key can contain. Resources written by earlier versions
(``dipltime-{P}-{key}.ics``) pass the same proof and are replaced.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from dipltime.outputs.caldav import (
    CALDAV,
    DAV,
    DEADLINE,
    MAX_XML,
    Credentials,
    PublishError,
    Session,
    Target,
    href_path,
    multistatus,
    quote_name,
    xml_escape,
)

PUBLICATION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A publication's name: lowercase letters and digits, joined by single hyphens."""
_HASH = re.compile(rb"^X-DIPLTIME-HASH:([0-9a-f]{64})\r?$", re.MULTILINE)
_UID = re.compile(r"^UID:(.*?)\r?$", re.MULTILINE)
_STAMP = re.compile(r"^X-DIPLTIME-PUBLICATION:(.*?)\r?$", re.MULTILINE)
_CHUNK = 100
"""Resources asked for in one calendar-multiget."""


@dataclass(frozen=True)
class Outcome:
    """What a publish changed."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged"
        )


def resource_name(publication: str, key: str) -> str:
    """The file name of one event in the calendar: ``dipltime_{publication}_{key}.ics``."""
    return f"dipltime_{publication}_{re.sub(r'[^A-Za-z0-9.-]', '-', key)}.ics"


def stamp(resource: bytes, publication: str) -> bytes:
    """Mark a one-event VCALENDAR with its publication and the hash of its content."""
    end = resource.rindex(b"END:VCALENDAR")
    marked = resource[:end] + f"X-DIPLTIME-PUBLICATION:{publication}\r\n".encode() + resource[end:]
    digest = hashlib.sha256(marked).hexdigest()
    end = marked.rindex(b"END:VCALENDAR")
    return marked[:end] + f"X-DIPLTIME-HASH:{digest}\r\n".encode() + marked[end:]


_FOLD = re.compile(r"\r?\n[ \t]")


def unfold(calendar: str) -> str:
    """Content lines as written before folding (RFC 5545 folds with a space or a tab)."""
    return _FOLD.sub("", calendar)


def owned(calendar: str, publication: str) -> bool:
    """Whether a resource's calendar data proves it was written by ``publication``."""
    text = unfold(calendar)
    if not _HASH.search(text.encode()):
        return False
    uids = _UID.findall(text)
    if not uids or not all(_publication_of(uid) == publication for uid in uids):
        return False
    stamps = _STAMP.findall(text)
    return all(s == publication for s in stamps)


UID_DOMAIN = "publish.dipltime"
"""Published events' UIDs end ``.{publication}@publish.dipltime``: apart from the files'
(``…@dipltime``), so a publication and an imported file never share one."""
_LEGACY_DOMAIN = "dipltime"


def _publication_of(uid: str) -> str | None:
    """The publication a UID names (``{key}.{publication}@…``, the key without a dot)."""
    local, at, domain = uid.rpartition("@")
    if not at or domain not in (UID_DOMAIN, _LEGACY_DOMAIN) or local.count(".") != 1:
        return None
    return local.split(".")[1]


@dataclass(frozen=True)
class _Present:
    etag: str
    digest: str
    uids: frozenset[str]


def publish(
    target: Target,
    resources: Mapping[str, bytes],
    publication: str,
    credentials: Credentials | None,
    deadline: float = DEADLINE,
) -> Outcome:
    """Make the publication's resources in ``target`` exactly ``resources`` (name → VCALENDAR,
    each :func:`stamp`-ed). Nothing is written before the target is known to be a calendar
    and every name is known to be free or this publication's own."""
    with Session(target, credentials, deadline) as session:
        children = _calendar_children(session)
        candidates = sorted(name for name in children if name.startswith("dipltime"))
        mine = _owned(session, candidates, publication)
        taken = sorted(name for name in resources if name in children and name not in mine)
        if taken:
            shown = ", ".join(taken[:3]) + (f" and {len(taken) - 3} more" if len(taken) > 3 else "")
            raise PublishError(
                f"the calendar at {target.display} holds {shown}, which publication "
                f"{publication!r} did not write; nothing was changed",
                "remove or rename those resources, or publish under another --publication",
            )
        return _sync(session, resources, mine)


def _sync(session: Session, resources: Mapping[str, bytes], mine: dict[str, _Present]) -> Outcome:
    wanted_uids = {
        uid for body in resources.values() for uid in _UID.findall(unfold(body.decode()))
    }
    stale = sorted(set(mine) - set(resources))
    # A resource an earlier version named differently but that holds a UID about to be
    # written goes first: a calendar refuses two resources with one UID.
    first = [name for name in stale if mine[name].uids & wanted_uids]
    later = [name for name in stale if name not in first]
    done = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    try:
        for name in first:
            _delete(session, name, mine[name])
            done["deleted"] += 1
        for name, body in sorted(resources.items()):
            present = mine.get(name)
            if present is None:
                _put(session, name, body, {"If-None-Match": "*"})
                done["created"] += 1
                continue
            wanted = _HASH.search(body)
            if wanted is not None and present.digest == wanted.group(1).decode():
                done["unchanged"] += 1
                continue
            _put(session, name, body, {"If-Match": present.etag} if present.etag else {})
            done["updated"] += 1
        for name in later:
            _delete(session, name, mine[name])
            done["deleted"] += 1
    except PublishError as exc:
        progress = Outcome(**done)
        written = progress.created + progress.updated + progress.deleted
        if not written:
            raise
        raise PublishError(
            f"{exc.message}; before that, this publish had {progress}",
            "run the same command again: it completes what is missing and redoes nothing",
        ) from None
    return Outcome(**done)


def _put(session: Session, name: str, body: bytes, extra: dict[str, str]) -> None:
    headers = {"Content-Type": "text/calendar; charset=utf-8", **extra}
    session.request("PUT", session.target.path + quote_name(name), body, headers)


def _delete(session: Session, name: str, present: _Present) -> None:
    headers = {"If-Match": present.etag} if present.etag else {}
    session.request("DELETE", session.target.path + quote_name(name), headers=headers)


_PROPFIND = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:displayname/><d:getetag/>'
    b"</d:prop></d:propfind>"
)


def _calendar_children(session: Session) -> set[str]:
    """The names of the resources in the target, once it is known to be a calendar.

    A URL that is not a calendar collection (an account, a principal, a web page)
    is refused, listing the calendars found under it."""
    target = session.target
    response = session.request(
        "PROPFIND",
        target.path,
        _PROPFIND,
        {"Depth": "1", "Content-Type": "application/xml"},
        limit=MAX_XML,
    )
    if response.status != 207:
        raise PublishError(
            f"the server at {target.display} answered PROPFIND with HTTP {response.status}, "
            "not a WebDAV multistatus (207)",
            "check that the URL is a CalDAV calendar, not a web page",
        )
    root = multistatus(response.body, target.display)
    here = href_path(target.path)
    is_calendar = False
    calendars: list[str] = []
    names: set[str] = set()
    for item in root.iter(f"{{{DAV}}}response"):
        path = href_path(item.findtext(f"{{{DAV}}}href") or "")
        calendar = item.find(f".//{{{DAV}}}resourcetype/{{{CALDAV}}}calendar") is not None
        if path == here:
            is_calendar = calendar
        elif calendar:
            name = item.findtext(f".//{{{DAV}}}displayname") or ""
            calendars.append(path + "/" + (f" ({name})" if name else ""))
        elif path.startswith(here + "/") and "/" not in path[len(here) + 1 :]:
            names.add(path[len(here) + 1 :])
    if not is_calendar:
        found = "; calendars under it: " + ", ".join(sorted(calendars)[:10]) if calendars else ""
        raise PublishError(
            f"{target.display} is not a calendar{found}",
            "give the URL of one calendar with --caldav (its CalDAV address)",
        )
    return names


def _owned(session: Session, names: list[str], publication: str) -> dict[str, _Present]:
    """Which of ``names`` this publication wrote, with their etag and hash."""
    found: dict[str, _Present] = {}
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        hrefs = "".join(f"<d:href>{xml_escape(session.target.path + n)}</d:href>" for n in chunk)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<c:calendar-multiget xmlns:d="DAV:" xmlns:c="{CALDAV}">'
            f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{hrefs}"
            "</c:calendar-multiget>"
        ).encode()
        response = session.request(
            "REPORT",
            session.target.path,
            body,
            {"Depth": "1", "Content-Type": "application/xml"},
            limit=MAX_XML,
        )
        root = multistatus(response.body, session.target.display)
        here = href_path(session.target.path)
        for item in root.iter(f"{{{DAV}}}response"):
            folder, _, name = href_path(item.findtext(f"{{{DAV}}}href") or "").rpartition("/")
            unfolded = unfold(_text_of(item, f"{{{CALDAV}}}calendar-data"))
            # The answer must name the very resource asked for, in this calendar.
            if folder == here and name in chunk and owned(unfolded, publication):
                digest = _HASH.search(unfolded.encode())
                assert digest is not None  # owned() checked it
                etag = _text_of(item, f"{{{DAV}}}getetag")
                found[name] = _Present(
                    etag=etag if etag.isprintable() and etag.isascii() else "",
                    digest=digest.group(1).decode(),
                    uids=frozenset(_UID.findall(unfolded)),
                )
    return found


def _text_of(item: ET.Element, tag: str) -> str:
    return "".join(el.text or "" for el in item.iter(tag))
