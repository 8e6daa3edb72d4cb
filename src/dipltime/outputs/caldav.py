"""Talking to a CalDAV server, with nothing but the standard library.

This module is the wire: one connection, the five requests a publication needs
(PROPFIND, REPORT calendar-multiget, PUT, DELETE, and the login challenge), and
the rules that keep a server from misleading or stalling dipltime:

- only a 2xx answer is a success; a redirect is reported with its new address
  and never followed (it would carry the login elsewhere);
- the login goes out only after the server asks for it (``401`` with a Basic
  challenge), and never over plain http to a host other than this machine
  unless the user says ``--insecure``;
- the whole run has a deadline: a server that drips one byte every few seconds
  is cut off when it passes, not only one that goes silent; every answer's body
  is read up to a bound;
- what a server says is XML only if it parses as a WebDAV multistatus (no
  DOCTYPE, so no entity tricks).

What a publication writes and which resources it owns is ``publication.py``.

Why no CalDAV library: the requests are short, and the usual clients pull in
``requests``, ``lxml`` and more for them; ``http.client`` keeps ``dipltime``
light and its failures easy to translate.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from dipltime.errors import DipltimeError, UsageError
from dipltime.i18n import N_

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_BASIC = re.compile(r'(?:^|,)\s*Basic(?:\s|,|$)(?=(?:[^"]*"[^"]*")*[^"]*$)', re.IGNORECASE)
"""A Basic challenge among those offered (a scheme's name, not a word in a quoted realm)."""
READ_TIMEOUT = 30.0
"""Longest wait for any one read from the server, in seconds."""
DEADLINE = 300.0
"""Default time a whole publish may take, in seconds (``--timeout``)."""
MAX_XML = 32 * 1024 * 1024
"""Largest WebDAV answer read (a multiget is asked for in chunks well below it)."""
MAX_OTHER = 64 * 1024
"""Largest body read from an answer whose body dipltime does not need (PUT, DELETE, errors)."""


class PublishError(DipltimeError):
    """The calendar server could not be reached, refused the login, or refused a request."""

    exit_code = 1


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


@dataclass(frozen=True)
class Target:
    """A calendar collection URL, split; ``display`` never carries credentials."""

    scheme: str
    host: str
    port: int | None
    path: str

    @property
    def display(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{host}{port}{self.path}"

    @property
    def loopback(self) -> bool:
        """Whether the server is this machine (plain http never leaves it)."""
        if self.host.lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_target(url: str, insecure: bool = False) -> Target:
    """Check a calendar URL: http(s), no credentials in it, a path ending in ``/``, and
    plain http only to this machine unless ``insecure``."""
    example = N_("e.g. https://cal.example.org/dav/user/anniversaries/")
    if not url.isprintable() or " " in url:
        raise UsageError(N_("the calendar URL contains spaces or control characters"), example, {})
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(
            N_("the calendar URL is malformed: {reason}"), example, {"reason": exc}
        ) from None
    if parts.username or parts.password:
        raise UsageError(
            N_("the calendar URL must not contain a user name or password"),
            N_(
                "give the user with --user or DIPLTIME_CALDAV_USER and the password in "
                "DIPLTIME_CALDAV_PASSWORD or --password-file"
            ),
            {},
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(N_("the calendar URL must start with http:// or https://"), example, {})
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    target = Target(parts.scheme, parts.hostname, port, path)
    if target.scheme == "http" and not target.loopback and not insecure:
        raise UsageError(
            N_(
                "{url} is plain http to another machine: the login and the calendar would "
                "cross the network unencrypted"
            ),
            N_("use the server's https:// URL, or add --insecure if you accept that"),
            {"url": target.display},
        )
    return target


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes


class Session:
    """One connection to the server, for one publish, with its deadline."""

    def __init__(
        self, target: Target, credentials: Credentials | None, deadline: float = DEADLINE
    ) -> None:
        self.target = target
        self.credentials = credentials
        self.seconds = deadline
        self._deadline = time.monotonic() + deadline
        self._login = False  # sent only once the server has asked for it
        self._timed_out = False
        timeout = min(READ_TIMEOUT, deadline)
        # The port is always given: http.client would read an IPv6 address's last group
        # as one.
        port = target.port or (443 if target.scheme == "https" else 80)
        if target.scheme == "https":
            self.conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                target.host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            self.conn = http.client.HTTPConnection(target.host, port, timeout=timeout)
        self._closed = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Session:
        self._watchdog.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed.set()
        self.conn.close()

    def _watch(self) -> None:
        """Once the deadline passes, shut down whatever connection is open, again and again
        (a reconnection may be under way), until the session ends. A per-read timeout
        cannot stop a server that drips a byte at a time."""
        if self._closed.wait(max(0.0, self._deadline - time.monotonic())):
            return
        self._timed_out = True
        while not self._closed.is_set():
            sock = self.conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self._closed.wait(0.05)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        limit: int = MAX_OTHER,
    ) -> Response:
        """Send one request; a 401 with a Basic challenge is answered once with the login.
        Raises :class:`PublishError` for anything but a 2xx answer."""
        response = self._send(method, path, body, headers, limit)
        if response.status == 401 and not self._login and self.credentials is not None:
            challenge = response.headers.get("www-authenticate", "")
            if not _BASIC.search(challenge):
                raise PublishError(
                    f"the server at {self.target.display} asks for a kind of login dipltime "
                    f"does not support ({challenge[:60] or 'no challenge given'})",
                    "use a server or an app password that accepts Basic authentication over https",
                )
            self._login = True
            response = self._send(method, path, body, headers, limit)
        self._check(method, path, response)
        return response

    def _send(
        self,
        method: str,
        path: str,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        limit: int,
    ) -> Response:
        sent = {"User-Agent": "dipltime", **(headers or {})}
        if self._login and self.credentials is not None:
            token = f"{self.credentials.user}:{self.credentials.password}".encode()
            sent["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        remaining = self._deadline - time.monotonic()
        if remaining <= 0 or self._timed_out:
            raise self._too_slow()
        # No wait (connecting included) outlasts the deadline.
        self.conn.timeout = min(READ_TIMEOUT, remaining)
        if self.conn.sock is not None:
            self.conn.sock.settimeout(self.conn.timeout)
        try:
            # The URL's path arrives percent-encoded as the user copied it (Nextcloud
            # writes user%40example.org): keep its escapes, quote only what is raw.
            self.conn.request(
                method, urllib.parse.quote(path, safe=_PATH_SAFE), body=body, headers=sent
            )
            response = self.conn.getresponse()
            data = response.read(limit + 1)
            if len(data) > limit:
                self.conn.close()
                if response.status // 100 == 2 and limit == MAX_XML:
                    raise PublishError(
                        f"the server at {self.target.display} answered {method} with more "
                        f"than {limit // (1024 * 1024)} MiB",
                        "check that the URL is a CalDAV calendar",
                    )
                data = data[:limit]  # a body dipltime does not need: stop reading it
            headers_seen: dict[str, str] = {}
            for key, value in response.getheaders():  # repeated headers: all of them
                key = key.lower()
                headers_seen[key] = (
                    f"{headers_seen[key]}, {value}" if key in headers_seen else value
                )
        except PublishError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            self.conn.close()
            # A wait cut short to what was left of the deadline ran out: that is the
            # deadline, even when the watchdog has not woken up yet.
            cut_short = isinstance(exc, TimeoutError) and self.conn.timeout < READ_TIMEOUT
            if self._timed_out or cut_short or time.monotonic() >= self._deadline:
                raise self._too_slow() from None
            reason = getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__
            raise PublishError(
                f"cannot reach the calendar server at {self.target.display}: {reason}",
                "check the URL and that the server is running",
            ) from None
        if self._timed_out:
            self.conn.close()
            raise self._too_slow()
        return Response(response.status, headers_seen, data)

    def _too_slow(self) -> PublishError:
        return PublishError(
            f"the server at {self.target.display} did not finish within {self.seconds:g} s",
            "try again later, or allow more time with --timeout SECONDS",
        )

    def _check(self, method: str, path: str, response: Response) -> None:
        status = response.status
        if 200 <= status < 300:
            return
        where = self.target.display
        if 300 <= status < 400:
            location = response.headers.get("location", "")
            moved = f" to {location[:200]}" if location else ""
            raise PublishError(
                f"the server at {where} redirected {method} {path}{moved} (HTTP {status}); "
                "dipltime does not follow redirects, which could take the login elsewhere",
                "if the new address is your calendar, give it with --caldav",
            )
        if status == 401:
            if self.credentials is None:
                raise PublishError(
                    f"the server at {where} asks for a login (HTTP 401)",
                    "give the user with --user or DIPLTIME_CALDAV_USER",
                )
            raise PublishError(
                f"the server at {where} refused the login for user "
                f"{self.credentials.user!r} (HTTP 401)",
                "check the user name and password (DIPLTIME_CALDAV_USER, "
                "DIPLTIME_CALDAV_PASSWORD or --password-file)",
            )
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
        if status == 412:
            raise PublishError(
                f"{path} changed on the server at {where} while dipltime was publishing (HTTP 412)",
                "run the same command again: it starts from what the calendar holds now",
            )
        raise PublishError(
            f"the server at {where} answered {method} {path} with HTTP {status}",
            "try again later, or check the server's log",
        )


_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def multistatus(data: bytes, where: str) -> ET.Element:
    """The root of a WebDAV multistatus answer, or a :class:`PublishError`."""
    hint = "check that the URL is a CalDAV calendar, not a web page or an account's address"
    if _DECLARATIONS.search(data):  # entities could make a small answer huge in memory
        raise PublishError(f"the server at {where} sent a reply that is not WebDAV XML", hint)
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError, LookupError):  # bad XML, or an encoding it cannot read
        raise PublishError(
            f"the server at {where} sent a reply that is not WebDAV XML", hint
        ) from None
    if root.tag != f"{{{DAV}}}multistatus":
        raise PublishError(f"the server at {where} sent a reply that is not a multistatus", hint)
    return root


def href_path(href: str) -> str:
    """The decoded path of an href, without a trailing slash ("" for one that is not a URL)."""
    try:
        return urllib.parse.unquote(urllib.parse.urlsplit(href).path).rstrip("/")
    except ValueError:  # "http://[oops/…": names nothing dipltime could use
        return ""


def quote_name(name: str) -> str:
    """A resource's name as it goes into a URL path: every reserved character escaped."""
    return urllib.parse.quote(name, safe="")


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
