"""Reading a date out of the Office of the Historian's prose, and only when it says so.

An entry of the rdcr guide has a heading with a year ("Establishment of Diplomatic
Relations, 1827.") and paragraphs that may give the day ("… were established on May 21,
1827, when …"). The rule (:func:`decide`): a date is taken from the prose only when one
sentence states the act of the heading (its own words: "recognized", "relations … were
established", "raised to an Embassy") with a day or a month of a year, and every such
sentence agrees. Dates after "by", "before", "until" and their like are bounds, not the
act's date, and are never taken. When the sentences disagree, or their year is not the
heading's, nothing is resolved: the outcome is a conflict, with every date and its
sentence, for a person to decide.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from dipltime.domain.dates import MONTH_NAMES, days_in_month

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS.update(
    {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1) if name != "May"}
)
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[5-9][0-9]{2}|20[0-9]{2})"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # May 21, 1827
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 21 May 1827
    re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.IGNORECASE),  # December 1846
)
_BOUND = re.compile(
    r"\b(?:by|before|until|till|after|since|prior\s+to|as\s+of|as\s+late\s+as|as\s+early\s+as"
    r"|no\s+later\s+than|through|between|from|to|and|or|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Words before a date that make it a bound, one end of a period, or a reference ("the
Convention of June 16, 1852"), not the act's day."""

_ABOUT = re.compile(
    r"\b(?:on\s+or\s+about|about|around|approximately|circa|c\.|roughly)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_THE_ACT = re.compile(
    r"\b(?:prepared|decided|decision|intend\w*|intention|plann\w*|agreed\s+to|willing|ready\s+to"
    r"|would|began|beginning|process|propos\w*|sought|offer\w*|refus\w*|declin\w*|withdr\w*"
    r"|terminat\w*|abrogat\w*|denounc\w*|expir\w*|announc\w*|not|never|later|subsequent\w*"
    r"|(?:other|another|additional|separate)\s+(?:\w+\s+)?(?:consul\w*|legations?|embass\w*"
    r"|posts?|treat\w*|conventions?|agreements?|missions?))\b",
    re.IGNORECASE,
)
"""Words that make a sentence's date another act's: an intention ("was prepared to
recognize"), a beginning ("the process … began"), an announcement, an end, a negation,
another post or treaty ("other consulates", "a separate extradition treaty"; not "as a
separate, independent state" nor "Prussia and Other States")."""
_SIGNING = re.compile(r"\bsign\w*", re.IGNORECASE)
"""A signing in a sentence about relations is a treaty's ("the Treaty Restoring Friendly
Relations, signed …"), not the relations'."""
_BEFORE_IT = re.compile(r"\b(?:prior\s+to|before)\s+(?:\w+\W+){0,3}\w*recogni|\bprior\s+to\b")
"""Words that put the date before the act ("Prior to the Empire's recognition …, Congress
commissioned William Lee on July 1, 1777")."""
_QUALIFIED = re.compile(r"\b(?:after|following|before|prior\s+to|since|until|during)\b", re.I)
"""A word between the act and the date that makes the date another event's ("reestablished
relations after a visit … in July 1972")."""

# A full stop ends a sentence unless it ends an abbreviation or an initial.
_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "st", "gen", "col", "capt", "lt", "sr", "jr",
    "no", "nos", "ft", "mt", "rev", "hon", "messrs", "esq", "ca", "vs", "etc", "co", "inc",
    "d.c", "j.c", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "adm", "sen", "rep", "amb", "pres", "gov", "maj", "sgt",
    "ched",
}  # fmt: skip
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
""""H.W", "S.G.W", "J": initials, whose full stop ends no sentence ("George H.W. Bush")."""
_END = re.compile(r"[.!?][\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (whitespace already collapsed)."""
    found: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start() + 1]
        word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", before)
        if word and (word[1].lower() in _ABBREVIATIONS or _INITIALS.fullmatch(word[1])):
            continue
        found.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


