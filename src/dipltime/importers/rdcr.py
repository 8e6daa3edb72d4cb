"""The rdcr guide ("A Guide to the United States' History of Recognition, Diplomatic, and
Consular Relations, by Country, since 1776"): one TEI article per country or former
state, each timeline entry a heading with a year and paragraphs of prose.

Each act a heading names (:mod:`~dipltime.importers.acts`) becomes a record dated as
:func:`~dipltime.importers.prose.decide` finds: the day a sentence gives for the act,
else the heading's year; where the heading's date element, its text and the sentences
disagree, the heading's year is kept, every other date is listed in ``other_dates`` with
where it stands, and the record is never a milestone until a person decides.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from dipltime.domain.kinds import KINDS, Kind
from dipltime.i18n import N_
from dipltime.importers.acts import Act, classify
from dipltime.importers.countries import USA, Countries, Country
from dipltime.importers.drafts import Draft, Skipped, clip, english_date, slug_of
from dipltime.importers.prose import Decision, dates_in, decide
from dipltime.importers.xmlfile import local, read_xml, text_of

URL = "https://history.state.gov/countries"
"""Where the guide is read (its README's link)."""
_TEI = "{http://www.tei-c.org/ns/1.0}"
_YEAR_AT_END = re.compile(r"(?:^|[\s,])([0-9]{4})\s*\.?\s*$")
_SPAN_AT_END = re.compile(r"([0-9]{4})\s*(?:[-–]|\buntil\b|\bto\b)\s*([0-9]{2,4})\s*[.,]?[^0-9]*$")
_YEAR_AT_START = re.compile(r"^([0-9]{4})\b")
_TREATIES = ("treaty-signed", "agreement-signed")
_US = re.compile(r"United States|U\.S\.|\bAmerican?\b|Washington")
_TREATY_NOUN = re.compile(
    r"(?:the\s+)?(?:Treaty|Convention|Agreement|Declaration|Arrangement|Protocol|Compact"
    r"|Additional Article|Extradition|Consular)\b"
)
_TRAILING_DAY = re.compile(r",?\s+(?:of\s+)?[A-Z][a-z]+\.?\s+[0-9]{1,2}\s*$")
_TRAILING_DATE = re.compile(r",?\s*[0-9]{4}(?:\s*[-–&]\s*[0-9]{2,4})*\.?\s*$")


def read_article(path: str, display: str, document: str, countries: Countries) -> Any:
    """The article's source entry, its drafts and what it skipped: ``(source, drafts,
    skipped)``; ``document`` is its path inside the checkout (``rdcr/articles/peru.xml``)."""
    root = read_xml(path, display)
    slug = document.rsplit("/", 1)[-1].removesuffix(".xml")
    country = countries.by_slug(slug)
    source_id = f"hsg-rdcr-{slug_of(document)}"
    source = _source(root, source_id, document)
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    taken: set[str] = set()
    for section, entry in _timeline(root):
        _entry(entry, section, slug, country, countries, source_id, drafts, skipped, taken)
    return source, drafts, skipped


def _source(root: Element, source_id: str, document: str) -> dict[str, Any]:
    title = short = published = written = ""
    for element in root.iter():
        name = local(element.tag)
        if name == "title" and element.get("type") == "complete":
            title = text_of(element)
        elif name == "title" and element.get("type") == "short":
            short = text_of(element)
        elif name == "publicationStmt":
            published = text_of(element)
        elif name == "sourceDesc":
            written = text_of(element)
    year = _YEAR_AT_END.search(published)
    entry: dict[str, Any] = {"id": source_id, "publisher": "Department of State"}
    entry["title"] = title or short or None
    entry["date"] = year[1] if year else None
    entry.update({"language": "en", "url": URL, "licence": "CC0-1.0", "document": document})
    notes = f"{document} of the Office of the Historian's rdcr dataset"
    entry["notes"] = notes + (f'; its source description says "{written}".' if written else ".")
    return {key: value for key, value in entry.items() if value}


def _timeline(root: Element) -> list[tuple[str, Element]]:
    """Every timeline entry, with the heading of the section it stands in."""
    found: list[tuple[str, Element]] = []

    def walk(element: Element, section: str) -> None:
        for child in element:
            if local(child.tag) != "div":
                continue
            if child.get("type") == "timeline":
                found.append((section, child))
                continue
            head = child.find(_TEI + "head")
            walk(child, text_of(head) if head is not None else section)

    body = root.find(f"{_TEI}text/{_TEI}body")
    walk(body if body is not None else root, "")
    return found


def _heading_dates(head: Element, text: str) -> tuple[tuple[tuple[str, str], ...], Any]:
    """The dates the heading gives, each with where it stands, and its span of years."""
    dates: list[tuple[str, str]] = []
    span = None
    quoted = f'the heading "{text}"'
    for element in head.iter(_TEI + "date"):
        when = element.get("when", "")
        if _is_date(when):
            dates.append((when, f'the date element of the heading (when="{when}")'))
        first, last = element.get("from", "")[:4], element.get("to", "")[:4]
        if first.isdigit() and last.isdigit() and int(first) <= int(last):
            span = (int(first), int(last))
    ranged = _SPAN_AT_END.search(text)
    if ranged:
        last = ranged[2] if len(ranged[2]) == 4 else ranged[1][: 4 - len(ranged[2])] + ranged[2]
        span = (int(ranged[1]), int(last)) if int(last) >= int(ranged[1]) else None
    else:
        full = [m for m in dates_in(text) if not m.bound]
        stated = re.search(r"[0-9]{4}\s*\.?\s*$", text)
        if full and stated and full[-1].date.startswith(stated[0].strip(" .")):
            dates.insert(0, (full[-1].date, quoted))
        elif year := _YEAR_AT_END.search(text) or _YEAR_AT_START.search(text):  # "1854 Compact."
            dates.insert(0, (year[1], quoted))
    if span:
        dates = [(d, w) for d, w in dates if not (len(d) == 4 and span[0] <= int(d) <= span[1])]
    return tuple(dates), span


def _is_date(text: str) -> bool:
    """Whether ``text`` is a year, a month or a day of the calendar (1–9998)."""
    from dipltime.domain.dates import parse_partial_date

    if not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}){0,2}", text):
        return False
    try:
        return parse_partial_date(text).year >= 1
    except ValueError:
        return False


