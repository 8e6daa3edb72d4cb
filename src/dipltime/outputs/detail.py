"""``dipltime show``: every field of one record, its sources and how its date was
obtained, in the chosen language. Text from the data passes through
:func:`dipltime.domain.text.neutralise`."""

from __future__ import annotations

from collections.abc import Mapping

from dipltime.domain.core import Occurrence, ended_as, ending_date, not_celebrated
from dipltime.domain.dates import MARKS
from dipltime.domain.kinds import KINDS, ROLE_NAMES
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import NOT_STATED, Event, Party, Source
from dipltime.domain.text import neutralise
from dipltime.i18n import N_
from dipltime.outputs.render import Style, title


def event_detail(
    event: Event,
    parties: Mapping[str, Party],
    anniversary: Occurrence,
    style: Style,
    width: int = 100,
    lang: Language = ENGLISH,
) -> str:
    """Every field of one record, the sources and how the date was obtained, wrapped to ``width``."""
    import textwrap  # only `show` wraps

    _ = lang._
    out = [style.bold(lang.standalone(neutralise(title(event, parties, lang)))), ""]
    labels = row_labels(lang)
    indent = max([12, *(len(label) + 1 for label in labels.values())]) + 3

    def row(label: str, value: str) -> None:
        if value:
            out.append(
                textwrap.fill(
                    value,
                    width,
                    initial_indent=f"  {labels.get(label, label):<{indent - 3}} ",
                    subsequent_indent=" " * indent,
                )
            )

    def paragraph(text: str, lead: str = "") -> None:
        out.extend(
            [
                "",
                textwrap.fill(
                    lead + neutralise(text), width, initial_indent="  ", subsequent_indent="  "
                ),
            ]
        )

    row("id", event.id)
    written = event.spec.edtf()
    extra = _("; written {edtf}").format(edtf=written) if written != event.date.iso() else ""
    row("date", f"{lang.describe(event.spec, event.end)}  ({_precision(event, lang)}{extra})")
    basis = lang._(MARKS.get(event.mark, _STATED)) if not event.bound else _("a span of time")
    row("date basis", basis if not event.date_note else f"{basis}: {neutralise(event.date_note)}")
    for label, value in knowledge_rows(event, parties, lang):
        row(label, neutralise(value))
    row("places", neutralise("; ".join(event.places)))
    row("people", neutralise("; ".join(event.people)))
    row("tags", ", ".join(event.tags))
    if anniversary.anniversary is not None:
        line = _anniversary_line(event, anniversary, lang)
        about = _("c. {anniversary}") if event.approximate else "{anniversary}"
        row("anniversary", neutralise(about.format(anniversary=line)))
    # TRANSLATORS: before a summary or notes that stay in the language they were written in.
    marker = _("[in English] ") if not lang.is_source else ""
    paragraph(event.summary, marker)
    if event.notes:
        paragraph(event.notes, _("Notes: ") + marker)
    out += ["", "  " + _("Sources:")]
    for number, src in enumerate(event.sources, 1):
        text = source_text(src, lang)
        out.append(
            textwrap.fill(
                neutralise(text),
                width,
                initial_indent=f"    {number}. ",
                subsequent_indent="       ",
            )
        )
    recorded = _("recorded in {place}").format(place=f"{event.path}:{event.line}")
    out.append(f"\n  {style.dim(recorded)}")
    return "\n".join(out)


_STATED = N_("stated")


def row_labels(lang: Language) -> dict[str, str]:
    """The row labels of ``show``, in the language (English: the keys themselves)."""
    if lang.is_source:
        return {}
    _ = lang._
    # TRANSLATORS: the labels of the rows of `dipltime show` (short: they make a column).
    return {
        "id": _("id"), "date": _("date"), "date basis": _("date basis"),
        "other date": _("other date"), "kind": _("kind"), "parties": _("parties"),
        "certainty": _("certainty"), "celebrated": _("celebrated"), "lifecycle": _("lifecycle"),
        "ends": _("ends"), "resumes": _("resumes"), "places": _("places"), "people": _("people"),
        "tags": _("tags"), "anniversary": _("anniversary"),
        **{role: lang.role(role) for role in ROLE_NAMES},
    }  # fmt: skip


def _anniversary_line(event: Event, anniversary: Occurrence, lang: Language) -> str:
    """ "30th in 2024, on Thu 14 Nov 2024 ★ milestone (…)" and why a round one is no milestone."""
    _ = lang._
    assert anniversary.anniversary is not None
    # TRANSLATORS: in `show`: "30th in 2024" (the 30th anniversary falls in 2024).
    line = _("{ordinal} in {year}").format(
        ordinal=lang.ordinal(anniversary.anniversary), year=anniversary.year
    )
    if anniversary.observed:
        line += _(", on {day}").format(day=lang.day_in_sentence(anniversary.observed))
    if anniversary.milestone:
        jubilee = lang.jubilee(anniversary.jubilee)
        line += " ★ " + _("milestone") + (f" ({jubilee})" if jubilee else "")
    elif KINDS[event.kind].celebrated and not_celebrated(event, anniversary.year):
        why = not_celebrated(event, anniversary.year, lang)
        line += " " + _("(never a milestone: {why})").format(why=why)
    return line


