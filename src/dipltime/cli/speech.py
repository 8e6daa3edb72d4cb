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


_ARGPARSE: dict[str, object] = {}
"""argparse's own ``_`` and ``ngettext``, kept while another language stands in for them."""


def speak(lang: Language) -> None:
    """Make ``lang`` the language of the help, the usage errors and argparse's words (and
    English again: ``main`` may run more than once in a process)."""
    _speaking[0] = lang
    if lang.code == ENGLISH.code and not _ARGPARSE:
        return
    import argparse

    from dipltime.cli import argparse_words  # noqa: F401  (its messages are in the catalogue)

    if not _ARGPARSE:
        _ARGPARSE.update(_=argparse._, ngettext=argparse.ngettext)  # type: ignore[attr-defined]
    if lang.code == ENGLISH.code:
        argparse._, argparse.ngettext = _ARGPARSE["_"], _ARGPARSE["ngettext"]  # type: ignore[attr-defined]
    else:
        argparse._ = lang._  # type: ignore[attr-defined]
        argparse.ngettext = lang.n_  # type: ignore[attr-defined]


def _(message: str) -> str:
    """``message`` in the command's language."""
    return _speaking[0]._(message)


def current() -> Language:
    return _speaking[0]
