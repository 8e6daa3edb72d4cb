"""The commands in Spanish (``--lang es``) on the bundled events, as a desk officer of
Peru's foreign ministry reads them: dates, ordinals, titles, party names, input in
Spanish, and the Spanish calendars."""

from __future__ import annotations

import re

import pytest

from dipltime.store.loading import load_collection
from helpers import EVENTS, run_cli, run_process

COLLECTION = load_collection(EVENTS)
ENGLISH_WORDS = re.compile(
    r"\b(?:the|of|and|anniversary|anniversaries|milestone|inferred|events?|no day|"
    r"relations|visit|embassy|treaty|September|November|Sep|Nov)\b"
)
"""Words that betray an untranslated message (data in English, such as summaries and
notes, are kept out of the checks)."""


def es(*argv: str, today: str = "2026-11-23") -> str:
    result = run_cli("--lang", "es", *argv, today=today)
    assert result.code == 0, result.err
    assert result.err == ""
    return result.out


def test_on_14_november_2024_reads_as_the_ministry_writes():
    assert es("on", "11-14", "--year", "2024") == "\n".join(
        [
            "14 de noviembre de 2024",
            "  14 de noviembre de 1994  ★ 30.º aniversario del establecimiento de relaciones diplomáticas entre el Perú y Viet Nam",
            "                           establecimiento de relaciones · Perú, Viet Nam · vnm-1994-11-14-relations",
            "                           según VNS (vns-per-vnm-joint-declaration-report, vns-2024-11-11-visit-announcement)",
            "  12–17 de noviembre de 2023",
            "                           1.er aniversario de la participación de la presidenta del Perú, Dina Boluarte Zegarra, en la cumbre de líderes de APEC en San Francisco",
            "                           participación en conferencia · Perú, Estados Unidos de América · usa-2023-11-12-conference-attended",
            "                           según Department of State (hsg-visits-2020)",
            "  12–14 de noviembre de 2024",
            "                           Visita oficial al Perú del presidente de Viet Nam, Lương Cường",
            "                           visita oficial · Perú, Viet Nam · fecha inferida · vnm-2024-11-state-president-official-visit",
            "                           según VNS (vns-per-vnm-joint-declaration-report, vns-2024-11-11-visit-announcement)",
            "  14–16 de noviembre de 2024",
            "                           Visita al Perú del secretario de Estado de los Estados Unidos de América, Antony John Blinken",
            "                           visita ministerial · Perú, Estados Unidos de América · usa-2024-11-14-ministerial-visit",
            "                           según Department of State (hsg-travels-blinken-antony-j)",
            "",
        ]
    )


def test_the_bicentenary_of_recognition_is_a_bicentenario_and_no_jubilee_is_a_wedding():
    out = es("anniversaries", "2026", "--milestones")
    assert (
        "★ 200.º aniversario del reconocimiento del Perú por los Estados Unidos de América" in out
    )
    assert "— bicentenario" in out
    assert "bodas" not in out and "°" not in out
    assert "2 de mayo de 1826" in out and "sáb  2 may. 2026" in out


def test_listings_in_spanish_have_no_english_words_of_their_own():
    for argv in (
        ("anniversaries", "2026"),
        ("anniversaries", "2030", "--milestones"),
        ("on", "11-14", "--year", "2024"),
        ("upcoming", "--days", "365"),
        ("list",),
    ):
        out = es(*argv)
        # the certainty and celebration notes of records are data, written in English
        shown = re.sub(r"(dudoso|controvertido|no se celebra): [^·]*·", "", out)
        shown = re.sub(r"según [^\n]*", "", shown)  # publishers' names are data too
        shown = re.sub(r"\S+-\S+", "", shown)  # record ids
        assert not ENGLISH_WORDS.search(shown), (argv, ENGLISH_WORDS.search(shown))


def test_setiembre_lower_case_months_and_years_without_separators():
    out = es("list", "--since", "2012", "--until", "2016")
    assert "setiembre de 2012" in out and "septiembre" not in out
    assert not re.search(r"\b[0-9]\.[0-9]{3}\b", out)  # never "1.826"
    assert not re.search(r"\b(Enero|Febrero|Setiembre|Noviembre|Diciembre)\b", out)


@pytest.mark.parametrize(
    "alias", ["Corea", "República de Corea", "EE. UU.", "Estados Unidos de América",
              "Nueva Zelandia", "Nueva Zelanda", "el Perú", "Perú", "Viet Nam"],
)  # fmt: skip
def test_spanish_names_and_aliases_choose_a_party_in_any_language(alias):
    for lang in ("en", "es"):
        result = run_cli("--lang", lang, "list", "--party", alias)
        assert result.code == 0 and result.out.strip(), (alias, lang, result.err)


