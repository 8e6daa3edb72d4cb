"""The visits and travels datasets: foreign leaders' visits to the United States, and the
trips abroad of US presidents and secretaries of state, each a record with its days.

The kind comes from the dataset's own words (its description or remarks): "State visit"
is a state visit, "Official visit" an official one; "Attended", "Participated in",
"Addressed" or "Led the U.S. delegation at" a summit, conference, assembly or meeting
(or "… and attended" one) is attendance at a conference; "Met with President … at the
UN General Assembly" a meeting on a forum's sidelines. Where the words name no protocol level the record is a working visit (the
kind that claims least; never a milestone), and its notes say so; a secretary of state's
trip is a ministerial visit.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from dipltime.i18n import N_
from dipltime.importers.countries import USA, Countries
from dipltime.importers.drafts import Draft, Skipped, clip, english_date, slug_of
from dipltime.importers.prose import sentences
from dipltime.importers.xmlfile import read_xml, text_of

VISITS_URL = "http://history.state.gov/departmenthistory/visits"
TRAVELS_URL = "http://history.state.gov/departmenthistory/travels"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FORUM = re.compile(
    r"\b(?:summits?|conference|general assembly|assembly|meetings?|ministerial|session"
    r"|convention|congress|leaders(?:’|')? week|forum|g[-–]?(?:7|8|20)|apec|asean|caricom|oas"
    r"|nato|sica|cop-?[0-9]+)\b",
    re.IGNORECASE,
)
_ATTENDED = re.compile(r"(?:attended|participated in|addressed|led the u\.s\. delegation)\b", re.I)
_AND_ATTENDED = re.compile(r"\band (?:attended|participated in|addressed)\b", re.I)
"""A trip whose remarks say it "met with … and attended the APEC Summit Meetings"."""
_TITLES = re.compile(
    r"^(?:(?:President|President-elect|Vice President|Acting President|Interim President"
    r"|Prime Minister|Prime Minister-designate|Deputy Prime Minister|Premier|Chancellor"
    r"|Federal Chancellor|King|Queen|Emperor|Empress|Crown Prince|Prince|Princess|Grand Duke"
    r"|Grand Duchess|Sultan|Emir|Amir|Shah|Sheikh|Shaikh|Chairman|General|Generalissimo"
    r"|Marshal|Field Marshal|Governor General|Governor-General|Secretary General"
    r"|Secretary-General|Chief Minister|Chief Executive|State Counsellor|Pope|Archbishop"
    r"|Cardinal|Her Majesty|His Majesty|Dr\.|Mr\.|Mrs\.|Madame)\s+)+"
)
"""Offices before a visitor's name ("President-elect Alejandro Toledo"): the name is the
person; the office stays in the summary, in the dataset's words."""
_DEFAULT_NOTE = (
    "The dataset's words name no protocol level for this visit; it is recorded as a "
    "working visit, the kind that claims least."
)


def visit_kind(text: str) -> tuple[str, bool]:
    """The kind of a foreign leader's visit from its description, and whether the kind
    is the default (the description names none)."""
    low = text.lower().lstrip()
    first = _first_sentence(text).lower()
    if re.match(r"(?:official )?state visit", low):
        return "state-visit", False
    if re.match(r"offici?al visit", low):  # "Offical Visit." is one too
        return "official-visit", False
    if re.match(r"(?:official working|working|private|informal|unofficial) visit", low):
        return "working-visit", False
    if re.match(r"met with (?:president|the president)\b.*\b(?:at|during|while attending|on the "
                r"(?:margins|sidelines) of)\b", low) and _FORUM.search(low):  # fmt: skip
        return "ministerial-meeting", False
    if _FORUM.search(first) and (_ATTENDED.match(low) or re.search(r"\bsummit\.?$", first)):
        return "conference-attended", False
    if "private visit" in low or "working visit" in low:
        return "working-visit", False
    return "working-visit", True