class Stated(NamedTuple):
    """A date a sentence gives: EDTF text (``1827-05-21``, ``1846-12``)."""

    date: str
    bound: bool
    """True when a word before it ("by", "until", "from") makes it a bound or an end."""
    approximate: bool = False
    """True when the sentence says "on or about", "about", "around" it."""


def dates_in(sentence: str) -> list[Stated]:
    """Every day or month of a year the sentence names, in order, without overlaps; a
    day its month does not have ("February 30") is not a date."""
    return [_stated(sentence, match) for match in _spans(sentence)]


def _stated(sentence: str, match: re.Match[str]) -> Stated:
    month = _MONTHS[match["month"].lower()]
    day = match.groupdict().get("day")
    text = f"{int(match['year']):04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    before = sentence[: match.start()]
    return Stated(text, bool(_BOUND.search(before)), bool(_ABOUT.search(before)))


_ACTS: dict[str, tuple[str, ...]] = {
    # Each alternative is a set of words that must all stand in the sentence.
    "recognition": (r"recogni[sz]|recognition",),
    "relations-established": (r"relations.*establish|establish.*relations",),
    "relations-resumed": (
        r"relations.*(?:resum|re-?establish|restor|renew)|(?:resum|re-?establish|restor|renew).*relations",
    ),
    "relations-severed": (
        r"relations.*(?:sever|broke|break|terminat|cut)|(?:sever|broke|break|terminat|cut).*relations",
    ),
    "relations-suspended": (r"suspen|interrupt",),
    "legation-opened": (r"legation.*(?:establish|open)|(?:establish|open).*legation",),
    "legation-elevated": (r"(?:rais|elevat|upgrad).*embass|embass.*(?:rais|elevat|upgrad)",),
    "legation-closed": (r"legation.*clos|clos.*legation",),
    "embassy-opened": (
        r"embass.*(?:establish|open|elevat|raised|upgrad)|(?:establish|open|elevat|raised|upgrad).*embass",
    ),
    "embassy-closed": (r"embass.*(?:clos|suspend)|(?:clos|suspend).*embass",),
    "consulate-opened": (r"consul.*(?:establish|open)|(?:establish|open).*consul",),
    "treaty-signed": (r"\bsign|\bconclud",),
    "envoy-accredited": (r"credentials|accredit",),
}


def states_act(sentence: str, kind: str) -> bool:
    """Whether the sentence states an act of this kind in its own words."""
    lower = sentence.lower()
    return any(re.search(pattern, lower) for pattern in _ACTS.get(kind, ()))


def dates_the_act(words: str, kind: str) -> bool:
    """Whether the words before a date (:func:`_segments`) give it as this act's date: they
    state the act, and nothing in them makes it an intention, another act or another
    event's date."""
    lower = words.lower()
    ends = [m.end() for p in _ACTS.get(kind, ()) for m in re.finditer(p, lower)]
    if not ends or _NOT_THE_ACT.search(lower) or _BEFORE_IT.search(lower):
        return False
    if kind not in ("treaty-signed", "agreement-signed") and _SIGNING.search(lower):
        return False
    return not _QUALIFIED.search(lower[max(ends) :])


class Decision(NamedTuple):
    """What the prose says about an entry's date."""

    outcome: str
    """``day`` or ``month`` (taken from a sentence of the prose), ``heading`` (a day or
    month the heading itself gives, the prose agreeing), ``year`` (the heading's year, no
    sentence dating the act), ``conflict`` (the sentences, the heading's date element and
    its text do not all agree), or ``none`` (nothing gives a date)."""
    date: str
    """The date to count from: the sentence's, else the heading's; for a conflict the date
    every competing one falls in, if any ("" when none does, and for ``none``)."""
    quote: str
    """The sentence that gives the date ("" when none does)."""
    competing: tuple[tuple[str, str], ...] = ()
    """With ``conflict``: every date the act's sentences give, with its sentence, then the
    heading's, each with where it stands."""
    approximate: bool = False
    """The sentence gives the date as "on or about" it: the record marks it ``~``."""


