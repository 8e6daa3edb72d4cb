"""The ``dipltime`` command line: ``main`` and the console script.

``main`` is the one place where dipltime's errors become messages on stderr
and exit codes (0 success, 1 bad data, 2 bad usage, 70 a bug). The parser is
``parser.py``; the commands, each with its arguments, live in the modules that
``dipltime.cli.REGISTRY`` names.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO, cast

from dipltime.cli import COMMANDS
from dipltime.cli.context import Context
from dipltime.cli.parser import build_parser
from dipltime.cli.speech import speak
from dipltime.domain.language import ENGLISH, Language, language
from dipltime.domain.text import one_line
from dipltime.errors import DataError, DipltimeError, UsageError
from dipltime.i18n import choose
from dipltime.outputs.streams import Closed, write_out

__all__ = ["COMMANDS", "build_parser", "console", "main"]

INTERNAL_ERROR = 70  # EX_SOFTWARE


# --- the one translation point ----------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run dipltime; return the exit code. Errors become messages here and nowhere else."""
    environ = os.environ if environ is None else environ
    stdout = stdout or sys.stdout or cast(TextIO, Closed())  # `dipltime list >&-`
    stderr = stderr or sys.stderr or cast(TextIO, Closed())
    reconfigure = getattr(stderr, "reconfigure", None)
    if reconfigure is not None:  # a message must get out, whatever the encoding
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")
    lang = ENGLISH
    try:
        lang = _environment_language(environ)
        lang = _language(sys.argv[1:] if argv is None else list(argv), environ)
        speak(lang)
        args, parser = _parse(argv)
        if args.command is None:
            if not _on_a_terminal(stdout):
                write_out(stdout, parser.format_help())
                return 0
            args = parser.parse_args([*(argv or sys.argv[1:]), "tui"])
        ctx = Context(args, environ, stdout, stderr, lang)
        ctx.stdin_is_tty = sys.stdin is not None and sys.stdin.isatty()
        return int(args.func(ctx))
    except DataError as exc:
        return _data_error(exc, stderr, lang)
    except DipltimeError as exc:
        message, hint = exc.said(lang._)
        stderr.write(lang._("dipltime: error: {message}").format(message=one_line(message)) + "\n")
        if hint:
            stderr.write(lang._("  hint: {hint}").format(hint=one_line(hint)) + "\n")
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`dipltime list | head`): not an error worth a trace.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        stderr.write(lang._("dipltime: interrupted") + "\n")
        return 130
    except Exception as exc:  # a bug: say so plainly; the trace only on request
        if isinstance(exc, UnicodeEncodeError) and _unwritable(exc, stdout):
            return _unencodable(exc, stderr, lang)
        if environ.get("DIPLTIME_DEBUG"):
            raise
        stderr.write(
            f"dipltime: internal error: {exc.__class__.__name__}: {exc}\n"
            "  hint: this is a bug in dipltime; run again with DIPLTIME_DEBUG=1 "
            "for the traceback and report it\n"
        )
        return INTERNAL_ERROR


MAX_SHOWN = 200
"""Problems printed at most (their count is always given)."""


def _data_error(exc: DataError, stderr: TextIO, lang: Language) -> int:
    """Every problem of the data (up to :data:`MAX_SHOWN`), then what they mean. (The
    problems themselves are in English: they speak of the records' fields.)"""
    _, n_ = lang._, lang.n_
    for problem in exc.problems[:MAX_SHOWN]:
        stderr.write(f"{one_line(str(problem))}\n")
    hidden = len(exc.problems) - MAX_SHOWN
    if hidden > 0:
        stderr.write(_("… and {count} more problems, not shown").format(count=hidden) + "\n")
    count = len(exc.problems)
    said = n_(
        "dipltime: the events collection has {count} problem; fix each line above, then run "
        "`dipltime validate` again",
        "dipltime: the events collection has {count} problems; fix each line above, then run "
        "`dipltime validate` again",
        count,
    )
    stderr.write(said.format(count=count) + "\n")
    return exc.exit_code