def trip_kind(role: str, remarks: str) -> tuple[str, bool]:
    """The kind of a US president's or secretary's trip from its remarks."""
    low = remarks.lower().lstrip()
    if role == "president" and re.search(r"\bstate visit\b", low):
        return "state-visit", False  # "…; State visit.", "as part of a State Visit"
    for sentence in sentences(remarks):
        said = _ATTENDED.match(sentence.lower()) or _AND_ATTENDED.search(sentence)
        if said and _FORUM.search(sentence, said.end()):
            return "conference-attended", False
    if role == "secretary":
        return "ministerial-visit", False
    if low.startswith("official visit"):
        return "official-visit", False
    if re.match(r"(?:official working|working|private|informal|unofficial) visit", low):
        return "working-visit", False
    return "working-visit", True


def _first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else ""


def _days(element: Element) -> tuple[str, str] | None:
    """The start and end days, or None unless both are days of the calendar, in order."""
    import datetime as dt

    start = (element.findtext("start-date") or "").strip()
    end = (element.findtext("end-date") or "").strip() or start
    if not _DAY.fullmatch(start) or not _DAY.fullmatch(end) or end < start:
        return None
    try:
        dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return None
    return start, end


def _revised(element: Element) -> str | None:
    stamp = (element.findtext("last-modified-datetime") or "").strip()
    return stamp[:10] if _DAY.match(stamp[:10]) else None


def _span(start: str, end: str) -> str:
    """ "19 September 1961", "19–22 September 1961", "30 September to 2 October 1961"."""
    first, last = english_date(start), english_date(end)
    if start == end:
        return first
    if start[:7] == end[:7]:
        return f"{int(start[8:])}–{last}"
    if start[:4] == end[:4]:
        return f"{first.rsplit(' ', 1)[0]} to {last}"
    return f"{first} to {last}"


def source_entry(source_id: str, title: str, url: str, document: str, dataset: str) -> Any:
    """The source registry's entry for one file of the visits or travels dataset."""
    return {
        "id": source_id,
        "publisher": "Department of State",
        "title": title,
        "language": "en",
        "url": url,
        "licence": "CC0-1.0",
        "document": document,
        "notes": f"{document} of the Office of the Historian's {dataset} dataset.",
    }


def read_visits(path: str, display: str, document: str, countries: Countries) -> Any:
    """A file of the visits dataset: ``(source, drafts, skipped)``."""
    root = read_xml(path, display)
    source_id = f"hsg-visits-{slug_of(document)}"
    title = "Visits by Foreign Leaders and Heads of State"
    source = source_entry(source_id, title, VISITS_URL, document, "visits")
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    for visit in root.iter("visit"):
        number = (visit.findtext("id") or "").strip()
        origin = visit.find("from")
        slug = origin.get("id", "") if origin is not None else ""
        where = f"visit {number or '(no id)'}"
        country = countries.by_slug(slug, text_of(origin), f"visits:{number}")
        days = _days(visit)
        visitor = text_of(visit.find("visitor"))
        if not number.isdigit() or days is None or not visitor:
            skipped.append(
                Skipped(
                    "visits",
                    slug,
                    where,
                    N_("it lacks an id, a visitor or days of the calendar in order"),
                )
            )
            continue
        if country is None:
            skipped.append(
                Skipped("visits", slug, where, N_("the country is not in dipltime's table"))
            )
            continue
        description = text_of(visit.find("description"))
        kind, default = visit_kind(description)
        summary = (
            f"A visit to the United States by {visitor} ({country.name}), "
            f"{_span(*days)}, as the Office of the Historian's visits data records it."
        )
        person = _TITLES.sub("", visitor) or visitor
        record = _record(
            f"hsg-visit-{number}", days, summary, kind, (country.code, USA), person, []
        )
        cited = (source_id, where, description)
        drafts.append(_draft(country.slug, "visits", record, cited, default, visit))
    return source, drafts, skipped


