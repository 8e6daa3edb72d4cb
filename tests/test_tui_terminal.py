"""The real `dipltime tui` in a real terminal: tmux on a private server, driven with send-keys.

No fixed sleeps: the screen is polled until the expected text appears. Where
tmux is missing the test skips, except under CI=true, where it fails: a green
CI must not hide a skipped test.
"""

from __future__ import annotations

import os
import pty
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from helpers import CACHE, FIXTURES

TMUX = shutil.which("tmux")


@pytest.fixture
def tmux():
    if TMUX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is required in CI (.ci/run installs it)")
        pytest.skip("tmux is not installed")
    server = f"dipltime-test-{uuid.uuid4().hex[:8]}"

    def run(*argv: str) -> str:
        result = subprocess.run(
            [TMUX, "-L", server, *argv], capture_output=True, text=True, timeout=30, check=False
        )
        return result.stdout

    yield run
    run("kill-server")


def wait_for(tmux, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", "main")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")


def start(tmux, folder, width: int = 120, height: int = 30, env: str = "") -> None:
    """``dipltime tui`` on ``folder`` in a fresh tmux session; its exit code is printed after it."""
    command = " ".join(
        shlex.quote(part)
        for part in (sys.executable, "-m", "dipltime", "--events", str(folder), "tui")
    )
    # COLUMNS and LINES (which tmux may pass on from the test run) would override the pane's size.
    shell = (
        f"unset COLUMNS LINES; DIPLTIME_TODAY=2026-11-14 TERM=xterm-256color {env} {command}; "
        "code=$?; echo; echo EXIT-CODE=$code; sleep 60"
    )
    tmux("new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height), shell)


def test_plain_dipltime_on_a_terminal_opens_the_browser_searches_and_quits(tmux):
    start(tmux, FIXTURES / "tui", width=100)
    screen = wait_for(tmux, "8 of 8 events")
    assert "today Sat 14 Nov 2026" in screen
    tmux("send-keys", "-t", "main", "/")
    wait_for(tmux, "Search title, summary")
    tmux("send-keys", "-t", "main", "-l", "luong cuong")
    screen = wait_for(tmux, "1 of 8 events")
    assert "Lương Cường" in screen
    tmux("send-keys", "-t", "main", "Enter")
    tmux("send-keys", "-t", "main", "2")
    wait_for(tmux, "On 14 November")
    tmux("send-keys", "-t", "main", "q")
    wait_for(tmux, "EXIT-CODE=0")


def test_in_a_spanish_locale_the_browser_speaks_spanish_at_80_by_24(tmux):
    start(tmux, FIXTURES / "tui", width=80, height=24, env="LANG=es_PE.UTF-8")
    wait_for(tmux, "8 de 8 hechos, del más antiguo al más reciente")
    screen = wait_for(tmux, "q Salir")
    assert "1 Cronología" in screen and "Fecha" in screen
    # a title generated in Spanish; the registry has no Spanish name for USA: CLDR's
    assert "Reconocimiento (Perú–Estados Unidos)" in screen
    assert "1 de abril de 1963" in screen and "setiembre de 2012" in screen
    tmux("send-keys", "-t", "main", "2")
    screen = wait_for(tmux, "14 de noviembre: 2 hechos, aniversarios en 2026")
    assert "32.º aniversario de las relaciones diplomáticas entr" in screen
    assert "Relaciones diplomáticas entre el Perú y Viet Nam" in screen  # the detail pane
    assert "°" not in screen
    tmux("send-keys", "-t", "main", "3")
    wait_for(tmux, "aniversarios del sáb 14 nov. 2026 al")
    tmux("send-keys", "-t", "main", "q")
    wait_for(tmux, "EXIT-CODE=0")


def test_markup_in_the_data_and_in_the_search_is_shown_as_written(tmux, collection_dir):
    folder = collection_dir(
        """\
        - id: per-vnm-1994-relations
          date: 1994-11-14
          title: "[bold]x[/] relations"
          summary: "Established on [/] a day."
          kind: relations-established
          parties: [PER, VNM]
          sources: [{publisher: VNS, title: not stated, date: not stated}]
        """,
        parties="- code: PER\n  name: Peru\n- code: VNM\n  name: Viet Nam [/]\n",
    )
    start(tmux, folder)
    screen = wait_for(tmux, "1 of 1 events")
    assert "[bold]x[/] relations" in screen
    assert "Peru, Viet Nam [/]" in screen
    assert "Established on [/] a day." in screen
    tmux("send-keys", "-t", "main", "/")
    wait_for(tmux, "Search title, summary")
    tmux("send-keys", "-t", "main", "-l", "[/b")
    screen = wait_for(tmux, "0 of 1 events")
    assert "text “[/b”" in screen
    tmux("send-keys", "-t", "main", "Escape")
    wait_for(tmux, "1 of 1 events")
    tmux("send-keys", "-t", "main", "q")
    wait_for(tmux, "EXIT-CODE=0")


# --- without a terminal the browser refuses to start -----------------------------------------


@pytest.mark.parametrize(
    ("stdin", "stdout", "stderr", "not_terminals"),
    [
        pytest.param(
            "null",
            "file",
            "pipe",
            "standard input, output and error are not terminals",
            id="script",
        ),
        pytest.param(
            "tty", "file", "pipe", "standard output and error are not terminals", id="to-a-file"
        ),
        pytest.param(
            "null", "tty", "pipe", "standard input and error are not terminals", id="from-nothing"
        ),
        pytest.param(
            "tty", "tty", "file", "standard error is not a terminal", id="errors-to-a-file"
        ),
    ],
)
def test_without_a_terminal_the_browser_refuses_instead_of_drawing(
    tmp_path, stdin, stdout, stderr, not_terminals
):
    """`dipltime tui < /dev/null > out.txt` once wrote escape codes and never ended.
    (Textual draws on standard error and reads standard input: each must be the terminal.)"""
    leader, follower = pty.openpty()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLTIME_")}
    env.update(DIPLTIME_TODAY="2026-11-14", DIPLTIME_CACHE=CACHE, TERM="xterm-256color")
    streams = {"null": subprocess.DEVNULL, "tty": follower, "pipe": subprocess.PIPE}
    try:
        with out.open("wb") as out_file, err.open("wb") as err_file:
            result = subprocess.run(
                [sys.executable, "-m", "dipltime", "--events", str(FIXTURES / "tui"), "tui"],
                stdin=streams[stdin],
                stdout=out_file if stdout == "file" else streams[stdout],
                stderr=err_file if stderr == "file" else streams[stderr],
                env=env,
                timeout=30,
                check=False,
            )
    finally:
        os.close(follower)
        os.close(leader)
    error = (result.stderr or err.read_bytes()).decode()
    assert result.returncode == 2, error
    assert f"dipltime: error: the browser needs a terminal; {not_terminals}" in error
    assert "hint: in scripts and pipes use dipltime list, on or upcoming" in error
    assert out.read_bytes() == b""
    assert "\x1b" not in error


# --- wide characters: the columns stay where they are ----------------------------------------

WIDE_TITLES = {
    "family": "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 a family of four",
    "keycap": "1\ufe0f\u20e3 keycap one",
    "heart": "\u2764\ufe0f a red heart",
    "flag": "\U0001f1f5\U0001f1ea the flag of Peru",
    "cjk": "\u4e2d\u6587 in Chinese",
    "skin": "\U0001f44d\U0001f3fd thumbs up, skin tone",
    "rainbow": "\U0001f3f3\ufe0f\u200d\U0001f308 rainbow flag",
    "plain": "plain letters",
}


def separator_columns(tmux, height: int) -> dict[int, set[int]]:
    """Line → the columns where tmux put a pane separator (▏), found with copy mode's search."""
    tmux("copy-mode", "-t", "main")
    found: dict[int, set[int]] = {}
    for _ in range(2 * height):  # the search wraps around: every match is seen
        tmux("send-keys", "-t", "main", "-X", "search-forward", "▏")
        x, y = tmux("display", "-p", "-t", "main", "#{copy_cursor_x} #{copy_cursor_y}").split()
        found.setdefault(int(y), set()).add(int(x))
    tmux("send-keys", "-t", "main", "-X", "cancel")
    return found


def test_wide_characters_in_titles_do_not_move_the_pane_separator(tmux, collection_dir):
    records = "".join(
        f"- id: wide-{key}\n"
        f"  date: {1990 + number}-01-01\n"
        f'  title: "{title}"\n'
        "  summary: s\n"
        "  kind: treaty-signed\n"
        "  parties: [PER, VNM]\n"
        "  sources: [{publisher: p, title: t, date: not stated}]\n"
        for number, (key, title) in enumerate(WIDE_TITLES.items())
    )
    start(tmux, collection_dir(records), width=160, height=24)
    screen = wait_for(tmux, "8 of 8 events")
    for word in ("a family of four", "keycap one", "a red heart", "the flag of Peru"):
        assert word in screen
    for word in ("in Chinese", "thumbs up, skin tone", "rainbow flag", "Plain letters"):
        assert word in screen
    columns = separator_columns(tmux, 24)
    title_lines = [y for y, line in enumerate(screen.splitlines()) if "1 Jan 199" in line[:24]]
    assert len(title_lines) == 8 and set(title_lines) <= set(columns)
    assert len(set().union(*columns.values())) == 1, columns
    tmux("send-keys", "-t", "main", "q")
    wait_for(tmux, "EXIT-CODE=0")
