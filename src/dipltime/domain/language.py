"""A language as dipltime writes it: dates, ordinals, anniversaries, jubilees, lists and
the names of parties, from the language's catalogue and CLDR tables (``dipltime.i18n``).

Everything a translator can say is a message of the catalogue, patterns of dates
included ("{day} de {month} de {year}"); what a catalogue cannot say is the grammar
below, written once per language: how an ordinal is abbreviated before *aniversario*
(Real Academia Española: 1.er, 2.º, 3.er, 21.er, 111.º), "y" that becomes "e" before
i-/hi-, "de el" that becomes "del". A language without rules of its own here gets the
plain ones (``{n}.``, no contraction).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence

from dipltime import i18n
from dipltime.domain.dates import MONTH_ABBR, MONTH_NAMES, DateSpec, PartialDate, Precision
from dipltime.domain.model import NOT_STATED, Party, without_article
from dipltime.domain.text import ordinal

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def spanish_ordinal(number: int) -> str:
    """The abbreviated ordinal before a masculine noun (*aniversario*), as the RAE writes it:
    the abbreviation ends in the letters of the word it stands for, so the shortened
    *primer* and *tercer* give 1.er, 3.er, 13.er (decimotercer), 21.er, 101.er, and every
    other one ends in the masculine ordinal indicator (U+00BA): 2.º, 11.º (undécimo),
    12.º, 30.º, 111.º, 200.º."""
    if number < 1:
        raise ValueError(f"no ordinal for {number}")
    shortened = number % 10 in (1, 3) and number % 100 != 11
    return f"{number}.er" if shortened else f"{number}.\u00ba"


@functools.cache
def _spanish_contraction() -> re.Pattern[str]:
    return re.compile(r"\b(de|a) \{(\w+)\}")  # compiled on first use: English never needs it


def _spanish_joins(template: str, values: dict[str, object]) -> str:
    """ "de" + "el Perú" is "del Perú", "a" + "el Perú" is "al Perú": where the template puts
    "de" or "a" before a value that starts with the article "el", and only there (a person
    called "Juan de el Valle" keeps the name he has; "de El Salvador" keeps its capital)."""

    def join(match: re.Match[str]) -> str:
        word, key = match[1], match[2]
        value = values.get(key)
        if isinstance(value, str) and value.startswith("el "):
            values[key + "__joined"] = value[3:]
            return f"{word}l {{{key}__joined}}"
        return match[0]

    return _spanish_contraction().sub(join, template)


def _spanish_conjunction(word: str, following: str) -> str:
    """ "y" is "e" before a sound i (Italia, Hispania; not "hielo"), "o" is "u" before a sound o."""
    start = following.lower()
    if word == "y" and re.match(r"h?[ií](?![aeiouáéíóú])", start):
        return "e"
    if word == "o" and re.match(r"h?[oó]", start):
        return "u"
    return word


def _plural(one: str, many: str, count: int) -> str:
    return one if count == 1 else many


def _in_context(context: str, message: str) -> str:
    return message


class _Grammar:
    """What a language writes that its catalogue cannot say."""

    def __init__(
        self,
        ordinal: Callable[[int], str] = lambda n: f"{n}.",
        joins: Callable[[str, dict[str, object]], str] = lambda template, values: template,
        conjunction: Callable[[str, str], str] = lambda word, following: word,
        articles: bool = False,
    ) -> None:
        self.ordinal, self.joins, self.conjunction = ordinal, joins, conjunction
        self.articles = articles
        """Whether a party's curated name may start with the article it takes in a
        sentence ("el Perú"), which lists and tables leave out ("Perú")."""


_PLAIN = _Grammar()
"""The grammar of a language without rules of its own here."""

GRAMMARS = {
    "en": _Grammar(ordinal=ordinal),
    "es": _Grammar(spanish_ordinal, _spanish_joins, _spanish_conjunction, articles=True),
}


class Language:
    """One language's way of writing what dipltime shows. ``Language("es")``."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._: Callable[[str], str] = str
        self.n_: Callable[[str, str, int], str] = _plural
        self.p_: Callable[[str, str], str] = _in_context
        if code != i18n.SOURCE:  # English needs no catalogue (and no gettext module)
            catalogue = i18n.translation(code)
            self._, self.n_, self.p_ = catalogue.gettext, catalogue.ngettext, catalogue.pgettext
        self.grammar = GRAMMARS.get(code, _PLAIN)
        if code == i18n.SOURCE:
            self.months, self.months_abbr = MONTH_NAMES, MONTH_ABBR
            self.weekdays, self.weekdays_abbr = WEEKDAY_NAMES, WEEKDAYS
        else:
            names = i18n.cldr(code)
            self.months, self.months_abbr = names["months"], names["months_abbr"]
            self.weekdays, self.weekdays_abbr = names["weekdays"], names["weekdays_abbr"]
        _ = self._
        # TRANSLATORS: a date; {day} is a number, {month} the month's name, {mon} its
        # abbreviation, {year} four digits ("14 Nov 1994"; Spanish: "14 de noviembre de 1994").
        self._day = _("{day} {mon} {year}")
        # TRANSLATORS: a month of a year ("Sep 2012"); the same names as above.
        self._month = _("{mon} {year}")
        # TRANSLATORS: days of one month ("12–14 Nov 2024"): {first} and {day} are numbers.
        self._days = _("{first}–{day} {mon} {year}")
        # TRANSLATORS: a span within a year ("30 Sep – 2 Oct 2012"); {last} is a whole date.
        self._within_year = _("{day} {mon} – {last}")
        # TRANSLATORS: a span between two whole dates.
        self._span = _("{first} – {last}")
        # TRANSLATORS: an approximate date ("c. 1850").
        self._about = _("c. {date}")
        self._between = _("between {first} and {last}")
        self._after = _("after {date}")
        self._before = _("before {date}")
        # TRANSLATORS: a day in a column of days: {weekday} and {mon} abbreviated, {day:>2}
        # a number right-aligned in two places ("Sat 14 Nov 2026", "Sun  1 Nov 2026").
        self._short_day = _("{weekday} {day:>2} {mon} {year}")
        # TRANSLATORS: a day as a heading ("14 November 2026").
        self._heading = _("{day} {month} {year}")
        # TRANSLATORS: a day in running text, with its weekday ("from Mon 23 Nov 2026 to …");
        # {weekday_name} and {month} are the full names.
        self._in_sentence = _("{weekday} {day} {mon} {year}")
        # TRANSLATORS: a day-precise date inside a sentence, after "before", "after" or
        # "between" (Spanish: "el {date}", so that "antes de" + it reads "antes del 4 de junio").
        self._the_day = self.p_("a day in a sentence", "{date}")
        # TRANSLATORS: the last two items of a list ("Peru and Viet Nam").
        self._and = _("{first} and {last}")
        self._column = 0

    @property
    def column(self) -> int:
        """The width of a column of dates: the longest day of a year fits (16 in English)."""
        if not self._column:
            days = (len(self.date(PartialDate(2000, month, 28))) for month in range(1, 13))
            self._column = max(16, *days)
        return self._column

    @property
    def is_source(self) -> bool:
        """Whether this is the language the program and the records are written in (English):
        titles, summaries and notes are shown as they are."""
        return self.code == i18n.SOURCE

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def _fill(self, pattern: str, date: PartialDate | dt.date, **more: object) -> str:
        month = date.month
        return pattern.format(
            day=date.day,
            month=self.months[month - 1] if month else "",
            mon=self.months_abbr[month - 1] if month else "",
            year=date.year,
            **more,
        )

    def date(self, date: PartialDate) -> str:
        """A date as precise as it is: "14 Nov 1994", "Sep 2012", "1826"."""
        if date.day:
            return self._fill(self._day, date)
        if date.month:
            return self._fill(self._month, date)
        return str(date.year)

    def span(self, start: PartialDate, end: PartialDate | None) -> str:
        """A date or a span of dates: "12–14 Nov 2024", "30 Sep – 2 Oct 2012"."""
        if end is None or end == start:
            return self.date(start)
        if start.precision is Precision.DAY and end.precision is Precision.DAY:
            if (start.year, start.month) == (end.year, end.month):
                return self._fill(self._days, end, first=start.day)
            if start.year == end.year:
                return self._fill(self._within_year, start, last=self.date(end))
        return self._span.format(first=self.date(start), last=self.date(end))

    def describe(self, spec: DateSpec, end: PartialDate | None = None) -> str:
        """A record's date as read: a span, "c. 1850", "between 1840 and 1844", "after 1826"."""
        if spec.bound == "between" and spec.until is not None:
            first, last = self._bound(spec.date), self._bound(spec.until)
            return self.fill(self._between, first=first, last=last)
        if spec.bound:
            pattern = self._after if spec.bound == "after" else self._before
            return self.fill(pattern, date=self._bound(spec.date))
        text = self.span(spec.date, end)
        return self._about.format(date=text) if spec.mark in ("~", "%") else text

    def _bound(self, date: PartialDate) -> str:
        """A date after "before", "after" or "between": a day takes the article it needs."""
        said = self.date(date)
        return self._the_day.format(date=said) if date.day else said

    def day_in_sentence(self, day: dt.date) -> str:
        """A day with its weekday, in running text: "Mon 23 Nov 2026", "lunes 23 de noviembre
        de 2026"."""
        return self._fill(
            self._in_sentence,
            day,
            weekday=self.weekdays_abbr[day.weekday()],
            weekday_name=self.weekdays[day.weekday()],
        )

    def standalone(self, title: str) -> str:
        """A title standing alone (a list, a heading): capitalised, and in a language whose
        titles start with an article, without it ("Relaciones diplomáticas entre …")."""
        if self.grammar.articles:
            title = without_article(title)
        return title[:1].upper() + title[1:]

    def short_day(self, day: dt.date, pad: bool = True) -> str:
        """A day in a column: "Sat 14 Nov 2026"; ``pad`` aligns one-digit days."""
        pattern = self._short_day if pad else self._short_day.replace(":>2", "")
        return self._fill(pattern, day, weekday=self.weekdays_abbr[day.weekday()])

    def day_heading(self, day: dt.date) -> str:
        """A day as a heading: "14 November 2026"."""
        return self._fill(self._heading, day)

    def ordinal(self, number: int) -> str:
        """The ordinal number as written before "anniversary": "30th", "30.º"."""
        return self.grammar.ordinal(number)

    def fill(self, template: str, **values: object) -> str:
        """``template`` with ``values`` put in, joined as the language joins words ("del
        Perú", not "de el Perú"); a placeholder without a value is a ``KeyError``."""
        return self.grammar.joins(template, values).format_map(values)

    def and_list(self, items: Sequence[str]) -> str:
        """ "A, B and C"; in Spanish "el Perú e Italia"."""
        if len(items) < 2:
            return "".join(items)
        first = ", ".join(items[:-1])
        joined = self._and.format(first=first, last=items[-1])
        if self.grammar.conjunction is not _PLAIN.conjunction:
            for word in ("y", "o"):
                marker = f" {word} {items[-1]}"
                if joined.endswith(marker):
                    word = self.grammar.conjunction(word, items[-1])
                    joined = joined[: -len(marker)] + f" {word} {items[-1]}"
        return joined

    def certainty(self, certainty: str) -> str:
        """ "doubtful", "disputed" (``kinds.Certainty``) as the language says them."""
        said = {"certain": self._("certain"), "doubtful": self._("doubtful")}
        return said.get(certainty) or self._("disputed")

    def role(self, name: str) -> str:
        """A role (``kinds.ROLE_NAMES``) as a short label: "host", "anfitrión"."""
        p_ = self.p_
        said = {
            "visiting": p_("role", "visiting"), "host": p_("role", "host"),
            "sending": p_("role", "sending"), "receiving": p_("role", "receiving"),
            "recognizing": p_("role", "recognizing"), "recognized": p_("role", "recognized"),
            "granting": p_("role", "granting"), "granted": p_("role", "granted"),
            "signatories": p_("role", "signatories"), "depositary": p_("role", "depositary"),
            "attending": p_("role", "attending"),
        }  # fmt: skip
        return said.get(name, name)

    def stated(self, text: str) -> str:
        """A source's field as given, or "not stated" in the language."""
        return self._("not stated") if text == NOT_STATED else text

    def kind(self, label: str) -> str:
        """A kind's label (``KINDS[kind].label``) in the language."""
        return self._(label)

    def jubilee(self, name: str) -> str:
        """The language's name for a jubilee (``core.JUBILEES``); "" where it has none:
        Spanish names the centenary but leaves "bodas de oro" to marriages."""
        if not name:
            return ""
        said = self._(name)
        return "" if said == "-" else said

    def party(self, party: Party | None, code: str) -> str:
        """A party's name in a list: the curated name for the language, CLDR's, or the
        registry's own."""
        if party is not None and self.code == i18n.SOURCE:
            return party.name
        named = self._curated(party)
        if named:
            return without_article(named) if self.grammar.articles else named
        return self._cldr_name(party, code) or (party.name if party else code)

    def in_a_sentence(self, party: Party | None, code: str) -> str:
        """A party's name inside a sentence: "the United States", "el Perú"."""
        if self.code == i18n.SOURCE:
            from dipltime.domain.titles import in_a_sentence

            return in_a_sentence(party.name if party else code)
        said = self._curated(party) or self._cldr_name(party, code)
        return said or (party.name if party else code)

    def _curated(self, party: Party | None) -> str:
        if party is None:
            return ""
        return dict(party.names).get(self.code, "")

    def _cldr_name(self, party: Party | None, code: str) -> str:
        """CLDR's name for a state's or a territory's ISO 3166 code ("" for an organisation:
        CAN is also the Andean Community's acronym)."""
        if party is not None and party.type not in ("state", "territory"):
            return ""
        territories: Mapping[str, str] = i18n.cldr(self.code).get("territories", {})
        return territories.get(code, "")


def fallback_names(parties: Mapping[str, Party]) -> dict[str, tuple[str, ...]]:
    """The names CLDR gives the states of ``parties`` that have none of their own in a
    language dipltime speaks: readers may type them too ("Alemania" for DEU)."""
    found: dict[str, list[str]] = {}
    for code in i18n.available():
        if code == i18n.SOURCE:
            continue
        speaking = language(code)
        for party in parties.values():
            if not speaking._curated(party):
                name = speaking._cldr_name(party, party.code)
                if name:
                    found.setdefault(party.code, []).append(name)
    return {code: tuple(names) for code, names in found.items()}


@functools.cache
def language(code: str) -> Language:
    """The language ``code`` (one object per language and process)."""
    return ENGLISH if code == i18n.SOURCE else Language(code)


ENGLISH = Language(i18n.SOURCE)
