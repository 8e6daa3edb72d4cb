"""`dipltime publish` against servers that misbehave, and two publications in one calendar.

The fake server (``caldav_server.py``) plays the broken and hostile servers;
Radicale (from ``test_calendar_apps.py``) the real one. Every case runs the
real command in a subprocess.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time

import pytest

from caldav_server import Behaviour, fake_caldav
from dipltime.outputs.publication import owned, resource_name
from helpers import run_process
from test_calendar_apps import USER, _dav, _names, _port, _publish, radicale  # noqa: F401

LOGIN = {"DIPLTIME_CALDAV_USER": "alice", "DIPLTIME_CALDAV_PASSWORD": "secret"}


def publish(url: str, *argv: str, env: dict[str, str] | None = None, timeout: float = 60):
    return run_process(
        "publish", "--caldav", url, "--years", "2026:2026", *argv, env=env, timeout=timeout
    )


def assert_clean_failure(result, code: int, *phrases: str) -> None:
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


# --- ownership -------------------------------------------------------------------------------------


def test_a_publication_never_deletes_another_whose_name_it_prefixes(radicale):  # noqa: F811
    lima = _publish(
        radicale, "--years", "2026:2026", "--party", "VNM", "--publication", "embassy-lima"
    )
    assert lima.returncode == 0, lima.stderr
    lima_names = _names(radicale)
    assert len(lima_names) == 5
    embassy = _publish(
        radicale, "--years", "2026:2026", "--party", "MEX", "--publication", "embassy"
    )
    assert embassy.returncode == 0, embassy.stderr
    assert "3 created, 0 updated, 0 deleted" in embassy.stderr
    assert lima_names < _names(radicale)
    # Emptying one publication takes only its own.
    emptied = _publish(
        radicale, "--years", "2026:2026", "--text", "no such words", "--publication", "embassy"
    )
    assert "0 created, 0 updated, 3 deleted" in emptied.stderr
    assert _names(radicale) == lima_names


@pytest.mark.parametrize(
    "name", ["Embassy", "EMBASSY", "embassy_lima", "embassy.lima", "a--b", "-a"]
)
def test_a_publication_name_that_could_be_confused_is_refused(name):
    result = publish("http://127.0.0.1:9/alice/anniversaries/", f"--publication={name}")
    assert_clean_failure(result, 2, "is not a publication name")


def test_ownership_is_proved_by_content_not_by_name():
    body = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x-2026.embassy-lima@dipltime\r\nEND:VEVENT\r\n"
        "X-DIPLTIME-HASH:" + "0" * 64 + "\r\nEND:VCALENDAR\r\n"
    )
    assert owned(body, "embassy-lima")
    assert not owned(body, "embassy")
    assert not owned(body, "lima")
    assert not owned(body.replace("X-DIPLTIME-HASH", "X-OTHER"), "embassy-lima")
    stamped = body.replace("END:VCALENDAR", "X-DIPLTIME-PUBLICATION:other\r\nEND:VCALENDAR")
    assert not owned(stamped, "embassy-lima")
    assert resource_name("embassy", "x-2026") == "dipltime_embassy_x-2026.ics"


def test_a_resource_at_our_name_that_we_did_not_write_is_never_overwritten():
    with fake_caldav() as server:
        name = "/alice/anniversaries/" + resource_name(
            "anniversaries", "mex-1832-11-16-relations-2026"
        )
        server.store[name] = b"BEGIN:VCALENDAR\r\nUID:someone@else\r\nEND:VCALENDAR\r\n"
        result = publish(server.url(), "--party", "MEX")
        assert_clean_failure(result, 1, "which publication 'anniversaries' did not write")
        assert server.puts == 0
        assert server.store[name].startswith(b"BEGIN:VCALENDAR\r\nUID:someone")


def test_resources_of_the_earlier_naming_are_taken_over_not_duplicated(radicale):  # noqa: F811
    first = _publish(radicale, "--years", "2026:2026", "--party", "MEX")
    assert first.returncode == 0, first.stderr
    port = _port(radicale)
    path = radicale.split(str(port))[1]
    # Rename the resources as dipltime 0.1 named them (same content, same UIDs).
    for name in sorted(_names(radicale)):
        status, data = _dav(port, "GET", path + name)
        assert status == 200
        old = name.replace("dipltime_anniversaries_", "dipltime-anniversaries-")
        assert _dav(port, "DELETE", path + name)[0] in (200, 204)
        assert _dav(port, "PUT", path + old, data, {"Content-Type": "text/calendar"})[0] == 201
    again = _publish(radicale, "--years", "2026:2026", "--party", "MEX")
    assert again.returncode == 0, again.stderr
    assert "3 created, 0 updated, 3 deleted" in again.stderr
    assert all(n.startswith("dipltime_anniversaries_") for n in _names(radicale))


# --- the target ---------------------------------------------------------------------------------------


def test_an_account_url_is_refused_and_its_calendars_are_listed():
    behaviour = Behaviour(calendars={"/alice/anniversaries/", "/alice/work/"})
    with fake_caldav(behaviour) as server:
        result = publish(server.url("/alice/"), "--party", "MEX")
        assert_clean_failure(
            result, 1, "is not a calendar", "/alice/anniversaries/", "/alice/work/"
        )
        assert server.puts == 0


def test_a_real_principal_url_is_refused(radicale):  # noqa: F811
    account = radicale.rsplit("anniversaries/", 1)[0]
    result = _publish(account, "--years", "2026:2026", "--party", "MEX")
    assert_clean_failure(result, 1, "is not a calendar", "/alice/anniversaries/")
    assert _names(radicale) == set()


@pytest.mark.parametrize("status", [200, 207])
def test_a_web_page_is_not_a_calendar(status):
    page = (
        status,
        b"<!DOCTYPE html><html><body>Welcome</body></html>",
        {"Content-Type": "text/html"},
    )
    with fake_caldav(Behaviour(everything=page)) as server:
        result = publish(server.url(), "--party", "MEX")
        assert_clean_failure(result, 1)
        assert "published" not in result.stderr
        assert "WebDAV" in result.stderr or "multistatus" in result.stderr
        assert [method for method, _, _ in server.requests] == ["PROPFIND"]


# --- statuses -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 304, 307])
def test_a_write_answered_with_a_redirect_or_not_modified_is_a_failure(status):
    with fake_caldav(Behaviour(put_status=lambda n: status)) as server:
        result = publish(server.url(), "--party", "MEX")
        assert_clean_failure(result, 1, f"HTTP {status}")
        assert "created" not in result.stderr.split("before that")[0]
        if status != 304:
            assert "http://elsewhere.example/x" in result.stderr
        assert not any(path.startswith("/x") for _, path, _ in server.requests)


def test_a_redirect_is_never_followed_with_the_login():
    moved = (302, b"", {"Location": "http://127.0.0.2:1/steal/"})
    with fake_caldav(Behaviour(everything=moved)) as server:
        result = publish(server.url(), "--party", "MEX", env=LOGIN)
        assert_clean_failure(result, 1, "redirected", "http://127.0.0.2:1/steal/")
        assert len(server.requests) == 1
        assert server.requests[0][2] is None


# --- deadline and sizes ------------------------------------------------------------------------------


def test_a_server_that_drips_is_cut_off_at_the_deadline():
    with fake_caldav(Behaviour(drip=0.5)) as server:
        started = time.monotonic()
        result = publish(server.url(), "--party", "MEX", "--timeout", "3", timeout=60)
        took = time.monotonic() - started
    assert_clean_failure(result, 1, "did not finish within 3 s", "--timeout")
    assert took < 20


def test_an_endless_answer_is_read_only_up_to_a_bound():
    with fake_caldav(Behaviour(endless=True)) as server:
        result = publish(server.url(), "--party", "MEX", timeout=120)
    assert_clean_failure(result, 1, "more than 32 MiB")


@pytest.mark.parametrize("value", ["0", "-1", "abc", "100000"])
def test_the_deadline_option_is_checked(value):
    result = publish("http://127.0.0.1:9/a/", "--timeout", value)
    assert_clean_failure(result, 2, "is not a number of seconds from 1 to 86400")


# --- partial failure -----------------------------------------------------------------------------------


def test_a_failure_midway_says_what_was_written_and_a_second_run_completes_it():
    failing = {"on": True}
    behaviour = Behaviour(put_status=lambda n: 500 if n == 3 and failing["on"] else None)
    with fake_caldav(behaviour) as server:
        url = server.url()
        result = publish(url, "--party", "VNM", "--years", "2026:2035")
        assert_clean_failure(
            result, 1, "HTTP 500", "2 created, 0 updated, 0 deleted", "run the same command again"
        )
        assert len(server.names()) == 2
        failing["on"] = False
        again = publish(url, "--party", "VNM", "--years", "2026:2035")
        assert again.returncode == 0, again.stderr
        assert "48 created, 0 updated, 0 deleted, 2 unchanged" in again.stderr
        assert len(server.names()) == 50
        third = publish(url, "--party", "VNM", "--years", "2026:2035")
        assert "0 created, 0 updated, 0 deleted, 50 unchanged" in third.stderr


# --- credentials ------------------------------------------------------------------------------------------


def test_the_login_goes_out_only_when_the_server_asks_for_it():
    with fake_caldav() as server:  # a server that needs no login never sees it
        result = publish(server.url(), "--party", "MEX", env=LOGIN)
        assert result.returncode == 0, result.stderr
        assert all(auth is None for _, _, auth in server.requests)
    with fake_caldav(Behaviour(login=("alice", "secret"))) as server:
        result = publish(server.url(), "--party", "MEX", env=LOGIN)
        assert result.returncode == 0, result.stderr
        assert server.requests[0][2] is None
        assert all(auth is not None for _, _, auth in server.requests[1:])
        assert len(server.names()) == 3


def test_plain_http_to_another_machine_needs_insecure():
    result = publish("http://cal.example.org/alice/anniversaries/", "--party", "MEX", env=LOGIN)
    assert_clean_failure(result, 2, "plain http", "--insecure")
    # With --insecure it goes on (and fails only because this machine has no network).
    result = publish(
        "http://192.0.2.1:9/alice/anniversaries/", "--insecure", "--timeout", "2", env=LOGIN
    )
    assert_clean_failure(result, 1)
    assert "plain http" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:99999/a/",
        "http://[::1/",
        "http://127.0.0.1/a b/",
        "http://127.0.0.1/\x1b[31m/",
    ],
)
def test_a_malformed_url_is_a_usage_error(url):
    result = publish(url, "--party", "MEX")
    assert_clean_failure(result, 2, "calendar URL")
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_password_file_that_never_ends_is_refused(device):
    result = publish(
        "http://127.0.0.1:9/a/", "--user", "alice", "--password-file", device, timeout=30
    )
    assert_clean_failure(result, 2, "password file")


def test_a_server_href_cannot_split_a_message():
    behaviour = Behaviour(calendars={"/alice/x\nforged: yes/"})
    with fake_caldav(behaviour) as server:
        result = publish(server.url("/alice/"), "--party", "MEX")
    assert_clean_failure(result, 1, "is not a calendar")
    assert "\nforged" not in result.stderr
    assert all(line.startswith(("dipltime:", "  hint:")) for line in result.stderr.splitlines())


def _reconnecting_dripper(deadline: float) -> tuple[int, threading.Thread]:
    """A server that answers the first request just before the deadline with
    ``Connection: close``, makes the reconnection wait (its queue full), then drips the
    answer to the next request a byte every 2 s: a deadline timer that fires once, during
    the reconnection, would find no connection to cut."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    body = (
        b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" '
        b'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>/alice/cal/</d:href>'
        b"<d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype>"
        b"</d:prop></d:propstat></d:response></d:multistatus>"
    )

    def read_request(conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, rest = data.split(b"\r\n\r\n", 1)
        length = (
            int(re.search(rb"(?i)content-length: *([0-9]+)", head)[1]) if b"ength" in head else 0
        )
        while len(rest) < length:
            rest += conn.recv(65536)

    def serve() -> None:
        with contextlib.suppress(OSError):
            first, _ = listener.accept()
            started = time.monotonic()
            read_request(first)
            first.sendall(b"HTTP/1.1 207 Multi-Status\r\nConnection: close\r\n")
            first.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body[:-1])
            time.sleep(max(0.0, deadline - 0.4 - (time.monotonic() - started)))
            first.sendall(body[-1:])
            blocker = socket.create_connection(("127.0.0.1", listener.getsockname()[1]))
            first.close()
            time.sleep(0.8)
            listener.accept()[0].close()
            second, _ = listener.accept()
            read_request(second)
            second.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n")
            for _ in range(50):
                second.sendall(b"x")
                time.sleep(2)
            blocker.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return int(listener.getsockname()[1]), thread