def read_travels(path: str, display: str, document: str, countries: Countries) -> Any:
    """A file of the travels dataset (one traveller's trips): ``(source, drafts, skipped)``."""
    root = read_xml(path, display)
    source_id = f"hsg-travels-{slug_of(document)}"
    title = "Foreign Travels of the President and Secretary of State"
    source = source_entry(source_id, title, TRAVELS_URL, document, "travels")
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    for trip in root.iter("trip"):
        number = (trip.findtext("id") or "").strip()
        place = trip.find("country")
        slug = place.get("id", "") if place is not None else ""
        where = f"trip {number or '(no id)'}"
        country = countries.by_slug(slug, text_of(place), f"travels:{number}")
        days = _days(trip)
        name = text_of(trip.find("name"))
        role = (trip.get("role") or trip.findtext("role") or "").strip()
        if (
            not number.isdigit()
            or days is None
            or not name
            or role not in ("president", "secretary")
        ):
            skipped.append(
                Skipped(
                    "travels",
                    slug,
                    where,
                    N_("it lacks an id, a name, a role or days of the calendar in order"),
                )
            )
            continue
        if country is None:
            skipped.append(
                Skipped("travels", slug, where, N_("the country is not in dipltime's table"))
            )
            continue
        remarks = text_of(trip.find("remarks"))
        kind, default = trip_kind(role, remarks)
        office = "President" if role == "president" else "Secretary of State"
        if role == "president" and "president-elect" in remarks.lower():
            office = "President-elect"  # "[Visit made as President-elect.]"
        summary = (
            f"A trip to {_in_a_sentence(country.name)} by the US {office}, {name}, "
            f"{_span(*days)}, as the Office of the Historian's travels data records it."
        )
        locale = text_of(trip.find("locale"))
        places = list(dict.fromkeys(p.strip() for p in locale.split(",") if p.strip()))
        record = _record(
            f"hsg-trip-{number}", days, summary, kind, (USA, country.code), name, places
        )
        cited = (source_id, where, remarks)
        drafts.append(_draft(country.slug, "travels", record, cited, default, trip))
    return source, drafts, skipped


def _record(
    record_id: str,
    days: tuple[str, str],
    summary: str,
    kind: str,
    travel: tuple[str, str],
    person: str,
    places: list[str],
) -> dict[str, Any]:
    """A visit's or a trip's record; ``travel`` is (who travelled, who hosted)."""
    record: dict[str, Any] = {"id": record_id, "date": days[0]}
    if days[1] != days[0]:
        record["end"] = days[1]
    record["summary"] = summary
    record["kind"] = kind
    record["parties"] = sorted(set(travel))
    record["roles"] = _visit_roles(kind, *travel)
    record["people"] = [person]
    record["places"] = places
    return record


def _draft(
    counterpart: str,
    dataset: str,
    record: dict[str, Any],
    cited: tuple[str, str, str],
    default: bool,
    element: Element,
) -> Draft:
    """The draft of ``record``, citing ``cited`` (source id, locator, the dataset's words)."""
    source_id, where, words = cited
    citation: dict[str, Any] = {"id": source_id, "locator": where}
    if words:
        citation["quote"] = clip(words)
    record["sources"] = [citation]
    if default:
        record["notes"] = _DEFAULT_NOTE
    record["revised"] = _revised(element)
    return Draft(counterpart, dataset, "record", _clean(record))


def _in_a_sentence(name: str) -> str:
    from dipltime.domain.titles import in_a_sentence

    return in_a_sentence(name)


def _visit_roles(kind: str, visitor: str, host: str) -> dict[str, str]:
    if kind == "conference-attended":
        return {"attending": visitor, "host": host}
    if kind == "ministerial-meeting":
        return {"host": host}
    return {"visiting": visitor, "host": host}


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value not in (None, "", [], {})}