@pytest.mark.parametrize(
    ("day", "heading"),
    [
        ("14 de noviembre", "14 de noviembre de 2026"),
        ("14 nov", "14 de noviembre de 2026"),
        ("14 Nov.", "14 de noviembre de 2026"),
        ("1 set", "1 de setiembre de 2026"),
        ("1 sétiembre", "1 de setiembre de 2026"),
        ("1 de septiembre", "1 de setiembre de 2026"),
        ("noviembre", "Mes de noviembre (aniversarios en 2026)"),
        ("14 DE NOVIEMBRE DE 1994", "14 de noviembre de 1994"),
        ("hoy", "23 de noviembre de 2026"),
    ],
)
def test_on_reads_days_written_in_spanish(day, heading):
    assert es("on", day).splitlines()[0].startswith(heading)
    english = run_cli("on", day)  # and in English too
    assert english.code == 0, english.err


@pytest.mark.parametrize("day", ["32 de noviembre", "32 Nov", "0 nov", "31 de noviembre"])
def test_a_day_that_is_not_one_is_refused_with_a_spanish_example_in_the_hint(day):
    result = run_cli("--lang", "es", "on", day)
    assert result.code == 2 and "no es un día del año" in result.err, result.out
    assert "'14 de noviembre'" in result.err


def test_show_labels_rows_and_says_the_summary_is_in_english():
    out = es("show", "usa-1826-recognition")
    assert out.startswith("Reconocimiento del Perú por los Estados Unidos de América\n")
    assert re.search(r"^  fecha +2 de mayo de 1826  \(precisión de día\)$", out, re.M)
    assert re.search(r"^  que reconoce +Estados Unidos de América$", out, re.M)
    assert re.search(
        r"^  aniversario +200\.º aniversario en 2026, el sábado 2 de mayo de 2026 ★ hito "
        r"\(bicentenario\)$",
        out,
        re.M,
    )
    assert "[en inglés] " in out
    assert "registrado en " in out


def test_show_of_an_ended_act_says_how_it_ended_in_spanish():
    out = es("show", "nzl-1995-peruvian-embassy-reopened")
    assert "cerrada en 2010 (nzl-2010-peruvian-embassy-closed)" in out


def test_every_bundled_record_has_a_spanish_title_and_every_party_a_spanish_name():
    for event in COLLECTION.events:
        titles = dict(event.titles)
        assert titles.get("es"), event.id
        assert titles["es"][:1].islower() or titles["es"][:1].isdigit(), event.id
        assert "Vietnam" not in titles["es"] and "septiembre" not in titles["es"]
    for party in COLLECTION.parties.values():
        assert dict(party.names).get("es"), party.code


def test_the_environment_locale_chooses_spanish_and_the_flag_overrides_it():
    spanish = run_process("on", "11-14", env={"LANG": "es_PE.UTF-8"})
    assert spanish.returncode == 0 and spanish.stdout.startswith("14 de noviembre de 2026")
    english = run_process("--lang", "en", "on", "11-14", env={"LANG": "es_PE.UTF-8"})
    assert english.stdout.startswith("14 November 2026")
    chosen = run_process("on", "11-14", env={"DIPLTIME_LANG": "es"})
    assert chosen.stdout.startswith("14 de noviembre de 2026")


def test_an_unknown_language_is_a_usage_error():
    result = run_cli("--lang", "fr", "on", "11-14")
    assert result.code == 2 and "does not speak" in result.err and "en, es" in result.err
    result = run_cli("on", "11-14", env={"DIPLTIME_LANG": "xx"})
    assert result.code == 2 and "DIPLTIME_LANG" in result.err


def test_validate_and_parties_in_spanish():
    assert es("validate").endswith(": 94 hechos en 10 archivos, 13 partes: todo es válido\n")
    out = es("parties")
    assert "  KOR     República de Corea" in out and "  PER     Perú" in out


def test_json_keeps_its_keys_and_english_values_in_any_language():
    english = run_cli("on", "11-14", "--json").out
    assert run_cli("--lang", "es", "on", "11-14", "--json").out == english


def test_an_ics_export_in_spanish_marks_its_language(tmp_path):
    out = tmp_path / "es.ics"
    result = run_cli("--lang", "es", "export", "ics", "--years", "2026", "-o", str(out))
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY;LANGUAGE=es:★ 200.º aniversario del reconocimiento del Perú" in unfolded
    assert "DESCRIPTION;LANGUAGE=es:[en inglés] " in unfolded
    assert "X-WR-CALNAME:Aniversarios diplomáticos" in unfolded
    assert "SUMMARY:" not in unfolded  # every summary says its language