def _entry(
    entry: Element,
    section: str,
    slug: str,
    country: Country | None,
    countries: Countries,
    source_id: str,
    drafts: list[Draft],
    skipped: list[Skipped],
    taken: set[str],
) -> None:
    head = entry.find(_TEI + "head")
    heading = text_of(head)
    if head is None or not heading:
        skipped.append(Skipped("rdcr", slug, f"{section}: an entry", N_("it has no heading")))
        return
    if country is None:
        skipped.append(Skipped("rdcr", slug, heading, N_("the country is not in dipltime's table")))
        return
    acts = classify(_TRAILING_DATE.sub("", heading).strip())
    if not acts:
        skipped.append(Skipped("rdcr", slug, heading, N_("it names no act of dipltime's kinds")))
        return
    dates, span = _heading_dates(head, heading)
    paragraphs = [text_of(p) for p in entry.iter(_TEI + "p")]
    if any(a.kind in _TREATIES for a in acts) and not _US.search(" ".join([heading, *paragraphs])):
        reason = N_("a treaty whose heading and text never name the United States")
        skipped.append(Skipped("rdcr", slug, heading, reason))
        acts = [a for a in acts if a.kind not in _TREATIES]
    named = countries.named_in(heading, exclude=country)
    party = named or country
    for act in acts:
        headline = dates[0][0] if dates and dates[0][1].startswith("the heading ") else ""
        decision = decide(act.kind, dates, span, paragraphs, headline)
        if not decision.date:
            reason = (
                N_("its dates disagree and share no year")
                if decision.outcome == "conflict"
                else N_("neither its heading nor its text dates the act")
            )
            skipped.append(Skipped("rdcr", slug, heading, f"{act.kind}: {reason}"))
            continue
        record = _record(act, decision, heading, section, party, entry, source_id, taken, slug)
        drafts.append(Draft(party.slug, "rdcr", decision.outcome, record))


