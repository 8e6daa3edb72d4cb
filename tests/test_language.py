"""Spanish as Peru's foreign ministry writes it (domain/language.py, i18n/): dates, RAE
ordinals checked against ICU, jubilees, "e" before i-/hi-, "del Perú", party names, the
choice of language, and a catalogue that is complete and fresh."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from dipltime import i18n
from dipltime.domain.dates import DateSpec, PartialDate, parse_edtf
from dipltime.domain.language import ENGLISH, Language, language, spanish_ordinal
from dipltime.domain.model import Party
from dipltime.errors import UsageError
from helpers import EVENTS, ROOT, run_cli

ES = language("es")


# --- ordinals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (1, "1.er"), (2, "2.º"), (3, "3.er"), (11, "11.º"), (12, "12.º"), (13, "13.er"),
        (21, "21.er"), (30, "30.º"), (101, "101.er"), (111, "111.º"), (200, "200.º"),
    ],
)  # fmt: skip
def test_spanish_ordinals_before_aniversario_as_the_rae_abbreviates_them(number, written):
    assert ES.ordinal(number) == written


def test_the_ordinal_indicator_is_u00ba_never_the_degree_sign():
    for number in range(1, 301):
        text = spanish_ordinal(number)
        assert "\u00b0" not in text and (text.endswith(".er") or text.endswith(".\u00ba"))


def test_spanish_ordinals_1_to_300_agree_with_icu_spelled_out():
    """ICU's %spellout-ordinal-masculine-adjective writes the word before a masculine noun
    ("primer", "decimotercer", "vigésimo primer", "trigésimo"); the abbreviation ends in
    that word's last letters: "er" for the shortened primer and tercer, "º" otherwise."""
    messages = pytest.importorskip("icu4py.messageformat", reason="icu4py is the oracle")
    from icu4py.locale import Locale

    spelled = messages.MessageFormat(
        "{n, spellout,%spellout-ordinal-masculine-adjective}", Locale("es")
    )
    assert spelled.format({"n": 21}) == "vigésimo primer"  # the rule set is the one asked for
    wrong = []
    for number in range(1, 301):
        word = spelled.format({"n": number})
        expected = f"{number}.er" if word.endswith(("primer", "tercer")) else f"{number}.º"
        if spanish_ordinal(number) != expected:
            wrong.append((number, word, spanish_ordinal(number)))
    assert not wrong


def test_english_ordinals_are_unchanged():
    assert [ENGLISH.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "101st", "111th", "112th",
    ]  # fmt: skip


def test_jubilees_are_centenario_sesquicentenario_bicentenario_and_no_bodas():
    assert [ES.jubilee(n) for n in ("centenary", "sesquicentenary", "bicentenary")] == [
        "centenario",
        "sesquicentenario",
        "bicentenario",
    ]
    assert [ES.jubilee(n) for n in ("silver jubilee", "golden jubilee", "diamond jubilee")] == [
        "",
        "",
        "",
    ]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edtf", "end", "written"),
    [
        ("1994-11-14", None, "14 de noviembre de 1994"),
        ("2024-11-12", "2024-11-14", "12–14 de noviembre de 2024"),
        ("2012-09-30", "2012-10-02", "30 de setiembre – 2 de octubre de 2012"),
        ("2012-09", None, "setiembre de 2012"),
        ("1826", None, "1826"),
        ("1850~", None, "hacia 1850"),
        ("1840/1844", None, "entre 1840 y 1844"),
        ("1826/..", None, "después de 1826"),
        ("../1826", None, "antes de 1826"),
        ("../2025-06-04", None, "antes del 4 de junio de 2025"),
        ("2025-06-04/..", None, "después del 4 de junio de 2025"),
        ("2025-06/..", None, "después de junio de 2025"),
        ("1840/1844-05-03", None, "entre 1840 y el 3 de mayo de 1844"),
        ("9998-12-31", None, "31 de diciembre de 9998"),
        ("0800-02-29", None, "29 de febrero de 800"),
    ],
)
def test_dates_as_peru_writes_them(edtf, end, written):
    spec = parse_edtf(edtf)
    last = PartialDate(*map(int, end.split("-"))) if end else None
    assert ES.describe(spec, last) == written


def test_a_day_in_running_text_is_spelled_out_in_spanish():
    assert ES.day_in_sentence(dt.date(2026, 11, 23)) == "lunes 23 de noviembre de 2026"
    assert ENGLISH.day_in_sentence(dt.date(2026, 11, 23)) == "Mon 23 Nov 2026"


def test_a_title_standing_alone_loses_its_article_in_spanish_only():
    assert ES.standalone("las relaciones diplomáticas") == "Relaciones diplomáticas"
    assert ES.standalone("El Salvador y el Perú") == "El Salvador y el Perú"
    assert ENGLISH.standalone("the recognition of Peru") == "The recognition of Peru"