def knowledge_rows(
    event: Event, parties: Mapping[str, Party], lang: Language = ENGLISH
) -> list[tuple[str, str]]:
    """What ``show`` says beyond the date: other dates, kind, parties and their roles,
    doubt, celebration and the act's lifecycle."""
    _ = lang._

    def name(code: str) -> str:
        return lang.party(parties.get(code), code)

    rows = []
    for other in event.other_dates:
        inferred = _(" (inferred)") if other.date.mark in ("?", "%") else ""
        said = _("{date}{inferred} according to {source}").format(
            date=lang.describe(other.date, other.end),
            inferred=inferred,
            source=_source_name(other.source),
        )
        said += f" ({other.source.locator})" if other.source.locator else ""
        rows.append(("other date", said + (f"; {other.note}" if other.note else "")))
    label = lang.kind(KINDS[event.kind].label)
    value = event.kind.value
    rows.append(("kind", label if label == value else f"{label} ({value})"))
    rows.append(("parties", ", ".join(f"{name(c)} ({c})" for c in event.parties)))
    rows.extend((role, ", ".join(name(c) for c in codes)) for role, codes in event.roles)
    if event.certainty != "certain":
        rows.append(("certainty", f"{lang.certainty(event.certainty)}: {event.certainty_note}"))
    if event.celebrated is False:
        rows.append(("celebrated", _("no: {why}").format(why=event.celebration_note)))
    if event.ended:
        rows.append(("lifecycle", _lifecycle(event, lang)))
    if event.ends:
        rows.append(("ends", event.ends))
    if event.resumes:
        counts = {
            "original": lang.p_("counts-from", "original"),
            "resumption": lang.p_("counts-from", "resumption"),
        }.get(event.counts_from, event.counts_from)
        rows.append(
            (
                "resumes",
                _("{id} (the count starts from the {counts_from})").format(
                    id=event.resumes, counts_from=counts
                ),
            )
        )
    return rows


def _precision(event: Event, lang: Language) -> str:
    _ = lang._
    if event.bound:
        return _("no date of its own: a span of time")
    precision = {"year": _("year precision"), "month": _("month precision")}
    return precision.get(event.date.precision.value) or _("day precision")


def _source_name(source: Source) -> str:
    return source.id or f"{source.publisher}, {source.title}"


def source_text(src: Source, lang: Language = ENGLISH) -> str:
    """One citation: the source as the registry describes it, then where the fact stands."""
    _ = lang._
    text = _("{publisher}; title: {title}; published: {date}").format(
        publisher=lang.stated(src.publisher),
        title=lang.stated(src.title),
        date=_published(src.date, lang),
    )
    if src.language:
        language = _LANGUAGES.get(src.language.split("-")[0])
        language = lang._(language) if language else src.language
        text += (
            _("; in {language}, a translation") if src.translation else _("; in {language}")
        ).format(language=language)
    if src.id:
        text = f"[{src.id}] " + text
    where = [x for x in (src.document, src.url, src.licence, src.locator) if x]
    if where:
        text += " — " + ", ".join(where)
    if src.quote:
        text += f' — "{src.quote}"'
    return text


_LANGUAGES = {
    "en": N_("English"), "es": N_("Spanish"), "fr": N_("French"), "pt": N_("Portuguese"),
    "de": N_("German"), "vi": N_("Vietnamese"), "ko": N_("Korean"), "zh": N_("Chinese"),
    "ja": N_("Japanese"), "ar": N_("Arabic"),
}  # fmt: skip
"""The names of the languages sources are most often in; others are shown by their tag."""


def _published(date: str, lang: Language = ENGLISH) -> str:
    """A source's date as read: ``2024-11-11``, ``2017 (inferred)``, ``not stated``."""
    if date == NOT_STATED:
        return lang.stated(date)
    if date and date[-1] in MARKS:
        return f"{date[:-1]} ({lang._(MARKS[date[-1]])})"
    return date


def _lifecycle(event: Event, lang: Language = ENGLISH) -> str:
    """Every break in an act's life: "broken off in 1990 (id); resumed in 1995 (id),
    counted from the original; broken off in 2000 (id)"."""
    _ = lang._
    parts = []
    for ending in event.ended:
        text = f"{ended_as(ending, lang)} {ending_date(ending, lang)} ({ending.by})"
        if ending.resumed is not None:
            text += _("; resumed in {year} ({id}), counted from the original").format(
                year=ending.resumed.year, id=ending.resumed_by
            )
        parts.append(text)
    return "; ".join(parts)
