"""The argument types the commands share: each reads one kind of value from the command
line, or says in the user's language why it cannot (argparse turns that into a usage
error, exit 2)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable

from dipltime.cli.speech import _
from dipltime.domain.dates import FIRST_YEAR, LAST_YEAR, PartialDate, parse_partial_date
from dipltime.i18n import N_


def partial_date_arg(text: str) -> PartialDate:
    try:
        return parse_partial_date(text)
    except ValueError as exc:
        message = N_(
            "{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 1826, 2012-09)"
        )
        said = _(message)  # in English, the reason itself: "February 2023 has 28 days, not 30"
        raise argparse.ArgumentTypeError(
            str(exc) if said == message else said.format(text=text)
        ) from None


def iso_day_arg(text: str) -> dt.date:
    match = re.fullmatch(r"([0-9]{4})-[0-9]{2}-[0-9]{2}", text)
    try:
        day = dt.date.fromisoformat(text) if match else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date: write YYYY-MM-DD").format(text=text)
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(_outside(repr(text)))
    return day


def year_arg(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,4}", text):
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a year: write it as e.g. 2026").format(text=text)
        )
    if not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(_outside(text))
    return int(text)


def _outside(text: str) -> str:
    return _("{text} is outside the supported years {first} to {last}").format(
        text=text, first=FIRST_YEAR, last=LAST_YEAR
    )


def whole_arg(low: int, high: int) -> Callable[[str], int]:
    """A parser of whole numbers from ``low`` to ``high``, saying so when given another."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]{1,9}", text) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(
                _("{text!r} is not a whole number from {low} to {high}").format(
                    text=text, low=low, high=high
                )
            )
        return int(text)

    return parse


def seconds_arg(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= 86400:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a number of seconds from 1 to 86400").format(text=text)
        )
    return int(text)