def _unencodable(exc: UnicodeEncodeError, stderr: TextIO, lang: Language) -> int:
    """The output's encoding cannot write a character of the answer: a usage error."""
    char = exc.object[exc.start : exc.start + 1]
    _ = lang._
    stderr.write(
        _(
            "dipltime: error: the output's encoding ({encoding}) cannot write {char} (U+{code})"
        ).format(encoding=exc.encoding, char=repr(char), code=f"{ord(char):04X}")
        + "\n"
        + _("  hint: use a UTF-8 locale (e.g. LC_ALL=C.UTF-8) or set PYTHONIOENCODING=utf-8")
        + "\n"
    )
    return 2


def _language(words: list[str], environ: Mapping[str, str]) -> Language:
    """The language of this command: ``--lang`` before or after the command (the last one
    given, as argparse takes it), else the environment's (a ``--lang`` dipltime does not
    speak is a usage error)."""
    flag = None
    for number, word in enumerate(words):
        if word == "--":  # what follows is not an option
            break
        if word == "--lang" and number + 1 < len(words):
            flag = words[number + 1]
        elif word.startswith("--lang="):
            flag = word.split("=", 1)[1]
    return language(choose(flag, environ))


def _environment_language(environ: Mapping[str, str]) -> Language:
    """The language to say a bad ``--lang`` or ``DIPLTIME_LANG`` in: the locale's."""
    locale = {name: value for name, value in environ.items() if name != "DIPLTIME_LANG"}
    try:
        return language(choose(None, locale))
    except UsageError:
        return ENGLISH


def _unwritable(exc: UnicodeEncodeError, stdout: TextIO) -> bool:
    """Whether the output's own encoding (ASCII, Latin-1 …) refused a character of the
    text, as opposed to a bug encoding something else."""
    import codecs

    def codec(name: str) -> str:  # "latin-1", "iso8859-1" and "L1" are one codec
        try:
            return codecs.lookup(name).name
        except LookupError:
            return name

    encoding = getattr(stdout, "encoding", None) or ""
    return codec(exc.encoding) == codec(encoding) and not (
        "\ud800" <= exc.object[exc.start] <= "\udfff"
    )


def _parse(argv: Sequence[str] | None) -> tuple[argparse.Namespace, argparse.ArgumentParser]:
    """Parse with the short parser of the command named first; with the full one when
    there is none, when help is asked for, or when the short one fails or finds another
    command (the first command-like word was an option's value)."""
    words = sys.argv[1:] if argv is None else list(argv)
    if "_ARGCOMPLETE" in os.environ and argv is None:  # the shell asks what may come next
        from dipltime.cli.completion import complete

        complete(build_parser())  # answers, then exits
    first = next((word for word in words if word in COMMANDS), None)
    if first is not None and not {"-h", "--help"} & set(words):
        short = build_parser(only=first)
        try:
            args = short.parse_args(words)
            if args.command == first:
                return args, short
        except UsageError:
            pass
    parser = build_parser()
    return parser.parse_args(words), parser


def console() -> None:
    """The ``dipltime`` command (and ``python -m dipltime``): :func:`main`, then a quick exit.

    The cyclic garbage collector stays off while a command runs: at 100,000
    records it would otherwise traverse every event again and again (a third
    of the time of a long listing). Once the output is flushed, the process
    ends without the interpreter's teardown, which frees every module and
    object one by one and costs a lookup about a sixth of its time. Everything dipltime writes is complete by
    then (files are written whole and synced; the cache commits its
    transactions before answering).
    """
    gc.disable()  # a command makes objects in bulk and few cycles; the browser turns it back on
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away; or a closed stream
            pass
        except OSError as exc:  # the last of the output did not fit (ENOSPC, EIO …)
            if stream is sys.stdout and sys.stderr is not None:
                with contextlib.suppress(OSError, ValueError):
                    sys.stderr.write(f"dipltime: error: cannot write the output: {exc.strerror}\n")
                    sys.stderr.flush()
            code = code or 1
    os._exit(code)


def _on_a_terminal(stdout: TextIO) -> bool:
    """A person at a terminal: both ends of the session are a TTY."""
    is_tty = getattr(stdout, "isatty", None)
    return bool(is_tty and is_tty() and sys.stdin is not None and sys.stdin.isatty())
