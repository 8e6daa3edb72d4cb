"""Publishing anniversaries into a CalDAV calendar, with nothing but the standard library.

A publication owns the resources whose names start with ``dipltime-{name}-``
in the calendar; it creates the ones missing, rewrites the ones whose content
changed (each carries ``X-DIPLTIME-HASH``), deletes its own that are gone, and
never touches anything else. Running it twice changes nothing the second time.

Why no CalDAV library: the four requests needed (PROPFIND, REPORT
calendar-multiget, PUT, DELETE) are short, and the usual clients pull in
``requests``, ``lxml`` and more for them; ``http.client`` keeps ``dipltime``
light and its failures easy to translate.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import socket
import ssl
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from dipltime.errors import DipltimeError, UsageError

_DAV = "DAV:"
_CALDAV = "urn:ietf:params:xml:ns:caldav"
_HASH = re.compile(rb"^X-DIPLTIME-HASH:([0-9a-f]{64})\r?$", re.MULTILINE)
PUBLICATION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


class PublishError(DipltimeError):
    """The calendar server could not be reached, refused the login, or refused a request."""

    exit_code = 1


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


@dataclass(frozen=True)
class Outcome:
    """What a publish changed."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Target:
    """A calendar collection URL, split; ``display`` never carries credentials."""

    scheme: str
    host: str
    port: int | None
    path: str

    @property
    def display(self) -> str:
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.host}{port}{self.path}"


def parse_target(url: str) -> Target:
    """Check a calendar URL: http(s), no credentials in it, a path ending in ``/``."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        raise UsageError(
            "the calendar URL must not contain a user name or password",
            "give the user with --user or DIPLTIME_CALDAV_USER and the password in "
            "DIPLTIME_CALDAV_PASSWORD or --password-file",
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            "the calendar URL must start with http:// or https://",
            "e.g. https://cal.example.org/dav/user/anniversaries/",
        )
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    return Target(parts.scheme, parts.hostname, parts.port, path)


def resource_name(publication: str, key: str) -> str:
    """The file name of one event in the calendar: ``dipltime-{publication}-{key}.ics``."""
    return f"dipltime-{publication}-{re.sub(r'[^A-Za-z0-9.-]', '-', key)}.ics"


def with_hash(resource: bytes) -> bytes:
    """Stamp a one-event VCALENDAR with the hash of its content, before its END line."""
    digest = hashlib.sha256(resource).hexdigest()
    end = resource.rindex(b"END:VCALENDAR")
    return resource[:end] + f"X-DIPLTIME-HASH:{digest}\r\n".encode() + resource[end:]


def publish(
    target: Target,
    resources: Mapping[str, bytes],
    publication: str,
    credentials: Credentials | None,
    timeout: float = 30.0,
) -> Outcome:
    """Make the publication's resources in ``target`` exactly ``resources`` (name → VCALENDAR)."""
    with _Session(target, credentials, timeout) as session:
        prefix = f"dipltime-{publication}-"
        present = [name for name in session.list_names() if name.startswith(prefix)]
        hashes = session.hashes(present)
        created = updated = unchanged = deleted = 0
        for name, body in sorted(resources.items()):
            wanted = _HASH.search(body)
            if name not in hashes:
                session.put(name, body, create=True)
                created += 1
            elif wanted is None or hashes[name] != wanted.group(1).decode():
                session.put(name, body, create=False)
                updated += 1
            else:
                unchanged += 1
        for name in sorted(set(present) - set(resources)):
            session.delete(name)
            deleted += 1
    return Outcome(created, updated, deleted, unchanged)