# --- help and errors -----------------------------------------------------------------------


def test_help_is_in_spanish_with_argparse_s_own_words():
    result = run_process("--lang", "es", "on", "--help")
    out = result.stdout
    assert "uso: dipltime on" in out and "argumentos posicionales:" in out
    assert "filtros:" in out and "Ejemplo: dipltime on 11-14 --year 2024" in out
    assert "muestra esta ayuda y termina" in out


def test_usage_errors_are_in_spanish_and_english_ones_unchanged():
    result = run_cli("--lang", "es", "on", "14 nuv")
    assert result.code == 2
    assert result.err.startswith("dipltime: error: '14 nuv' no es un día del año\n  sugerencia: ")
    result = run_cli("on", "14 nuv")
    assert result.err.startswith("dipltime: error: '14 nuv' is not a day of the year\n  hint: ")
    result = run_cli("--lang", "es", "list", "--party", "Narnia")
    assert "ninguna parte se llama 'Narnia'" in result.err
    result = run_cli("--lang", "es", "on", "11-14", "--year", "99999")
    assert "argumento --year: '99999' no es un año" in result.err


@pytest.mark.parametrize("value", ["", "es-", "es..", "x" * 500, "en:es"])
def test_a_malformed_lang_is_refused_briefly(value):
    result = run_cli("--lang", value, "on", "11-14")
    assert result.code == 2 and "does not speak that language" in result.err
    assert len(result.err) < 300


@pytest.mark.parametrize("day", ["14ª noviembre", "14a noviembre", "１４ noviembre", "noviembre ¹⁴",
                                 "14 de de noviembre", "de 14 noviembre", "14 noviembre t"])  # fmt: skip
def test_days_that_only_look_spanish_are_refused_as_typed(day):
    result = run_cli("on", day)
    assert result.code == 2 and f"{day!r} is not a day of the year" in result.err


@pytest.mark.parametrize("day", ["14 de nov", "14 nov. de 1994", "14 de noviembre, 1994"])
def test_spanish_days_with_shared_abbreviations_are_read(day):
    assert run_cli("on", day).code == 0


def test_english_again_after_spanish_in_one_process():
    run_cli("--lang", "es", "on", "--nope")
    result = run_cli("on", "11-14", "--nope")
    assert "unrecognized arguments: --nope" in result.err and "hint: see" in result.err


def test_a_bad_lang_is_refused_in_the_language_of_the_locale():
    result = run_cli("--lang", "fr", "on", "11-14", env={"LANG": "es_PE.UTF-8"})
    assert result.code == 2 and "dipltime no está disponible en ese idioma" in result.err
    result = run_cli("on", "11-14", env={"DIPLTIME_LANG": "xx", "LANG": "es_PE.UTF-8"})
    assert result.code == 2 and "DIPLTIME_LANG 'xx'" in result.err and "sugerencia" in result.err


def test_calendar_options_are_refused_in_spanish(tmp_path):
    result = run_cli(
        "--lang", "es", "export", "ics", "--years", "2026:2020", "-o", str(tmp_path / "x.ics")
    )
    assert result.code == 2 and "el primer año no puede ser posterior al último" in result.err
    assert not (tmp_path / "x.ics").exists()
    result = run_cli("--lang", "es", "list", "--since", "2020x")
    assert "'2020x' no es una fecha" in result.err


def test_json_gives_the_titles_in_other_languages():
    import json

    (event,) = json.loads(
        run_cli("list", "--json", "--party", "VNM", "--since", "1994", "--until", "1994").out
    )
    assert event["titles"] == {
        "es": "el establecimiento de relaciones diplomáticas entre el Perú y Viet Nam"
    }
    parties = json.loads(run_cli("parties", "--json").out)
    assert {p["code"]: p["names"] for p in parties}["PER"] == {"es": "el Perú"}


def test_errors_of_the_store_and_of_the_writes_are_in_spanish(tmp_path):
    result = run_cli("--lang", "es", "--events", str(tmp_path / "nope"), "on", "11-14")
    assert result.code == 1 and "no existe o no es una carpeta" in result.err
    mine = tmp_path / "mine.ics"
    mine.write_text("a calendar of my own\n", encoding="utf-8")
    result = run_cli("--lang", "es", "export", "ics", "--years", "2026", "-o", str(mine))
    assert result.code == 2 and "no es un calendario escrito por dipltime; no se tocó" in result.err
    assert mine.read_text(encoding="utf-8") == "a calendar of my own\n"
