"""Keep dipltime's languages up to date: ``python tools/i18n.py`` (or ``--check``).

For every language with a catalogue in ``src/dipltime/i18n/locale/<code>/LC_MESSAGES``:

1. extract the program's messages (``_()``, ``n_()`` and ``N_()`` calls, with the
   ``TRANSLATORS:`` comments above them) and merge them into ``dipltime.po``, keeping every
   translation and marking new or changed messages for translation;
2. compile ``dipltime.mo`` from it (what the program reads);
3. write ``src/dipltime/i18n/cldr/<code>.json`` from the CLDR data Babel ships: month and
   day names and the names of countries, by ISO 3166 alpha-3 code (the registry's codes).

``--check`` changes nothing and exits 1 when a catalogue lacks a message, has one the
program no longer uses, leaves one untranslated or fuzzy, or a compiled file is stale
(tests/test_language.py runs it). ``--init CODE`` starts a new language. Babel is needed
here and in the tests only; the program reads the compiled files.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import sys
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "dipltime"
I18N = PACKAGE / "i18n"
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2), "p_": ((1, "c"), 2)}
CLDR_LOCALES = {"es": "es_PE"}
WITHDRAWN = {"BUR", "DDR", "FXX", "TMP", "YMD", "ZAR"}
"""ISO 3166-3 codes of states that no longer exist or were renamed, which CLDR maps to a
successor's code: the German Democratic Republic is not "Alemania". (Codes CLDR maps to
several successors, such as SUN or YUG, are left out anyway.)"""
"""The CLDR locale whose names a language uses: Peru's Spanish writes "setiembre"."""


def template() -> Catalog:
    """Every message of the program, as extracted from its source now."""
    catalog = Catalog(project="dipltime", fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message,
            None,
            [(f"src/dipltime/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    for path in sorted((PACKAGE / "cli").glob("*.py")):  # commands' docstrings: their --help
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("cmd_"):
                doc = (ast.get_docstring(node, clean=False) or "").strip()
                if doc:
                    where = [(f"src/dipltime/cli/{path.name}", node.lineno)]
                    comment = ["the description of a command in its --help (its docstring)"]
                    catalog.add(doc, None, where, auto_comments=comment)
    return catalog


def po_path(code: str) -> Path:
    return I18N / "locale" / code / "LC_MESSAGES" / "dipltime.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in (I18N / "locale").glob("*/LC_MESSAGES/dipltime.po"))


def merged(code: str, fresh: Catalog) -> Catalog:
    """The language's catalogue with the program's messages now, translations kept."""
    with po_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    catalog.update(fresh, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def cldr_table(code: str) -> bytes:
    locale = Locale.parse(CLDR_LOCALES.get(code, code))
    months = [locale.months["format"]["wide"][m] for m in range(1, 13)]
    abbr = [locale.months["format"]["abbreviated"][m] for m in range(1, 13)]
    days = [locale.days["format"]["wide"][d] for d in range(7)]
    days_abbr = [locale.days["format"]["abbreviated"][d] for d in range(7)]
    territories: dict[str, str] = {}
    alpha2: dict[str, str] = {}
    for alpha3, replacement in get_global("territory_aliases").items():
        if len(alpha3) != 3 or not alpha3.isalpha() or len(replacement) != 1:
            continue
        if alpha3 in WITHDRAWN:
            continue
        if replacement[0] in alpha2:  # a withdrawn code this tool does not know yet
            raise SystemExit(
                f"{alpha3} and {alpha2[replacement[0]]} are both {replacement[0]} in CLDR: "
                "add the withdrawn one to WITHDRAWN"
            )
        alpha2[replacement[0]] = alpha3
        name = locale.territories.get(replacement[0])
        if name:
            territories[alpha3] = name
    table = {
        "cldr_locale": str(locale),
        "months": months,
        "months_abbr": abbr,
        "weekdays": days,
        "weekdays_abbr": days_abbr,
        "territories": dict(sorted(territories.items())),
    }
    return (json.dumps(table, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()


def problems_of(code: str, catalog: Catalog) -> list[str]:
    said = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            said.append(f"{code}: untranslated: {message.id!r}")
        elif message.fuzzy:
            said.append(f"{code}: fuzzy (check and remove the flag): {message.id!r}")
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--init", metavar="CODE", help="start the catalogue of a new language")
    args = parser.parse_args(argv)
    fresh = template()
    if args.init:
        catalog = Catalog(
            locale=args.init,
            project="dipltime",
            version="",
            fuzzy=False,
            header_comment=f"# dipltime's messages in {Locale.parse(args.init).english_name}.",
        )
        po_path(args.init).parent.mkdir(parents=True, exist_ok=True)
        po_path(args.init).write_bytes(po_bytes(catalog))
    problems: list[str] = []
    for code in languages():
        catalog = merged(code, fresh)
        files = {
            po_path(code): po_bytes(catalog),
            po_path(code).with_suffix(".mo"): mo_bytes(catalog),
            I18N / "cldr" / f"{code}.json": cldr_table(code),
        }
        for path, data in files.items():
            if not path.exists() or path.read_bytes() != data:
                if args.check:
                    problems.append(f"{path.relative_to(ROOT)} is stale: run python tools/i18n.py")
                else:
                    path.write_bytes(data)
                    print(f"wrote {path.relative_to(ROOT)}")
        problems += problems_of(code, catalog)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
