"""The timeline browser, driven with key presses (Textual's pilot) on fixed events and a fixed today."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, Select, Static

from dipltime.domain.core import Settings
from dipltime.domain.language import language
from dipltime.store.loading import load_collection
from dipltime.tui.app import DipltimeApp
from dipltime.tui.dialogs import FilterDialog
from dipltime.tui.palette import speaking
from dipltime.tui.tables import TimelineTable
from helpers import FIXTURES

TODAY = dt.date(2026, 11, 14)
COLLECTION = load_collection(FIXTURES / "tui")


def make_app(today: dt.date = TODAY, lang: str = "en") -> DipltimeApp:
    return speaking(language(lang))(COLLECTION, today, Settings(), language(lang))


async def settle(app: DipltimeApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def caption(app: DipltimeApp, name: str) -> str:
    return str(app.query_one(f"#{name}-caption", Static).render())


def detail(app: DipltimeApp) -> str:
    return str(app.query_one("#detail-body", Static).render())


async def test_it_opens_on_the_timeline_with_every_event_in_order():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert caption(app, "timeline") == "8 of 8 events, oldest first"
        assert [e.id for e in app.views.events][:2] == [
            "usa-1826-recognition",
            "kor-1963-relations",
        ]
        assert app.focused is app.query_one(TimelineTable)
        assert "United States recognition of Peru" in detail(app)


async def test_arrows_j_k_g_and_G_move_and_the_detail_follows():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.query_one(TimelineTable)
        await pilot.press("j", "j")
        assert table.cursor == 2
        assert "The closure of a consulate" in detail(app)
        await pilot.press("j")
        assert "Peru–Viet Nam diplomatic relations" in detail(app)
        assert "32nd anniversary on Sat 14 Nov 2026" in detail(app)
        await pilot.press("k")
        assert table.cursor == 2
        await pilot.press("G")
        assert table.cursor == 7
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("down")
        assert table.cursor == 1


async def test_slash_searches_without_minding_accents_and_escape_clears():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.focused is app.query_one("#search", Input)
        await pilot.press(*"luong cuong")
        await settle(app, pilot)
        assert [e.id for e in app.views.events] == ["vnm-2024-visit"]
        assert "text “luong cuong”" in str(app.query_one("#filters", Static).render())
        await pilot.press("enter")
        assert app.focused is app.query_one(TimelineTable)
        await pilot.press("x")
        await settle(app, pilot)
        assert len(app.views.events) == 8
        assert "No filters" in str(app.query_one("#filters", Static).render())
        await pilot.press("slash", *"zzzz")
        await settle(app, pilot)
        assert app.views.events == ()
        assert app.query_one("#timeline-empty").has_class("shown")
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(app.views.events) == 8


async def test_the_filter_dialog_filters_by_party_and_years():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#party", Select).value = "VNM"
        dialog.query_one("#years", Input).value = "2024:"
        await pilot.click("#apply")
        await settle(app, pilot)
        assert [e.id for e in app.views.events] == ["vnm-2024-visit", "vnm-2024-declaration"]
        assert "party Viet Nam · 2024 – …" in str(app.query_one("#filters", Static).render())


async def test_a_bad_year_range_is_explained_in_the_dialog():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        app.screen.query_one("#years", Input).value = "1990-13:"
        await pilot.click("#apply")
        assert isinstance(app.screen, FilterDialog)
        assert "no month 13" in str(app.screen.query_one(".error").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, FilterDialog)


async def test_on_this_day_shows_today_and_any_other_day():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        assert [o.event.id for o in app.views.on_day] == ["vnm-1994-relations", "vnm-2024-visit"]
        assert caption(app, "day").startswith("On 14 November: 2 events")
        await pilot.press("d")
        await pilot.press("ctrl+u", *"02-28", "enter")
        await settle(app, pilot)
        assert [(o.event.id, o.anniversary) for o in app.views.on_day] == [("leap-2000-treaty", 26)]


async def test_upcoming_and_milestones_only():
    app = make_app(dt.date(2026, 11, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        assert [o.event.id for o in app.views.upcoming] == [
            "vnm-2024-visit",
            "vnm-2024-declaration",
            "vnm-1994-relations",
        ]
        await pilot.press("m")
        await settle(app, pilot)
        assert app.views.upcoming == ()
        assert app.query_one("#upcoming-empty").has_class("shown")
        await pilot.press("m", "plus", "plus")  # all anniversaries, 90 days: into February
        await settle(app, pilot)
        assert app.query_state.upcoming_days == 90
        assert [o.event.id for o in app.views.upcoming][-1] == "usa-1990-embassy-closed"
        assert "to Fri 29 Jan 2027" in caption(app, "upcoming")
        await pilot.press("minus", "minus", "minus")
        await settle(app, pilot)
        assert app.query_state.upcoming_days == 30


async def test_the_overview_jumps_to_a_decade():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        assert app.views.decades[0] == (1820, 1)
        decades = [d for d, _ in app.views.decades]
        await pilot.press(*["down"] * decades.index(1990), "enter")
        assert app.query_one("#views").active == "timeline"
        assert app.query_one(TimelineTable).cursor == 2  # the first event of the 1990s


async def test_question_mark_opens_and_closes_the_help():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        assert not app.screen.query("HelpPanel")


async def test_export_writes_the_selection_and_says_where(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"viet nam", "enter")
        await settle(app, pilot)
        await pilot.press("e", "ctrl+u", *"out/vn.ics", "enter")
        await pilot.pause()
        written = tmp_path / "out" / "vn.ics"
        assert not written.parent.exists()  # a folder that does not exist is not made
        failures = [n.message for n in app._notifications if n.severity == "error"]
        assert any("does not exist" in m for m in failures)
        written.parent.mkdir()
        await pilot.press("e", "ctrl+u", *"out/vn.ics", "enter")
        await pilot.pause()
        assert written.is_file()
        assert written.read_bytes().count(b"BEGIN:VEVENT") == 30  # 3 events × 10 years
        messages = [n.message for n in app._notifications]
        assert any(str(written) in m and "30 calendar events" in m for m in messages)


async def test_q_quits():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
    assert app.return_code == 0


async def test_the_command_palette_offers_the_actions():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Filter", "Clear filters", "Search", "Export selection", "View: Upcoming"):
            assert title in titles


async def test_a_narrow_terminal_stacks_the_detail_under_the_list():
    app = make_app()
    async with app.run_test(size=(70, 30)) as pilot:
        await settle(app, pilot)
        assert app.query_one("#main").has_class("narrow")
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert not app.query_one("#main").has_class("narrow")


# --- snapshots: one per view and state ------------------------------------------------------
# Update after a deliberate change (or a Textual upgrade) with:
#     .venv/bin/python -m pytest tests/test_tui.py --snapshot-update


@pytest.mark.parametrize(
    ("size", "keys", "lang"),
    [
        pytest.param((100, 30), [], "en", id="timeline"),
        pytest.param((100, 30), ["j", "j", "j"], "en", id="detail"),
        pytest.param((100, 30), ["slash", *"viet", "enter"], "en", id="filtered"),
        pytest.param((100, 30), ["slash", *"zzzz", "enter"], "en", id="empty"),
        pytest.param((100, 30), ["2"], "en", id="on-this-day"),
        pytest.param((100, 30), ["3"], "en", id="upcoming"),
        pytest.param((100, 30), ["4"], "en", id="overview"),
        pytest.param((100, 30), ["question_mark"], "en", id="help"),
        pytest.param((100, 30), ["f"], "en", id="filter-dialog"),
        pytest.param((60, 24), [], "en", id="narrow"),
        pytest.param((80, 24), ["j", "j", "j"], "es", id="es-timeline"),
        pytest.param((80, 24), ["2"], "es", id="es-on-this-day"),
        pytest.param((80, 24), ["3"], "es", id="es-upcoming"),
        pytest.param((80, 24), ["f"], "es", id="es-filter-dialog"),
    ],
)
def test_snapshot(snap_compare, size, keys, lang):
    app = make_app(lang=lang)

    async def before(pilot) -> None:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


# --- text is shown as it is written: markup in data or typed text is never interpreted ---------

MARKUP_PARTIES = """\
- code: PER
  name: Peru