def test_month_and_day_names_are_cldr_es_pe_in_lower_case_with_setiembre():
    assert ES.months[8] == "setiembre" and "septiembre" not in ES.months
    assert all(name == name.lower() for name in (*ES.months, *ES.weekdays))
    assert ES.short_day(dt.date(2026, 11, 14)) == "sáb 14 nov. 2026"
    assert ES.day_heading(dt.date(2026, 11, 1)) == "1 de noviembre de 2026"


def test_english_dates_are_unchanged():
    assert ENGLISH.describe(DateSpec(PartialDate(1994, 11, 14))) == "14 Nov 1994"
    assert ENGLISH.describe(parse_edtf("../2025-06-04")) == "before 4 Jun 2025"
    assert ENGLISH.short_day(dt.date(2026, 11, 1)) == "Sun  1 Nov 2026"


# --- grammar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "joined"),
    [
        (["el Perú", "Italia"], "el Perú e Italia"),
        (["el Perú", "Hispania"], "el Perú e Hispania"),
        (["el Perú", "Irlanda"], "el Perú e Irlanda"),
        (["el Perú", "hielo"], "el Perú y hielo"),  # the sound is not i
        (["el Perú", "Viet Nam"], "el Perú y Viet Nam"),
        (["China", "la India", "Indonesia"], "China, la India e Indonesia"),
    ],
)
def test_y_becomes_e_before_a_sound_i(items, joined):
    assert ES.and_list(items) == joined


def test_o_becomes_u_before_a_sound_o():
    assert ES.grammar.conjunction("o", "Honduras") == "u"
    assert ES.grammar.conjunction("o", "Oslo") == "u"
    assert ES.grammar.conjunction("o", "Lima") == "o"


def test_de_el_and_a_el_join_where_the_template_meets_the_value_and_only_there():
    assert ES.fill("aniversario de {title}", title="el establecimiento") == (
        "aniversario del establecimiento"
    )
    assert ES.fill("la visita a {host}", host="el Perú") == "la visita al Perú"
    assert ES.fill("la embajada de {x}", x="El Salvador") == "la embajada de El Salvador"
    assert ES.fill("la visita de {who}", who="Juan de el Valle") == "la visita de Juan de el Valle"
    assert ES.fill("de {x} y de {x}", x="el Perú") == "del Perú y del Perú"
    assert ENGLISH.fill("the visit of {who}", who="el Perú") == "the visit of el Perú"
    with pytest.raises(KeyError):
        ES.fill("de {missing}")


def test_party_names_curated_then_cldr_then_the_registry():
    peru = Party("PER", "Peru", names=(("es", "el Perú"),))
    assert ES.party(peru, "PER") == "Perú"  # lists leave the article out
    assert ES.in_a_sentence(peru, "PER") == "el Perú"
    france = Party("FRA", "France")  # no Spanish name in the registry: CLDR's
    assert ES.party(france, "FRA") == "Francia"
    empire = Party("AUSTRIAN-EMPIRE", "Austrian Empire")  # neither: the registry's
    assert ES.party(empire, empire.code) == "Austrian Empire"
    assert ENGLISH.party(peru, "PER") == "Peru"


def test_the_cldr_table_maps_alpha_3_codes_to_spanish_names():
    names = i18n.cldr("es")["territories"]
    assert names["PER"] == "Perú" and names["DEU"] == "Alemania" and names["KOR"]


# --- which language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "environ", "chosen"),
    [
        (None, {}, "en"),
        ("es", {}, "es"),
        ("es-PE", {}, "es"),
        ("en", {"DIPLTIME_LANG": "es"}, "en"),
        (None, {"DIPLTIME_LANG": "es"}, "es"),
        (None, {"LANG": "es_PE.UTF-8"}, "es"),
        (None, {"LANG": "es_PE.UTF-8", "DIPLTIME_LANG": "en"}, "en"),
        (None, {"LC_ALL": "es_ES.UTF-8", "LANG": "en_GB.UTF-8"}, "es"),
        (None, {"LC_MESSAGES": "es_PE", "LANG": "en_US.UTF-8"}, "es"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr:es"}, "es"),
        (None, {"LANG": "C.UTF-8", "LANGUAGE": "es"}, "en"),  # gettext ignores it under C
        (None, {"LANG": "C"}, "en"),
    ],
)
def test_the_language_is_the_flag_then_dipltime_lang_then_the_locale(flag, environ, chosen):
    assert i18n.choose(flag, environ) == chosen


