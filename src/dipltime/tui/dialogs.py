"""Modal dialogs: each returns its answer with ``dismiss`` (None when cancelled).

Labels are made with ``markup=False`` and the options of a Select are ``Text``:
party names, tags and error messages quoting what was typed are shown as written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from dipltime.domain.browse import Paged
from dipltime.domain.dates import parse_day, parse_partial_date
from dipltime.domain.filters import Filter
from dipltime.domain.kinds import KINDS, Kind
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Collection
from dipltime.domain.text import fold
from dipltime.errors import UsageError
from dipltime.i18n import N_


class Dialog(ModalScreen[Any]):
    """A modal form; escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def error(self, message: str) -> None:
        label = self.query_one(".error", Label)
        label.update(message)


class FilterDialog(Dialog):
    """Party, kind, tag and years; the free text stays as it is."""

    def __init__(
        self, collection: Collection | Paged, current: Filter, lang: Language = ENGLISH
    ) -> None:
        super().__init__()
        self.collection = collection
        self.current = current
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang, _ = self.lang, self.lang._
        named = {code: lang.party(party, code) for code, party in self.collection.parties.items()}
        parties = sorted(named.items(), key=lambda item: fold(item[1]))
        tags = sorted({tag for event in self.collection.events for tag in event.tags})
        flt = self.current
        with Vertical():
            yield Label(_("Filter the timeline"), classes="title", markup=False)
            yield Label(_("Party"), markup=False)
            yield Select(
                [(Text(f"{name} ({code})"), code) for code, name in parties],
                value=flt.parties[0] if flt.parties else Select.NULL,
                id="party",
                prompt=_("any party"),
                compact=True,
            )
            yield Label(_("Kind"), markup=False)
            yield Select(
                [(Text(lang.kind(KINDS[k].label)), k.value) for k in Kind],
                value=flt.kinds[0].value if flt.kinds else Select.NULL,
                id="kind",
                prompt=_("any kind"),
                compact=True,
            )
            yield Label(_("Tag"), markup=False)
            yield Select(
                [(Text(t), t) for t in tags],
                value=flt.tags[0] if flt.tags else Select.NULL,
                id="tag",
                prompt=_("any tag"),
                compact=True,
            )
            yield Label(_("Years (e.g. 1990:2016, 2012-09:2024)"), markup=False)
            since = flt.since.iso() if flt.since else ""
            until = flt.until.iso() if flt.until else ""
            yield Input(
                f"{since}:{until}" if since or until else "",
                id="years",
                placeholder=_("from:to, either may be empty"),
                compact=True,
            )
            yield Label("", classes="error", markup=False)
            with Horizontal():
                yield Button(_("Clear"), id="clear")
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Apply"), id="apply", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        elif event.button.id == "clear":
            self.dismiss(Filter(text=self.current.text))
        else:
            self._apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._apply()

    def _apply(self) -> None:
        party = self.query_one("#party", Select).value
        kind = self.query_one("#kind", Select).value
        tag = self.query_one("#tag", Select).value
        text = self.query_one("#years", Input).value.strip()
        since = until = None
        if text:
            first, _, last = text.partition(":")
            try:
                since = parse_partial_date(first.strip()) if first.strip() else None
                until = parse_partial_date(last.strip()) if last.strip() else None
            except ValueError as exc:
                self.error(str(exc))
                return
        self.dismiss(
            Filter(
                parties=(str(party),) if party is not Select.NULL else (),
                kinds=(Kind(str(kind)),) if kind is not Select.NULL else (),
                tags=(str(tag),) if tag is not Select.NULL else (),
                since=since,
                until=until,
                text=self.current.text,
            )
        )


class TextDialog(Dialog):
    """One line of input, checked by ``check`` (which returns the answer or raises)."""

    def __init__(
        self, title: str, value: str, placeholder: str, check: Any, lang: Language = ENGLISH
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Label("", classes="error", markup=False)
            with Horizontal():
                yield Button(self.lang._("Cancel"), id="cancel")
                yield Button(self.lang._("OK"), id="ok", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self._submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def _submit(self) -> None:
        try:
            answer = self.check(self.query_one("#answer", Input).value)
        except UsageError as exc:
            message, hint = exc.said(self.lang._)
            self.error(f"{message}; {hint}" if hint else message)
            return
        self.dismiss(answer)


def day_dialog(current: tuple[int, int], today: dt.date, lang: Language = ENGLISH) -> TextDialog:
    def check(value: str) -> tuple[int, int]:
        month, day, _ = parse_day(value, today)
        if day is None:
            raise UsageError(N_("give a day, not a month"), N_("e.g. 11-14 or '14 Nov'"), {})
        _valid(month, day)  # 2000 is a leap year: 02-29 is a day of the year
        return month, day

    return TextDialog(
        lang._("Show the events of which day?"),
        f"{current[0]:02d}-{current[1]:02d}",
        lang._("MM-DD, 14 Nov, November 14, today"),
        check,
        lang,
    )


def _valid(month: int, day: int) -> None:
    try:
        dt.date(2000, month, day)
    except ValueError:
        raise UsageError(
            N_("{day} is not a day of the year"),
            N_("write MM-DD, e.g. 11-14"),
            {"day": f"{month:02d}-{day:02d}"},
        ) from None


def export_dialog(default: str, lang: Language = ENGLISH) -> TextDialog:
    def check(value: str) -> Path:
        value = value.strip()
        if not value:
            raise UsageError(N_("give a file name"), N_("e.g. anniversaries.ics"), {})
        try:
            return Path(value).expanduser()
        except RuntimeError:  # ~name of a user without a home folder
            user = value.split("/", 1)[0]
            raise UsageError(
                N_("no home folder for {user}"), N_("write the whole path"), {"user": user}
            ) from None

    return TextDialog(
        lang._("Export the selection as an .ics calendar to:"),
        default,
        lang._("file name"),
        check,
        lang,
    )
