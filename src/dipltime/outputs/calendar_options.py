"""What goes into a calendar, as the user asks for it: the window of years, reminders,
the calendar's name and description, and the options that shape a calendar file.

Every value from the command line or a manifest is checked here, with a message
that says what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dipltime.domain.core import DEFAULT, Settings
from dipltime.domain.dates import FIRST_YEAR, LAST_YEAR
from dipltime.errors import UsageError
from dipltime.i18n import N_

_ALARM = re.compile(r"([0-9]{1,3})([dw])(?:@([0-9]{1,2}):([0-9]{2}))?")


@dataclass(frozen=True)
class Alarm:
    """A reminder ``days`` before the anniversary, at ``at`` o'clock (else at midnight)."""

    days: int
    at: dt.time | None = None

    @property
    def trigger(self) -> dt.timedelta:
        """Offset from the all-day event's start (its midnight, in the viewer's zone)."""
        offset = -dt.timedelta(days=self.days)
        if self.at is not None:
            offset += dt.timedelta(hours=self.at.hour, minutes=self.at.minute)
        return offset


def parse_alarm(text: str) -> Alarm:
    """``7d``, ``2w`` or ``7d@09:00`` (an all-day alarm otherwise fires at midnight)."""
    match = _ALARM.fullmatch(text.strip())
    if match is None:
        raise UsageError(
            N_("{text!r} is not a reminder"),
            N_("write days or weeks before, optionally a time: 7d, 2w, 7d@09:00"),
            {"text": text},
        )
    days = int(match[1]) * (7 if match[2] == "w" else 1)
    at = None
    if match[3] is not None:
        hour, minute = int(match[3]), int(match[4])
        if hour > 23 or minute > 59:
            raise UsageError(
                N_("{text!r}: {time} is not a time of day"),
                N_("write the time as HH:MM, from 00:00 to 23:59"),
                {"text": text, "time": f"{hour:02d}:{minute:02d}"},
            )
        at = dt.time(hour, minute)
    return Alarm(days, at)


def calendar_label(text: str, what: str = "--name") -> str:
    """A calendar's name, or description, as given: printable text (a description may have
    line breaks), no bidirectional controls and nothing invisible (it is shown by every
    calendar app, and printed)."""
    from dipltime.domain.text import BIDI_CONTROLS, hidden_character

    lines = text.split("\n") if what == "description" else [text]
    bad = next((ch for line in lines for ch in line if not ch.isprintable()), None)
    bidi = BIDI_CONTROLS.search(text)
    bad = bad or (bidi.group() if bidi else None) or hidden_character(text)
    if bad is not None:
        hint = (
            N_("give the calendar's description as text, in lines")
            if what == "description"
            else N_("give the calendar's name as plain text on one line")
        )
        raise UsageError(
            N_(
                "{what} contains the character U+{code} (a control, a line break or an invisible one)"
            ),
            hint,
            {"what": what, "code": f"{ord(bad):04X}"},
        )
    if not text.strip() and what == "--name":
        raise UsageError(
            N_("--name is empty"), N_("give the calendar a name people will recognise"), {}
        )
    return text


def parse_years(text: str) -> range:
    """``2026:2035`` (both included) or a single year ``2026``."""
    match = re.fullmatch(r"([0-9]{1,4})(?::([0-9]{1,4}))?", text.strip())
    if match is None:
        raise UsageError(
            N_("{text!r} is not a range of years"),
            N_("write FIRST:LAST, e.g. 2026:2035"),
            {"text": text},
        )
    first = int(match[1])
    last = int(match[2]) if match[2] else first
    if not FIRST_YEAR <= first <= LAST_YEAR or not FIRST_YEAR <= last <= LAST_YEAR:
        raise UsageError(
            N_("{text!r} is outside the supported years {first} to {last}"),
            N_("write FIRST:LAST, e.g. 2026:2035"),
            {"text": text, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if first > last:
        raise UsageError(
            N_("{text!r}: the first year must not come after the last"),
            N_("write FIRST:LAST, e.g. 2026:2035"),
            {"text": text},
        )
    return range(first, last + 1)


@dataclass(frozen=True)
class ExportOptions:
    """What goes into a calendar, and how."""

    years: range = range(2026, 2036)
    """The anniversaries falling in these years. In a series, only for the records that
    no yearly rule expresses alike in every consumer (see the module's notes)."""
    series: bool = False
    """One yearly recurring event per record instead of one event per anniversary."""
    undated: bool = False
    """Bring in events without a recorded day: on the 1st of their month, or on 1 January."""
    milestones: bool = False
    """Only milestones (in series: every ``settings.milestones.every`` years)."""
    alarm: Alarm | None = None
    name: str = "Diplomatic anniversaries"
    description: str = ""
    feed: str | None = None
    """What makes this calendar's UIDs its own (``{id}-{year}.{feed}@dipltime``);
    default: a slug of ``name``."""
    settings: Settings = field(default_factory=lambda: DEFAULT)
    lang: str = "en"
    """The language of titles and descriptions (marked ``LANGUAGE`` on each event)."""
    source_date_epoch: int | None = None
    """``SOURCE_DATE_EPOCH``: the stamp of records without ``revised`` when none has one."""
