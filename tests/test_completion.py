"""Shell completion through the real shells: bash and fish ask the real ``dipltime``,
and zsh loads the code and gets the same answers in its own form."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EVENTS

BIN = str(Path(sys.executable).parent)
IN_CI = bool(os.environ.get("CI"))


def shell_env(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DIPLTIME_")}
    environ.update(
        PATH=f"{BIN}:{environ.get('PATH', '')}",
        HOME=str(tmp_path),
        DIPLTIME_CACHE=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    return environ


def needs(shell: str) -> None:
    if shutil.which(shell) is None:
        if IN_CI:
            pytest.fail(f"{shell} is missing: .ci/run installs it")
        pytest.skip(f"{shell} is not installed (apt-get install {shell}; CI installs it)")


BASH = r"""
eval "$(dipltime completion bash)"
ask() {
  COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
  read -ra COMP_WORDS <<< "$COMP_LINE"
  [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _python_argcomplete dipltime "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}
ask "$1"
"""


def bash_completes(line: str, tmp_path: Path) -> list[str]:
    result = subprocess.run(
        ["bash", "-c", BASH, "bash", line],
        env=shell_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [word.strip() for word in result.stdout.splitlines() if word.strip()]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("dipltime up", {"upcoming"}),
        ("dipltime list --par", {"--party"}),
        ("dipltime list --party V", {"VNM", r"Viet\ Nam"}),
        ("dipltime list --kind relations-s", {"relations-suspended", "relations-severed"}),
        ("dipltime anniversaries 2026 --tag tr", {"trade", "training", "treaty-of-friendship"}),
        ("dipltime show vnm-1994", {"vnm-1994-11-14-relations"}),
        ("dipltime --lang es on 11-14 --feb", {"--feb29"}),
    ],
)
def test_bash_completes_commands_options_and_the_collections_values(line, offered, tmp_path):
    assert set(bash_completes(line, tmp_path)) == offered


def test_the_values_come_from_the_collection_the_line_names(tmp_path):
    collection = tmp_path / "mine"
    shutil.copytree(EVENTS, collection)
    (collection / "extra.yaml").write_text(
        "- id: per-vnm-2030-extra\n  date: 2030-01-02\n  title: t\n  summary: s\n"
        "  kind: consultations\n  parties: [PER, VNM]\n  tags: [zebra]\n"
        "  sources: [hsg-rdcr-peru]\n",
        encoding="utf-8",
    )
    assert bash_completes(f"dipltime --events {collection} list --tag ze", tmp_path) == ["zebra"]
    assert bash_completes(f"dipltime show --events {collection} per-vnm", tmp_path) == [
        "per-vnm-2030-extra"
    ]
    assert bash_completes("dipltime list --tag ze", tmp_path) == []  # the bundled have none


def test_a_collection_that_cannot_be_read_completes_nothing_and_prints_nothing(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.yaml").write_text("- id: [\n", encoding="utf-8")
    assert bash_completes(f"dipltime --events {broken} list --party V", tmp_path) == []


def test_fish_completes_through_its_own_complete_command(tmp_path):
    needs("fish")
    script = 'dipltime completion fish | source; complete -C"dipltime list --party V"; complete -C"dipltime up"'
    result = subprocess.run(
        ["fish", "-c", script],
        env=shell_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert {"Viet Nam", "VNM"} <= set(lines)
    assert any(line.startswith("upcoming\t") for line in lines)  # with the command's help


def test_zsh_loads_the_code_and_registers_dipltime(tmp_path):
    needs("zsh")
    script = (
        'autoload -U compinit; compinit -u; eval "$(dipltime completion zsh)"; '
        "print -r -- $_comps[dipltime]"
    )
    result = subprocess.run(
        ["zsh", "-c", script],
        env=shell_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "_python_argcomplete" and "error" not in result.stderr
    environ = shell_env(tmp_path)
    line = "dipltime list --tag tr"
    environ.update(_ARGCOMPLETE="1", _ARGCOMPLETE_SHELL="zsh", COMP_LINE=line)
    environ["COMP_POINT"] = str(len(line))
    asked = subprocess.run(
        ["zsh", "-c", "dipltime 8>&1 9>&2 1>/dev/null 2>&1"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    offered = [word.split(":")[0] for word in asked.stdout.split("\013") if word]
    assert offered == ["trade", "training", "treaty-of-friendship"]
