"""dipltime's one error hierarchy.

The core raises these and never prints; the CLI (and later the TUI) turns them
into a message on stderr and an exit code in one place (``cli.main``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple


class DipltimeError(Exception):
    """Base of every error dipltime reports to a user: a message and a hint.

    With ``words``, ``message`` and ``hint`` are templates of the message catalogue (marked
    ``N_`` where they are written: "{value!r} is not a day of the year"), filled here in
    English and by :meth:`said` in the language of the command (``cli.main``)."""

    exit_code = 1

    def __init__(
        self, message: str, hint: str = "", words: Mapping[str, object] | None = None
    ) -> None:
        self.template, self.hint_template, self.words = message, hint, words
        if words is not None:
            message, hint = message.format_map(words), hint.format_map(words)
        super().__init__(message)
        self.message = message
        self.hint = hint

    def said(self, translate: Callable[[str], str]) -> tuple[str, str]:
        """The message and the hint in the language of ``translate`` (a catalogue's gettext)."""
        if self.words is None:
            return self.message, self.hint
        hint = translate(self.hint_template).format_map(self.words) if self.hint_template else ""
        return translate(self.template).format_map(self.words), hint


class UsageError(DipltimeError):
    """The command line asked for something malformed (exit code 2)."""

    exit_code = 2


class NotFoundError(DipltimeError):
    """A record or party named on the command line does not exist."""

    exit_code = 1


class Problem(NamedTuple):
    """One thing wrong with the data, located as precisely as it can be."""

    path: str
    line: int | None
    record: str | None
    field: str | None
    message: str
    hint: str = ""

    @classmethod
    def of_file(cls, path: str, message: str, hint: str = "", line: int | None = None) -> Problem:
        """A problem with a whole file (or one of its lines), not with a record's field."""
        return cls(path, line, None, None, message, hint)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where, self.record or "-", self.field or "-", self.message]
        text = ": ".join(parts)
        return f"{text} (hint: {self.hint})" if self.hint else text


class DataError(DipltimeError):
    """The events collection is invalid; ``problems`` lists every finding."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"the events collection has {count} {noun}",
            "fix each line above, then run `dipltime validate` again",
        )
