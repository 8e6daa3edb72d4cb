"""The languages dipltime speaks: which one a command uses, and where their words are.

Two kinds of files per language, both in this package and both made by
``tools/i18n.py`` (see the README, "Adding a language"):

- ``locale/<code>/LC_MESSAGES/dipltime.mo``: the gettext catalogue of every sentence and
  label dipltime writes, compiled from the ``.po`` file beside it;
- ``cldr/<code>.json``: the Unicode CLDR's month and day names and country names for the
  language, taken from the CLDR data that Babel ships (CLDR's ``es_PE`` for Spanish:
  Peru writes "setiembre"), so that no command imports Babel.

English is the language the program is written in: it needs neither file, and a
command in English opens none. Nothing here prints or formats: ``domain.language`` does.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dipltime.errors import UsageError

if TYPE_CHECKING:
    import gettext

HERE = os.path.dirname(os.path.abspath(__file__))  # os.path: a lookup never imports pathlib
LOCALE = os.path.join(HERE, "locale")
CLDR = os.path.join(HERE, "cldr")
DOMAIN = "dipltime"
SOURCE = "en"
"""The language of the program's own strings (the catalogues' msgids)."""
ENV_LANG = "DIPLTIME_LANG"


@functools.cache
def available() -> tuple[str, ...]:
    """English, and every language with a compiled catalogue, in alphabetical order."""
    found = {
        code
        for code in (os.listdir(LOCALE) if os.path.isdir(LOCALE) else ())
        if os.path.isfile(_catalogue(code))
    }
    return tuple(sorted(found | {SOURCE}))


def _catalogue(code: str) -> str:
    return os.path.join(LOCALE, code, "LC_MESSAGES", f"{DOMAIN}.mo")


def _base(tag: str) -> str:
    """``es`` of ``es_PE.UTF-8``, ``es-PE`` or ``es@euro``; "" for ``C`` and ``POSIX``."""
    base = tag.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return "" if base in ("c", "posix") else base


_TAG = r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*(?:\.[A-Za-z0-9-]+)?(?:@[A-Za-z0-9]+)?"
"""A language as a person or a locale writes it: ``es``, ``es-PE``, ``es_PE.UTF-8``, ``es@euro``."""


def choose(flag: str | None, environ: Mapping[str, str], where: str = "--lang") -> str:
    """The language of a command: ``--lang``, else ``DIPLTIME_LANG``, else the locale of the
    environment as gettext reads it (``LANGUAGE``'s first language dipltime speaks, then
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); English when none of them names a language
    dipltime speaks. An unknown ``--lang`` or ``DIPLTIME_LANG`` is a usage error; an
    environment locale dipltime does not speak (``fr_FR``) is English."""
    import re

    for value, said in ((flag, where), (environ.get(ENV_LANG), ENV_LANG)):
        if value is None or (value == "" and said == ENV_LANG):  # an empty variable: unset
            continue
        code = _base(value) if re.fullmatch(_TAG, value) else ""
        if code not in available():
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise UsageError(
                N_("{option} {value!r}: dipltime does not speak that language"),
                N_("choose one of {languages}"),
                {"option": said, "value": shown, "languages": ", ".join(available())},
            )
        return code
    names = ("LC_ALL", "LC_MESSAGES", "LANG")
    locale = next((environ[name] for name in names if environ.get(name)), "")
    if not _base(locale):  # no locale, or C/POSIX: GNU gettext then ignores LANGUAGE too
        return SOURCE
    for tag in environ.get("LANGUAGE", "").split(":"):
        if _base(tag) in available():
            return _base(tag)
    return _base(locale) if _base(locale) in available() else SOURCE


@functools.cache
def translation(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``code`` (nothing to read for English)."""
    import gettext

    if code == SOURCE:
        return gettext.NullTranslations()
    with open(_catalogue(code), "rb") as handle:
        return gettext.GNUTranslations(handle)


@functools.cache
def cldr(code: str) -> dict[str, Any]:
    """CLDR's names for ``code``: ``months``, ``months_abbr``, ``weekdays``,
    ``weekdays_abbr`` (Monday first) and ``territories`` (by ISO 3166 alpha-3 code)."""
    import json

    with open(os.path.join(CLDR, f"{code}.json"), encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined (a table of labels); it is
    translated where it is shown, with ``Language._``."""
    return message