- code: VNM
  name: Viet Nam [/]
  aliases: ["[b]Vietnam", Việt Nam]
"""


@pytest.fixture
def markup_app(collection_dir):
    """The browser on a record with markup in every free-text field and a party named ``Viet Nam [/]``."""
    source = FIXTURES / "hostile" / "markup-in-text.yaml"
    folder = collection_dir(source.read_text(encoding="utf-8"), parties=MARKUP_PARTIES)
    return DipltimeApp(load_collection(folder), TODAY, Settings())


async def test_typing_markup_in_the_search_box_searches_for_it_literally():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "[", "/")
        await settle(app, pilot)
        assert "text “[/”" in str(app.query_one("#filters", Static).render())
        assert app.views.events == ()
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(app.views.events) == 8


async def test_markup_typed_in_the_day_dialog_is_quoted_in_its_error():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("d", "ctrl+u", *"[/x", "enter")
        await pilot.pause()
        assert "[/x" in str(app.screen.query_one(".error").render())
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]


async def test_markup_in_the_records_and_party_names_is_shown_literally(markup_app):
    app = markup_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        shown = detail(app)
        for text in (
            "[bold]x[/] Peru–Viet Nam relations [/",
            "Peru, Viet Nam [/]",
            "[/]Lima",
            "[@click=app.quit]Lương Cường[/]",
            "[/] closes nothing; [link=https://example.org]a link[/link]",
            "Notes with [b]markup[/b] and a stray [/x",
            "1. [i]VNS[/i]; [/]; not stated",
        ):
            assert text in shown
        await pilot.press("f")
        dialog = app.screen
        party = dialog.query_one("#party", Select)
        party.expanded = True
        await pilot.pause()
        party.value = "VNM"
        await pilot.pause()
        await pilot.click("#apply")
        await settle(app, pilot)
        assert "party Viet Nam [/]" in str(app.query_one("#filters", Static).render())
        await pilot.press("slash", *"[/]lima")
        await settle(app, pilot)
        assert [e.id for e in app.views.events] == ["per-vnm-1994-relations"]


async def test_an_export_path_with_brackets_is_reported_literally(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a [b] file").write_text("in the way")
    (tmp_path / "[b]").mkdir()
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e", "ctrl+u", *"[b]/[@click=app.quit]x.ics", "enter")
        await pilot.pause()
        await pilot.press("e", "ctrl+u", *"a [b] file/x.ics", "enter")
        await pilot.pause()
        toasts = "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))
        assert str(tmp_path / "[b]" / "[@click=app.quit]x.ics") in toasts
        assert "Export failed" in toasts and "a [b] file" in toasts
    assert (tmp_path / "[b]" / "[@click=app.quit]x.ics").is_file()


def test_a_crash_in_the_browser_is_not_a_success(monkeypatch):
    from dipltime.tui import BrowserCrashed, run

    def crash(self: DipltimeApp) -> None:
        raise ZeroDivisionError("a bug in the browser")

    monkeypatch.setattr(DipltimeApp, "on_mount", crash)
    with pytest.raises(BrowserCrashed, match="ZeroDivisionError: a bug in the browser"):
        run(COLLECTION, TODAY, Settings(), headless=True)


async def test_an_export_to_an_unknown_users_home_is_explained_in_the_dialog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e", "ctrl+u", *"~no-such-user-here/x.ics", "enter")
        await pilot.pause()
        error = str(app.screen.query_one(".error").render())
        assert "no home folder for ~no-such-user-here" in error
        await pilot.press("escape")
    assert list(tmp_path.iterdir()) == []


async def test_the_export_never_overwrites_a_file_dipltime_did_not_write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("precious notes")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e", "ctrl+u", *"notes.txt", "enter")
        await pilot.pause()
        failures = [n.message for n in app._notifications if n.severity == "error"]
    assert any("is not a calendar dipltime wrote" in m for m in failures)
    assert notes.read_text() == "precious notes"


def test_the_detail_pane_names_roles_and_doubt_with_a_space_after_every_label():
    import datetime as dt

    from dipltime.domain.core import DEFAULT
    from dipltime.store.loading import load_collection
    from dipltime.tui.detail import describe
    from helpers import EVENTS

    collection = load_collection(EVENTS)
    by_id = {event.id: event for event in collection.events}
    today = dt.date(2026, 11, 23)
    recognition = describe(by_id["usa-1826-recognition"], collection, today, DEFAULT).plain
    assert "Recognizing United States\n" in recognition and "Recognized Peru\n" in recognition
    treaty = describe(by_id["nzl-1850-treaty-of-friendship"], collection, today, DEFAULT).plain
    assert "Certainty doubtful: New Zealand was a British colony" in treaty
    assert "Date     1850 (year)\n" in treaty  # short labels keep their column
