"""Shell completion, by argcomplete: ``dipltime completion bash|zsh|fish`` prints the
shell's code, and the shell then asks ``dipltime`` itself what may come next.

argcomplete (a well-kept library that bash, zsh and fish users already know from pip,
pipx and others) reads the same argparse parser the commands are parsed with, so
commands, options and choices (``--kind``, ``--feb29``) complete without a list kept by
hand. The values that live in the collection are added here: party codes and names
(``--party``, ``--by``, ``--to``), tags (``--tag``) and record ids (``show``), read from
the collection the command line names (``--events``, else as every command finds it).
A completion never prints an error: a collection that cannot be read completes nothing.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from dipltime.cli import Command
from dipltime.cli.speech import _

if TYPE_CHECKING:
    from dipltime.cli.context import Context
    from dipltime.store.loading import Events

SHELLS = ("bash", "zsh", "fish")


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's question (``_ARGCOMPLETE`` is set) and exit; the collection's
    values are offered where they fit."""
    import argcomplete

    for action in _actions(parser):
        if action.dest in ("party", "by", "to"):
            action.completer = _from_collection(_parties)  # type: ignore[attr-defined]
        elif action.dest == "tag":
            action.completer = _from_collection(lambda events: sorted(events.tags()))  # type: ignore[attr-defined]
        elif action.dest == "lang":
            action.completer = lambda **_: ["en", "es"]  # type: ignore[attr-defined]
        elif action.dest == "id":  # show ID
            action.completer = _from_collection(lambda events: sorted(events.ids()))  # type: ignore[attr-defined]
    argcomplete.autocomplete(parser)


def _actions(parser: argparse.ArgumentParser) -> Iterable[argparse.Action]:
    """Every argument of ``parser`` and of the commands under it."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)


def _parties(events: Events) -> list[str]:
    return sorted({*events.parties, *(party.name for party in events.parties.values())})


def _from_collection(values: Callable[[Events], list[str]]) -> Callable[..., list[str]]:
    """A completer offering ``values`` of the collection the command line names."""

    def completer(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
        from dipltime.store.cache import cache_folder
        from dipltime.store.loading import open_events, resolve_events_dir

        try:
            folder = resolve_events_dir(getattr(parsed_args, "events", None), os.environ)
            events = open_events(folder, cache_folder(os.environ))
            return [value for value in values(events) if value.startswith(prefix)]
        except Exception:  # a completion must never print a traceback into the prompt
            return []

    return completer


def cmd_completion(ctx: Context) -> int:
    """Print the code that makes SHELL complete dipltime's commands, options, party
    codes and names, kinds, tags and record ids.

    Install it once (then open a new shell):
      bash:  dipltime completion bash >> ~/.bashrc
      zsh:   dipltime completion zsh >> ~/.zshrc (after compinit is loaded there)
      fish:  dipltime completion fish > ~/.config/fish/completions/dipltime.fish
    """
    from argcomplete.shell_integration import shellcode

    ctx.stdout.write(shellcode(["dipltime"], shell=ctx.args.shell))
    return 0


def arguments_completion(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, metavar="SHELL", help=_("bash, zsh or fish"))


COMPLETION = Command(
    "completion", cmd_completion, arguments_completion, (), "dipltime completion bash >> ~/.bashrc"
)

COMMANDS = {"completion": COMPLETION}
