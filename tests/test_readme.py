"""The README's examples are real: every `$ dipltime …` block is run and must print what it shows.

Blocks that abbreviate their output (a line with … or ...) are checked up to
that line; `publish` needs a server and is exercised in test_calendar_apps.py.
"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from helpers import EVENTS, ROOT, run_process

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```\n(\$ dipltime .*?)```", README, flags=re.S)


def _examples() -> list[tuple[str, list[str]]]:
    found = []
    for block in BLOCKS:
        lines = block.rstrip("\n").split("\n")
        command, output = lines[0][2:], lines[1:]
        if "publish" in command or "\\" in command:
            continue
        found.append((command, output))
    return found


EXAMPLES = _examples()


def test_the_readme_has_examples_of_every_command():
    commands = {shlex.split(c)[1 if not c.startswith("dipltime --") else 3] for c, _ in EXAMPLES}
    assert {"on", "upcoming", "anniversaries", "list", "show", "validate", "export"} <= commands


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_each_readme_example_prints_what_it_shows(tmp_path, command, shown):
    command, _, pipe = command.partition(" | ")
    argv = shlex.split(command)[1:]
    if "--events" in argv and argv[argv.index("--events") + 1] == "my-events" and "new" in argv:
        # The README shows `init my-events` just above this example.
        assert run_process("init", "my-events", cwd=tmp_path).returncode == 0
    elif "--events" in argv and argv[argv.index("--events") + 1] == "my-events":
        # The README shows the draft file just above this example.
        draft = re.search(r"```yaml\n(- id: per-vnm-relations.*?)```", README, flags=re.S)
        assert draft, "the README's draft file is missing"
        folder = tmp_path / "my-events"
        folder.mkdir()
        for registry in ("collection.yaml", "parties.yaml", "sources.yaml"):
            shutil.copy(EVENTS / registry, folder / registry)
        (folder / "draft.yaml").write_text(draft.group(1), encoding="utf-8")
    if "manifest" in argv:  # never rewrite the repository's own exports from a test
        shutil.copytree(ROOT / "exports", tmp_path / "exports")
    cwd = tmp_path if {"my-events", "-o", "manifest"} & set(argv) else ROOT
    result = run_process(*argv, cwd=cwd)
    printed = (result.stdout + result.stderr).rstrip("\n").split("\n")
    if "-o" in argv or argv[0] == "export":
        printed = result.stderr.rstrip("\n").split("\n")
    if pipe:
        head = re.fullmatch(r"head -(\d+)", pipe)
        assert head, f"unsupported pipe in the README: {pipe}"
        printed = printed[: int(head.group(1))]
    cut = next(
        (i for i, line in enumerate(shown) if "…" in line or line.strip() == "..."), len(shown)
    )
    assert printed[:cut] == shown[:cut]