def test_the_deadline_holds_across_a_reconnection():
    port, _ = _reconnecting_dripper(4)
    started = time.monotonic()
    result = publish(f"http://127.0.0.1:{port}/alice/cal/", "--party", "MEX", "--timeout", "4")
    took = time.monotonic() - started
    assert_clean_failure(result, 1, "did not finish within 4 s")
    assert took < 12, took


# --- what a hostile server answers --------------------------------------------------------------------


@contextlib.contextmanager
def published_once(**behaviour):
    """A server holding this publication's two Mexican anniversaries, then misbehaving."""
    with fake_caldav() as server:
        first = publish(server.url(), "--party", "MEX")
        assert first.returncode == 0, first.stderr
        for key, value in behaviour.items():
            setattr(server.behaviour, key, value)
        yield server


def test_calendar_data_folded_with_tabs_is_still_recognised_as_ours():
    with published_once(fold_with_tabs=True) as server:
        again = publish(server.url(), "--party", "MEX")
        assert again.returncode == 0, again.stderr
        assert "0 created, 0 updated, 0 deleted, 3 unchanged" in again.stderr


def test_an_answer_about_a_resource_elsewhere_proves_nothing_here():
    """The server answers the multiget with a resource of another folder, whose content
    claims to be ours, under the name of one in this calendar."""
    with fake_caldav() as server:
        victim = "/alice/anniversaries/dipltime_anniversaries_victim.ics"
        server.store[victim] = b"BEGIN:VCALENDAR\r\nUID:someone@else\r\nEND:VCALENDAR\r\n"
        claim = (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:victim.anniversaries@dipltime\r\n"
            "END:VEVENT\r\nX-DIPLTIME-HASH:" + "0" * 64 + "\r\nEND:VCALENDAR\r\n"
        )
        server.behaviour.report_extra = (
            "<d:response><d:href>/bob/other/dipltime_anniversaries_victim.ics</d:href>"
            '<d:propstat><d:prop><d:getetag>"1"</d:getetag>'
            f"<c:calendar-data>{claim}</c:calendar-data></d:prop></d:propstat></d:response>"
        )
        result = publish(server.url(), "--party", "MEX")
        assert result.returncode == 0, result.stderr
        assert victim in server.store
        assert not any(method == "DELETE" for method, _, _ in server.requests)


