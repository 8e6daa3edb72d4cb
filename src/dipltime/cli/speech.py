"""The language of this command's help and messages, for the modules of the command line.

``main`` calls :func:`speak` once, before the parser is built: the help texts, written
``_("…")`` where the arguments are declared, and argparse's own words ("usage:",
"options") are then in that language. The rest of dipltime takes the language as an
argument; only the parser, built from declarations spread over the command modules,
reads it from here.
"""

from __future__ import annotations

from dipltime.domain.language import ENGLISH, Language

_speaking = [ENGLISH]


def speak(lang: Language) -> None:
    """Make ``lang`` the language of the help, the usage errors and argparse's words.

    argparse looks its words up through ``argparse._`` (gettext's domain "messages",
    for which no system ships Spanish): pointing it at dipltime's catalogue, English
    included, also spares every command gettext's search of the system's locale folders
    (and the import of ``locale``) that argparse set off for its "-h" help alone."""
    import argparse  # its words are marked for the catalogue in cli/argparse_words.py

    _speaking[0] = lang
    argparse._ = lang._  # type: ignore[attr-defined]
    argparse.ngettext = lang.n_  # type: ignore[attr-defined]


def _(message: str) -> str:
    """``message`` in the command's language."""
    return _speaking[0]._(message)