def _contains(wide: str, narrow: str) -> bool:
    return narrow.startswith(wide)


def _segments(sentence: str) -> list[tuple[Stated, str]]:
    """Each date of the sentence with the words that speak of it: those between the date
    before it (or the sentence's start) and it ("… were established on May 21, 1827"), or,
    for a date that opens the sentence ("On March 3, 1960, …"), those up to the next date."""
    matches = _spans(sentence)
    spans = [(m.start(), m.end()) for m in matches]
    segments: list[tuple[Stated, str]] = []
    for index, match in enumerate(matches):
        stated = _stated(sentence, match)
        start = spans[index - 1][1] if index else 0
        start = max(start, sentence.rfind(";", 0, spans[index][0]) + 1)  # a clause of its own
        words = sentence[start : spans[index][0]]
        if len(words.strip(" ,;:(")) < 4 or re.fullmatch(r"\W*(?:on|in)\s*", words, re.I):
            end = spans[index + 1][0] if index + 1 < len(spans) else len(sentence)
            words = sentence[spans[index][1] : end]
        segments.append((stated, words))
    return segments


def _spans(sentence: str) -> list[re.Match[str]]:
    """The matches :func:`dates_in` keeps, in order (the same rules, kept as matches)."""
    taken: list[re.Match[str]] = []
    for pattern in _DATES:
        for match in pattern.finditer(sentence):
            if any(t.start() < match.end() and match.start() < t.end() for t in taken):
                continue
            month = _MONTHS[match["month"].lower()]
            day = int(match["day"]) if "day" in pattern.groupindex else 0
            if day and not 1 <= day <= days_in_month(int(match["year"]), month):
                continue
            taken.append(match)
    return sorted(taken, key=lambda m: m.start())


def decide(
    kind: str,
    heading: tuple[tuple[str, str], ...],
    span: tuple[int, int] | None,
    paragraphs: list[str],
    headline: str = "",
) -> Decision:
    """The date of an entry of this kind, from the dates its heading gives (EDTF, each with
    where it stands: its text's and its date element's, which can disagree), the span of
    years it covers when it is a period ("1959-1960"), and its paragraphs. ``headline`` is
    the date the heading's text gives: a conflict whose dates share no year keeps it, as
    the date a reader of the guide sees first."""
    stated: list[tuple[str, str]] = []
    about: set[str] = set()
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            if not states_act(sentence, kind):
                continue
            for found, words in _segments(sentence):
                if not found.bound and dates_the_act(words, kind):
                    stated.append((found.date, sentence))
                    if found.approximate:
                        about.add(found.date)
    given = list(dict.fromkeys(date for date, _ in heading))
    if not stated and len(given) <= 1:
        if given:
            return Decision("year" if len(given[0]) == 4 else "heading", given[0], "")
        return Decision("none", "", "")
    candidates = [date for date, _ in stated] + given
    best = max(candidates, key=len)
    agree = all(_contains(date, best) for date in candidates)
    if agree and span is not None:
        agree = span[0] <= int(best[:4]) <= span[1]
    if agree and stated and len(best) == len(max((d for d, _ in stated), key=len)):
        quote = next(sentence for date, sentence in stated if date == best)
        outcome = "day" if len(best) == 10 else "month"
        return Decision(outcome, best, quote, approximate=best in about)
    if agree:
        return Decision("heading", best, "")
    said = [(date, f'the sentence "{sentence}"') for date, sentence in stated]
    competing = tuple(dict.fromkeys(said + list(heading)))
    date = _common(given or [d for d, _ in stated]) or headline
    return Decision("conflict", date, "", competing)


def _common(dates: list[str]) -> str:
    """The most precise date that contains every one of ``dates`` ("" when their years differ)."""
    for size in (10, 7, 4):
        if len({date[:size] for date in dates}) == 1 and all(len(d) >= size for d in dates):
            return dates[0][:size]
    return ""
