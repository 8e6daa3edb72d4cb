"""Write dipltime's manual page, docs/dipltime.1, from its argument parser.

    python tools/manpage.py          # regenerate docs/dipltime.1
    python tools/manpage.py --check  # exit 1 if it is not what the parser gives

argparse-manpage turns the parser (every command, option and help text, in English)
into roff; the page is installed with the wheel (share/man/man1), where ``man dipltime``
finds it beside the ``dipltime`` command. The same parser gives the same bytes: the
page names dipltime's version, not the day it was made.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "dipltime.1"


def manpage() -> str:
    """The manual page, as roff text."""
    os.environ["COLUMNS"] = "100000"  # no wrapping by argparse: man fills the lines itself
    os.environ["LANGUAGE"] = os.environ["LC_ALL"] = "C"  # in English
    from argparse_manpage.manpage import Manpage

    from dipltime import __version__
    from dipltime.cli.parser import build_parser
    from dipltime.cli.speech import speak
    from dipltime.domain.language import ENGLISH

    speak(ENGLISH)
    parser = build_parser()
    for command in _commands(parser):
        for action in command._actions:
            if action.dest in GLOBAL:  # said once, on the top: they work in either place
                action.help = argparse.SUPPRESS
        command.description = _reflowed(command.description or "")
    page = Manpage(
        parser,
        {
            "date": f"dipltime {__version__}",
            "project_name": "dipltime",
            "version": __version__,
            "manual_title": "dipltime manual",
            "description": "diplomatic history as a calendar",
        },
    )
    # --events, --lang, --feb29 and --milestone-every come before the command or after it.
    return str(page)


GLOBAL = {"events", "lang", "feb29", "milestone_every"}
"""The options every command takes (before or after its name): listed once, on the top."""


def _commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every command's parser, those under a group too."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.append(sub)
                found.extend(_commands(sub))
    return found


def _reflowed(text: str) -> str:
    """A command's docstring as man pages want it: each paragraph one line (man fills
    it to the reader's width); a line indented further than its paragraph (an example
    command) a paragraph of its own."""
    first, _, rest = text.partition("\n")
    paragraphs: list[str] = []
    for block in (first.strip() + "\n" + textwrap.dedent(rest)).split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        plain = [line for line in lines if not line.startswith(" ")]
        if len(plain) == len(lines):
            paragraphs.append(" ".join(line.strip() for line in lines))
        else:
            paragraphs.extend(line.strip() for line in lines)
    return "\n\n".join(p for p in paragraphs if p)


def main(argv: list[str]) -> int:
    text = manpage()
    if "--check" in argv:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
            print(
                f"{PAGE.relative_to(ROOT)} is stale: run python tools/manpage.py", file=sys.stderr
            )
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
