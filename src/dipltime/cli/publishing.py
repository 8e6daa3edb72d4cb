"""``publish``: the chosen anniversaries synced into a CalDAV calendar.

It takes the options of ``export ics`` (``calendars._calendar_options``); sending is
``publication``'s; the password never comes from the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dipltime.cli import Command
from dipltime.cli.argtypes import seconds_arg
from dipltime.cli.calendars import _calendar_options
from dipltime.cli.context import Context
from dipltime.cli.speech import _
from dipltime.domain.filters import select
from dipltime.errors import UsageError

if TYPE_CHECKING:
    import argparse

    from dipltime.outputs.caldav import Credentials


def cmd_publish(ctx: Context) -> int:
    """Sync the chosen anniversaries into a CalDAV calendar (Nextcloud, Radicale, iCloud, Fastmail …).

    Creates what is missing, updates what changed, deletes what this
    publication put there and is gone, and touches nothing else; --publication
    keeps two publishes into one calendar apart. The password comes from
    DIPLTIME_CALDAV_PASSWORD, --password-file or a prompt, never from the
    command line; the user from --user or DIPLTIME_CALDAV_USER.
    """
    from dipltime.outputs.caldav import parse_target
    from dipltime.outputs.ics import build_resources
    from dipltime.outputs.publication import PUBLICATION, publish

    args = ctx.args
    target = parse_target(args.caldav, insecure=args.insecure)
    if not PUBLICATION.fullmatch(args.publication):
        raise UsageError(
            f"{args.publication!r} is not a publication name",
            "use lowercase letters, digits and single hyphens, e.g. embassy-lima",
        )
    credentials = _credentials(ctx)
    events = select(ctx.collection.events, ctx.filter())
    resources, left_out = build_resources(
        events, ctx.collection, _calendar_options(ctx), args.publication
    )
    outcome = publish(target, resources, args.publication, credentials, deadline=args.timeout)
    ctx.note(
        f"published {len(resources)} events to {target.display} "
        f"(publication {args.publication!r}): {outcome}"
    )
    if left_out:
        ctx.note(
            ctx.lang.n_(
                "left out {count} anniversary of an event with no recorded day; "
                "--undated includes it",
                "left out {count} anniversaries of events with no recorded day; "
                "--undated includes them",
                left_out,
            ).format(count=left_out)
        )
    return 0


def arguments_publish(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--caldav",
        required=True,
        metavar="URL",
        help=_("the calendar's CalDAV URL (no credentials in it)"),
    )
    parser.add_argument("--user", help=_("the login (default: $DIPLTIME_CALDAV_USER)"))
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        help=_(
            "read the password from the first line of FILE "
            "(default: $DIPLTIME_CALDAV_PASSWORD, else a prompt)"
        ),
    )
    parser.add_argument(
        "--publication",
        default="anniversaries",
        metavar="NAME",
        help=_("keeps different publishes into one calendar apart (default: anniversaries)"),
    )
    parser.add_argument(
        "--timeout",
        type=seconds_arg,
        default=300,
        metavar="SECONDS",
        help=_("give up when the whole publish takes longer (default: 300)"),
    )
    parser.add_argument(
        "--insecure",
        action="store_true",
        help=_("allow a plain http:// URL to another machine (login and data unencrypted)"),
    )


PUBLISH = Command(
    "publish",
    cmd_publish,
    arguments_publish,
    ("filters", "milestones", "calendar"),
    "dipltime publish --caldav https://cal.example.org/dav/me/anniversaries/ --user me",
)


PASSWORD_LIMIT = 4096
"""The most read from a password file (``/dev/zero`` must not fill the memory)."""


def _credentials(ctx: Context) -> Credentials | None:
    """The login, from the environment, a file or a prompt; None when no user is given."""
    from dipltime.outputs.caldav import Credentials

    user = ctx.args.user or ctx.environ.get("DIPLTIME_CALDAV_USER")
    if not user:
        return None
    password = ctx.environ.get("DIPLTIME_CALDAV_PASSWORD")
    if ctx.args.password_file:
        password = _read_password(ctx.args.password_file)
    if password is None:
        if not ctx.stdin_is_tty:
            raise UsageError(
                _("no password for {user!r}").format(user=user),
                _("set DIPLTIME_CALDAV_PASSWORD or pass --password-file FILE"),
            )
        import getpass

        password = getpass.getpass(f"CalDAV password for {user}: ")
    if not (user + password).isprintable():
        raise UsageError(
            _("the user name or password contains control characters"),
            _("check the password file or the environment variables"),
        )
    return Credentials(user, password)


def _read_password(path: str) -> str:
    """The first line of a password file (a regular file, a pipe or /dev/stdin)."""
    hint = _("give a readable file whose first line is the password")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(PASSWORD_LIMIT + 1)
    except OSError as exc:
        raise UsageError(
            _("cannot read the password file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            ),
            hint,
        ) from None
    first = raw.split(b"\n", 1)[0].removesuffix(b"\r")
    if len(first) > PASSWORD_LIMIT or (b"\n" not in raw and len(raw) > PASSWORD_LIMIT):
        raise UsageError(
            _("the password file {path} does not start with a password line").format(path=path),
            hint,
        )
    try:
        return first.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            _("the password file {path} is not UTF-8 text").format(path=path), hint
        ) from None


COMMANDS: dict[str, Command] = {PUBLISH.name: PUBLISH}