@pytest.mark.parametrize(
    ("extra", "prefix"),
    [
        ("<d:response><d:href>http://[oops/alice/x.ics</d:href></d:response>", None),
        ("", b'<?xml version="1.0" encoding="Shift_JIS"?>'),
        ("", b'<?xml version="1.0" encoding="x-unknown"?>'),
        ("", b"<?xml version='1.0'?>" + b" " * 5000 + b'<!DOCTYPE d [<!ENTITY e "AAAA">]>'),
    ],
    ids=["bad-href", "shift-jis", "unknown-encoding", "late-doctype"],
)
def test_a_malformed_answer_is_a_clear_error_never_a_bug(extra, prefix):
    with published_once(report_extra=extra) as server:
        if prefix is not None:
            server.behaviour.report_prefix = prefix
        result = publish(server.url(), "--party", "MEX")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    if prefix is None:
        assert result.returncode == 0, result.stderr
    else:
        assert_clean_failure(result, 1, "not WebDAV XML")


def test_basic_offered_beside_another_scheme_is_answered():
    behaviour = Behaviour(login=("alice", "secret"), challenges=('Basic realm="cal"', "Negotiate"))
    with fake_caldav(behaviour) as server:
        result = publish(server.url(), "--party", "MEX", env=LOGIN)
        assert result.returncode == 0, result.stderr


def test_a_digest_challenge_whose_realm_says_basic_gets_no_password():
    behaviour = Behaviour(
        login=("alice", "secret"), challenges=('Digest realm="basic", nonce="x"',)
    )
    with fake_caldav(behaviour) as server:
        result = publish(server.url(), "--party", "MEX", env=LOGIN)
        assert_clean_failure(result, 1, "does not support")
        assert all(auth is None for _, _, auth in server.requests)


def test_an_ipv6_loopback_url_works():
    try:
        manager = fake_caldav(host="::1")
        server = manager.__enter__()
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    with contextlib.ExitStack() as stack:
        stack.push(manager)
        result = publish(server.url(), "--party", "MEX")
        assert result.returncode == 0, result.stderr
        assert len(server.names()) == 3


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("http://[::1]/cal/", 80),
        ("https://[2001:db8::cafe]/cal/", 443),
        ("http://[::1]:5232/c/", 5232),
    ],
)
def test_an_ipv6_address_is_never_read_as_a_port(url, port):
    from dipltime.outputs.caldav import Session, parse_target

    target = parse_target(url, insecure=True)
    with Session(target, None, deadline=1) as session:
        assert session.conn.port == port
        assert session.conn.host == target.host