@pytest.mark.parametrize("flag", ["fr", "klingon", "e"])
def test_a_language_dipltime_does_not_speak_is_a_usage_error(flag):
    with pytest.raises(UsageError, match="does not speak"):
        i18n.choose(flag, {})


def test_english_opens_no_catalogue():
    assert Language("en")._("{day} {mon} {year}") == "{day} {mon} {year}"


# --- the catalogue -------------------------------------------------------------------------


def test_every_message_is_translated_and_every_compiled_file_is_fresh():
    """Fails when a string of the program is new or changed and not translated, when a
    translation is fuzzy, or when the .mo or the CLDR table is not what tools/i18n.py makes."""
    pytest.importorskip("babel", reason="Babel (pip install babel) extracts the messages")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_translation_keeps_the_placeholders_of_its_message():
    babel = pytest.importorskip("babel.messages.pofile")
    path = ROOT / "src" / "dipltime" / "i18n" / "locale" / "es" / "LC_MESSAGES" / "dipltime.po"
    import re

    with path.open("rb") as handle:
        catalog = babel.read_po(handle)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"\{[^}]*\}", ids[-1]))
        for text in strings:
            found = set(re.findall(r"\{[^}]*\}", text))
            # A translation may leave out an English-only form ({sending_s}, {pair}, {mon})
            # for the one its language uses, never bring in a name the code does not give.
            given = {"{sending_s}", "{sending}", "{pair}", "{parties}", "{mon}", "{month}"}
            given |= {"{weekday}", "{weekday_name}", "{country_name}"}
            if not found <= wanted | given:
                wrong.append((message.id, text))
    assert not wrong


# --- the CLDR fallback, the registry's translations ------------------------------------------


def test_withdrawn_codes_get_no_successor_s_name_and_organisations_no_country_s():
    names = i18n.cldr("es")["territories"]
    assert not {"DDR", "ZAR", "YMD", "BUR", "TMP", "FXX", "SUN", "YUG"} & set(names)
    andean = Party("CAN", "Andean Community", type="organisation")
    assert ES.party(andean, "CAN") == "Andean Community"


def test_a_state_may_be_chosen_by_its_cldr_name(collection_dir):
    parties = "- code: PER\n  name: Peru\n  names: {es: el Perú}\n- code: DEU\n  name: Germany\n"
    folder = collection_dir(
        "- id: per-deu\n  date: 1951-12-22\n  title: t\n  summary: s\n"
        "  kind: relations-established\n  parties: [PER, DEU]\n"
        "  sources: [{publisher: p, title: t, date: not stated}]\n",
        parties=parties,
    )
    result = run_cli("--events", str(folder), "list", "--party", "Alemania")
    assert result.code == 0 and "per-deu" in result.out


def test_a_cldr_name_that_another_party_claims_is_a_problem(collection_dir):
    parties = (
        "- code: DEU\n  name: Germany\n- code: XYZ\n  name: Somewhere\n  aliases: [Alemania]\n"
    )
    folder = collection_dir("[]\n", parties=parties)
    result = run_cli("--events", str(folder), "validate")
    assert result.code == 1 and "DEU: names: CLDR's name for DEU, 'Alemania'" in result.err


def _bundled_copy(tmp_path, edit):
    """A copy of the bundled collection with ``edit(text_of_parties, text_of_vnm)`` applied."""
    import shutil

    folder = tmp_path / "events"
    shutil.copytree(EVENTS, folder)
    parties, vnm = folder / "parties.yaml", folder / "vnm.yaml"
    new_parties, new_vnm = edit(
        parties.read_text(encoding="utf-8"), vnm.read_text(encoding="utf-8")
    )
    parties.write_text(new_parties, encoding="utf-8")
    vnm.write_text(new_vnm, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ("{xx: Xland}", "'xx' is not one dipltime speaks"),
        ("{en: Peru}", "'en' is the records' own language"),
        ("{es: el}", "is not a name"),
        ("{es: 'la  Nueva Zelandia'}", "is not a name"),
    ],
)
def test_names_in_other_languages_are_checked(tmp_path, names, said):
    folder = _bundled_copy(
        tmp_path, lambda p, v: (p.replace("  names: {es: el Perú}", f"  names: {names}"), v)
    )
    result = run_cli("--events", str(folder), "validate")
    assert result.code == 1 and said in result.err, result.err
    assert "parties.yaml:" in result.err and "PER: names" in result.err


def test_titles_in_a_language_dipltime_does_not_speak_are_refused(tmp_path):
    folder = _bundled_copy(tmp_path, lambda p, v: (p, v.replace("    es: ", "    fr: ", 1)))
    result = run_cli("--events", str(folder), "validate")
    assert result.code == 1 and "titles: 'fr' is not one dipltime speaks" in result.err