def _record(
    act: Act,
    decision: Decision,
    heading: str,
    section: str,
    party: Country,
    entry: Element,
    source_id: str,
    taken: set[str],
    article: str,
) -> dict[str, Any]:
    base = f"hsg-{article}-{decision.date[:4]}-{act.kind}"  # articles have unique slugs
    record_id, number = base, 1
    while record_id in taken:
        number += 1
        record_id = f"{base}-{number}"
    taken.add(record_id)
    locator = clip(f'{section}, "{heading}"' if section else f'"{heading}"')
    record: dict[str, Any] = {"id": record_id, "date": decision.date}
    if decision.approximate:
        record["date"] = decision.date + "~"
        record["date_note"] = (
            'The guide gives the day as approximate ("on or about" it): the record is '
            "never a milestone."
        )
    if decision.outcome == "conflict":
        record["other_dates"] = [
            {
                "date": date,
                "source": source_id,
                "locator": locator,
                "note": clip(where, 1000),
            }
            for date, where in decision.competing
            if date != decision.date
        ]
    if act.kind in _TREATIES and _TREATY_NOUN.match(act.clause):
        name = _TRAILING_DAY.sub("", act.clause.rstrip(" ,.;:")).removeprefix("the ")
        record["title"] = clip("the " + name)
    record["summary"] = _summary(decision, heading)
    record["kind"] = act.kind
    record["parties"] = sorted({party.code, USA})
    roles = _roles(act, party.code)
    if roles:
        record["roles"] = roles
    people = _people(entry, decision.quote)
    if people:
        record["people"] = people
    places = [text_of(p) for p in entry.iter(_TEI + "placeName") if text_of(p) in act.clause]
    if places:
        record["places"] = list(dict.fromkeys(places))
    if decision.outcome == "conflict" and KINDS[Kind(act.kind)].celebrated:
        record["celebrated"] = False
        record["celebration_note"] = (
            "the Office of the Historian's guide gives dates for it that disagree"
        )
    citation: dict[str, Any] = {"id": source_id, "locator": locator}
    quote = decision.quote or (heading if decision.outcome == "heading" else "")
    if quote:
        citation["quote"] = clip(quote)
    record["sources"] = [citation]
    return record


def _summary(decision: Decision, heading: str) -> str:
    said = f'The Office of the Historian\'s guide lists this act under the heading "{heading.rstrip(".")}"'
    if decision.outcome in ("day", "month"):
        about = "about " if decision.approximate else ""
        return f"{said}; a sentence of its text dates it to {about}{english_date(decision.date)}."
    if decision.outcome == "heading":
        return f"{said}, which dates it to {english_date(decision.date)}."
    if decision.outcome == "year":
        return f"{said}; no sentence of its text gives the act's day, so the year is the heading's."
    others = ", ".join(english_date(d) for d, _ in decision.competing if d != decision.date)
    return (
        f"{said}. Its heading and its text give dates that disagree ({others}): the record "
        f"keeps {english_date(decision.date)} and lists each of the others with where it "
        "stands, for a person to decide."
    )


def _roles(act: Act, code: str) -> dict[str, str]:
    if act.kind == "recognition" and act.recognizer in ("us", "them"):
        us = act.recognizer == "us"
        return {"recognizing": USA if us else code, "recognized": code if us else USA}
    if act.sender in ("us", "them"):
        us = act.sender == "us"
        return {"sending": USA if us else code, "receiving": code if us else USA}
    return {}


def _people(entry: Element, quote: str) -> list[str]:
    """The people the quoted sentence names (as the text marks them)."""
    if not quote:
        return []
    names = []
    for element in entry.iter():
        if local(element.tag) == "persName" or (
            local(element.tag) == "ref" and "/people/" in element.get("target", "")
        ):
            name = text_of(element)
            if name and name in quote:
                names.append(name)
    return list(dict.fromkeys(names))