class _Session:
    def __init__(self, target: Target, credentials: Credentials | None, timeout: float) -> None:
        self.target = target
        self.credentials = credentials
        if target.scheme == "https":
            self.conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                target.host, target.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            self.conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        sent = {"User-Agent": "dipltime", **(headers or {})}
        if self.credentials is not None:
            token = f"{self.credentials.user}:{self.credentials.password}".encode()
            sent["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        try:
            # The URL's path arrives percent-encoded as the user copied it (Nextcloud
            # writes user%40example.org): keep its escapes, quote only what is raw.
            self.conn.request(
                method, urllib.parse.quote(path, safe=_PATH_SAFE), body=body, headers=sent
            )
            response = self.conn.getresponse()
            data = response.read()
        except (
            TimeoutError,
            ConnectionError,
            socket.gaierror,
            ssl.SSLError,
            OSError,
            http.client.HTTPException,
        ) as exc:
            self.conn.close()
            reason = getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__
            raise PublishError(
                f"cannot reach the calendar server at {self.target.display}: {reason}",
                "check the URL and that the server is running",
            ) from None
        self._check(method, path, response.status)
        return response.status, data

    def _check(self, method: str, path: str, status: int) -> None:
        if status < 400:
            return
        where = self.target.display
        if status == 401:
            who = f" for user {self.credentials.user!r}" if self.credentials else ""
            hint = (
                "check the user name and password (DIPLTIME_CALDAV_USER, "
                "DIPLTIME_CALDAV_PASSWORD or --password-file)"
            )
            raise PublishError(f"the server at {where} refused the login{who} (HTTP 401)", hint)
        if status == 403:
            raise PublishError(
                f"the server at {where} does not allow {method} on {path} (HTTP 403)",
                "check that this user may write to the calendar",
            )
        if status == 404 and method == "PROPFIND":
            raise PublishError(
                f"there is no calendar at {where} (HTTP 404)",
                "create the calendar in your calendar app first, then copy its CalDAV URL",
            )
        raise PublishError(
            f"the server at {where} answered {method} {path} with HTTP {status}",
            "try again later, or check the server's log",
        )

    def list_names(self) -> list[str]:
        body = (
            b'<?xml version="1.0" encoding="utf-8"?>'
            b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getetag/>'
            b"</d:prop></d:propfind>"
        )
        status, data = self.request(
            "PROPFIND", self.target.path, body, {"Depth": "1", "Content-Type": "application/xml"}
        )
        names = []
        collection = urllib.parse.unquote(self.target.path).rstrip("/")
        for href in _hrefs(data, self.target.display):
            path = urllib.parse.unquote(urllib.parse.urlsplit(href).path)
            if path.rstrip("/") == collection:
                continue
            names.append(path.rsplit("/", 1)[-1])
        return names

    def hashes(self, names: list[str]) -> dict[str, str]:
        """The X-DIPLTIME-HASH of each named resource (empty where it has none)."""
        if not names:
            return {}
        hrefs = "".join(f"<d:href>{_xml_escape(self.target.path + n)}</d:href>" for n in names)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<c:calendar-multiget xmlns:d="DAV:" xmlns:c="{_CALDAV}">'
            f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{hrefs}"
            "</c:calendar-multiget>"
        ).encode()
        _, data = self.request(
            "REPORT", self.target.path, body, {"Depth": "1", "Content-Type": "application/xml"}
        )
        found = dict.fromkeys(names, "")
        for href, calendar in _calendar_data(data, self.target.display):
            name = urllib.parse.unquote(urllib.parse.urlsplit(href).path).rsplit("/", 1)[-1]
            unfolded = calendar.replace("\r\n ", "").replace("\n ", "").encode()
            match = _HASH.search(unfolded)
            found[name] = match.group(1).decode() if match else ""
        return found

    def put(self, name: str, body: bytes, create: bool) -> None:
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        self.request("PUT", self.target.path + name, body, headers)

    def delete(self, name: str) -> None:
        self.request("DELETE", self.target.path + name)


def _parse_xml(data: bytes, where: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        raise PublishError(
            f"the server at {where} sent a reply that is not WebDAV XML",
            "check that the URL is a CalDAV calendar",
        ) from None


def _hrefs(data: bytes, where: str) -> list[str]:
    root = _parse_xml(data, where)
    return [el.text or "" for el in root.iter(f"{{{_DAV}}}href")]


def _calendar_data(data: bytes, where: str) -> list[tuple[str, str]]:
    root = _parse_xml(data, where)
    found = []
    for response in root.iter(f"{{{_DAV}}}response"):
        href = response.findtext(f"{{{_DAV}}}href") or ""
        calendar = "".join(el.text or "" for el in response.iter(f"{{{_CALDAV}}}calendar-data"))
        found.append((href, calendar))
    return found


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
