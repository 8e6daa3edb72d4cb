"""A small CalDAV server on 127.0.0.1 whose misbehaviour each test chooses.

Radicale (``test_calendar_apps.py``) is the real server; this one answers the
way broken, hostile or unusual servers do: redirects, HTML pages, a byte every
second, endless bodies, a failing 3rd write, a login asked for or not.
"""

from __future__ import annotations

import base64
import contextlib
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Behaviour:
    calendars: set[str] = field(default_factory=lambda: {"/alice/anniversaries/"})
    """Paths of the calendar collections; their parent folders are plain collections."""
    login: tuple[str, str] | None = None
    """Ask for this Basic login (with a challenge) before anything else."""
    put_status: Callable[[int], int | None] = lambda number: None
    """The status to answer the n-th PUT (1-based) with instead of storing it."""
    everything: tuple[int, bytes, dict[str, str]] | None = None
    """Answer every request with this (status, body, headers)."""
    drip: float = 0.0
    """Seconds between bytes of every answer's body (a slow-loris server)."""
    endless: bool = False
    """Answer PROPFIND with a body that never ends."""
    challenges: tuple[str, ...] = ('Basic realm="fake"',)
    """The WWW-Authenticate headers of a 401, one header each."""
    report_extra: str = ""
    """Responses added to every calendar-multiget answer (hrefs of other resources)."""
    fold_with_tabs: bool = False
    """Send calendar data folded with a tab, as RFC 5545 allows."""
    report_prefix: bytes = b'<?xml version="1.0"?>'
    """Bytes sent before the multiget answer's XML (an XML declaration, padding …)."""


class FakeCalDAV:
    def __init__(self, behaviour: Behaviour | None = None, host: str = "127.0.0.1") -> None:
        self.behaviour = behaviour or Behaviour()
        self.store: dict[str, bytes] = {}
        self.requests: list[tuple[str, str, str | None]] = []
        """(method, path, Authorization header) of every request, in order."""
        self.puts = 0
        self.host = host
        server = _Server6 if ":" in host else _Server
        self.server = server((host, 0), _Handler)
        self.server.fake = self
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str = "/alice/anniversaries/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def names(self, folder: str = "/alice/anniversaries/") -> set[str]:
        return {p[len(folder) :] for p in self.store if p.startswith(folder)}


class _Server(ThreadingHTTPServer):
    fake: FakeCalDAV


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    @property
    def fake(self) -> FakeCalDAV:
        return self.server.fake

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _answer(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | list[tuple[str, str]] | None = None,
    ) -> None:
        self.send_response(status)
        pairs = headers.items() if isinstance(headers, dict) else (headers or [])
        for key, value in pairs:
            self.send_header(key, value)
        if self.fake.behaviour.endless and self.command == "PROPFIND":
            self.send_header("Content-Type", "application/xml")
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(b"<?xml version='1.0'?><d:multistatus xmlns:d='DAV:'>")
                while True:
                    self.wfile.write(b"<d:response/>" * 4096)
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.fake.behaviour.drip:
            with contextlib.suppress(OSError):
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(self.fake.behaviour.drip)
        else:
            self.wfile.write(body)

    def _dispatch(self) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        auth = self.headers.get("Authorization")
        self.fake.requests.append((self.command, path, auth))
        body = self._body()
        b = self.fake.behaviour
        if b.everything is not None:
            self._answer(*b.everything)
            return
        if b.login is not None:
            token = "Basic " + base64.b64encode(":".join(b.login).encode()).decode()
            if auth != token:
                self._answer(401, b"login", [("WWW-Authenticate", c) for c in b.challenges])
                return
        handler = getattr(self, "do_" + self.command.replace("-", "_") + "_", None)
        if handler is None:
            self._answer(405)
        else:
            handler(path, body)

    do_PROPFIND = do_REPORT = do_PUT = do_DELETE = do_GET = _dispatch

    def do_PROPFIND_(self, path: str, body: bytes) -> None:
        folder = path if path.endswith("/") else path + "/"
        known = self.fake.behaviour.calendars | {
            c.rsplit("/", 2)[0] + "/" for c in self.fake.behaviour.calendars
        }
        if folder not in known:
            self._answer(404)
            return
        items = [self._item(folder, folder in self.fake.behaviour.calendars, collection=True)]
        if self.headers.get("Depth") == "1":
            for calendar in sorted(self.fake.behaviour.calendars):
                if calendar != folder and calendar.startswith(folder):
                    items.append(self._item(calendar, True, collection=True))
            for stored in sorted(self.fake.store):
                if stored.startswith(folder) and "/" not in stored[len(folder) :]:
                    items.append(self._item(stored, False, collection=False))
        self._multistatus(items)

    def _item(self, path: str, calendar: bool, collection: bool) -> str:
        kind = (
            "<d:collection/><c:calendar/>"
            if calendar
            else ("<d:collection/>" if collection else "")
        )
        etag = (
            f'<d:getetag>"{hash(self.fake.store.get(path, b""))}"</d:getetag>'
            if not collection
            else ""
        )
        return (
            f"<d:response><d:href>{escape(urllib.parse.quote(path))}</d:href><d:propstat><d:prop>"
            f"<d:resourcetype>{kind}</d:resourcetype>{etag}</d:prop>"
            "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
        )

    def _multistatus(self, items: list[str], prefix: bytes = b'<?xml version="1.0"?>') -> None:
        body = prefix + (
            '<d:multistatus xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:caldav">' + "".join(items) + "</d:multistatus>"
        ).encode("utf-8")
        self._answer(207, body, {"Content-Type": "application/xml"})

    def do_REPORT_(self, path: str, body: bytes) -> None:
        items = []
        for href in re.findall(rb"<d:href>([^<]*)</d:href>", body):
            wanted = urllib.parse.unquote(href.decode())
            data = self.fake.store.get(wanted)
            if data is None:
                continue
            text = data.decode()
            if self.fake.behaviour.fold_with_tabs:
                text = "".join(
                    line[:40] + "\r\n\t" + line[40:] if len(line) > 40 else line
                    for line in text.splitlines(keepends=True)
                )
            items.append(
                f"<d:response><d:href>{escape(wanted)}</d:href><d:propstat><d:prop>"
                f'<d:getetag>"{hash(data)}"</d:getetag>'
                f"<c:calendar-data>{escape(text)}</c:calendar-data>"
                "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
            )
        items.append(self.fake.behaviour.report_extra)
        self._multistatus(items, self.fake.behaviour.report_prefix)

    def do_PUT_(self, path: str, body: bytes) -> None:
        self.fake.puts += 1
        status = self.fake.behaviour.put_status(self.fake.puts)
        if status is not None:
            self._answer(
                status,
                b"",
                {"Location": "http://elsewhere.example/x"} if 300 <= status < 400 else {},
            )
            return
        created = path not in self.fake.store
        self.fake.store[path] = body
        self._answer(201 if created else 204)

    def do_DELETE_(self, path: str, body: bytes) -> None:
        if self.fake.store.pop(path, None) is None:
            self._answer(404)
        else:
            self._answer(204)

    def do_GET_(self, path: str, body: bytes) -> None:
        self._answer(200, b"<html>hello</html>", {"Content-Type": "text/html"})


@contextlib.contextmanager
def fake_caldav(
    behaviour: Behaviour | None = None, host: str = "127.0.0.1"
) -> Iterator[FakeCalDAV]:
    server = FakeCalDAV(behaviour, host)
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
