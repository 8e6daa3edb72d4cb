"""The pieces of the web chronology's pages: the page itself, a record as an article, a
date as ``<time>``, and text from the data made safe for HTML.

Every string from a record goes through :func:`text` (control characters made visible,
then HTML-escaped) and, where it stands in a sentence, inside ``<bdi>``, so that a
title in a right-to-left script cannot reorder what follows it. Nothing here loads
anything from another host: the style sheet and the optional search script are files
of the site.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dipltime.domain.dates import DateSpec
from dipltime.domain.language import Language
from dipltime.domain.model import Event, Party
from dipltime.domain.text import neutralise
from dipltime.outputs.detail import knowledge_rows, row_labels, source_text
from dipltime.outputs.render import title


def text(value: str) -> str:
    """``value`` from the data, safe anywhere in HTML (text or a quoted attribute)."""
    return html.escape(neutralise(value), quote=True)


def bdi(value: str) -> str:
    return f"<bdi>{text(value)}</bdi>"


def time_tag(spec: DateSpec, end: object, shown: str) -> str:
    """The date as written, in a ``<time>`` a machine can read when it is one date (a day,
    a month or a year); a span it lies in ("between 1840 and 1844") stays text."""
    if spec.bound or end is not None:
        return f"<span class='date'>{text(shown)}</span>"
    return f"<time datetime='{spec.date.iso()}'>{text(shown)}</time>"


class Link(NamedTuple):
    """A page of the site: where it is (from the site's root) and what it is called."""

    path: str
    label: str


def page(
    *,
    lang: Language,
    heading: str,
    body: str,
    path: str,
    nav: Iterable[Link],
    other: Link | None = None,
    search: bool = False,
    footer: str = "",
) -> bytes:
    """A whole page at ``path`` (from the site's root): links are made relative to it, so
    that the site works from a folder as from a web server."""
    up = "../" * path.count("/")
    links = " · ".join(
        f"<a href='{up}{link.path}'"
        + (" aria-current='page'" if link.path == path else "")
        + f">{text(link.label)}</a>"
        for link in nav
    )
    switch = ""
    if other is not None:
        switch = (
            f"<p class='switch'><a href='{up}{other.path}' hreflang='{other.label}' "
            f"lang='{other.label}'>{text(_LANGUAGE_NAMES[other.label])}</a></p>"
        )
    script = f"<script src='{up}search.js' defer></script>" if search else ""
    skip, site = text(lang._("Skip to the content")), text(lang._("Site"))
    return (
        "<!DOCTYPE html>\n"
        f"<html lang='{lang.code}'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{text(heading)}</title>\n"
        f"<link rel='stylesheet' href='{up}site.css'>\n{script}\n</head>\n<body>\n"
        f"<a class='skip' href='#main'>{skip}</a>\n"
        f"<header>\n<nav aria-label='{site}'>{links}</nav>\n{switch}\n</header>\n"
        f"<main id='main'>\n<h1>{text(heading)}</h1>\n{body}\n</main>\n"
        f"<footer>{footer}</footer>\n</body>\n</html>\n"
    ).encode()


_LANGUAGE_NAMES = {"en": "English", "es": "Español"}
"""Each language named in itself, for the switch between them."""


def anchor(record: str) -> str:
    """The id of a record's place on a page: prefixed, so that no record's id (``main``)
    can be one of the page's own."""
    return text(f"r-{record}")


def article(
    event: Event, parties: Mapping[str, Party], lang: Language, level: int = 3, extra: str = ""
) -> str:
    """A record as an ``<article>``: its date as written, title, kind, parties and roles,
    places, people, what is doubtful, and its sources with their links."""
    _ = lang._
    labels = row_labels(lang)
    shown = lang.describe(event.spec, event.end)
    named = lang.standalone(title(event, parties, lang))
    rows = [(label, value) for label, value in knowledge_rows(event, parties, lang)]
    if event.inferred:
        rows.insert(0, ("date basis", _("date inferred") + f": {event.date_note}"))
    rows += [("places", "; ".join(event.places)), ("people", "; ".join(event.people))]
    facts = "".join(
        f"<dt>{text(labels.get(label, label))}</dt><dd>{bdi(value)}</dd>"
        for label, value in rows
        if value
    )
    sources = "".join(_source(source, lang) for source in event.sources)
    written = "" if lang.is_source else " lang='en'"  # a summary stays in English
    said_sources = text(_("Sources:"))
    search = text(" ".join([named, *event.people, *event.places, event.id]).casefold())
    return (
        f"<li class='event' id='{anchor(event.id)}' data-search='{search}'>"
        f"<article aria-labelledby='t-{text(event.id)}'>"
        f"<h{level} id='t-{text(event.id)}'>{time_tag(event.spec, event.end, shown)} "
        f"<span class='title'>{bdi(named)}</span></h{level}>{extra}"
        f"<dl>{facts}</dl>"
        f"<p class='summary'{written}>{bdi(event.summary)}</p>"
        f"<h{level + 1} class='sources'>{said_sources}</h{level + 1}>"
        f"<ul class='sources'>{sources}</ul></article></li>\n"
    )


def _source(source: object, lang: Language) -> str:
    said = source_text(source, lang)  # type: ignore[arg-type]
    url = getattr(source, "url", "")
    if url and url.startswith(("https://", "http://")):
        return f"<li>{bdi(said)} <a href='{text(url)}'>{text(url)}</a></li>"
    return f"<li>{bdi(said)}</li>"


STYLE = """\
:root { color-scheme: light dark; --ink: #1b1f24; --paper: #ffffff; --muted: #5b6470;
  --line: #d0d7de; --accent: #0b5cad; --star: #a15c00; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6e8eb; --paper: #111418;
  --muted: #a4adb8; --line: #394049; --accent: #7cb8ff; --star: #f0b35a; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 0 1rem 2rem; font: 1rem/1.5 system-ui,
  sans-serif; color: var(--ink); background: var(--paper); }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; }
header { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem;
  border-bottom: 1px solid var(--line); padding: .75rem 0; }
h1 { font-size: 1.6rem; line-height: 1.25; }
ol.chronology, ul.days { list-style: none; padding: 0; }
ul.calendar { list-style: none; padding: 0; display: grid; gap: .25rem;
  grid-template-columns: repeat(auto-fill, minmax(4.5rem, 1fr)); }
li.event { border-top: 1px solid var(--line); padding: .5rem 0; }
li.event h3, li.event h4 { margin: .25rem 0; font-size: 1.05rem; }
time, .date { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: .5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; margin: .25rem 0; }
dt { color: var(--muted); } dd { margin: 0; }
h4.sources, h5.sources { font-size: .9rem; margin: .5rem 0 0; color: var(--muted); }
ul.sources { font-size: .9rem; margin: .25rem 0; padding-left: 1.25rem; overflow-wrap: anywhere; }
.milestone { color: var(--star); font-weight: 600; }
.timeline { overflow-x: auto; border: 1px solid var(--line); margin: 1rem 0; }
.timeline svg { display: block; min-width: 48rem; width: 100%; height: auto; }
input[type=search] { font: inherit; padding: .25rem .5rem; width: min(100%, 24rem); }
@media print { header nav, .switch, input[type=search] { display: none; }
  .timeline { overflow: visible; border: 0; } .timeline svg { min-width: 0; } }
"""
"""The site's one style sheet: light and dark as the reader's system is, readable printed."""

SEARCH = """\
// Filters the records of a page as one types. The page works without it.
(function () {
  var box = document.querySelector(".search");
  if (!box) { return; }
  box.hidden = false;
  var input = box.querySelector("input");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  var status = document.getElementById("search-status");
  input.addEventListener("input", function () {
    var words = input.value.toLocaleLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var hay = item.getAttribute("data-search");
      var keep = words.every(function (w) { return hay.indexOf(w) >= 0; });
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    if (status) { status.textContent = shown + " / " + items.length; }
  });
})();
"""
"""Search over titles and people, as progressive enhancement (the box is hidden without it)."""


def search_box(lang: Language) -> str:
    """The search box, hidden until the script shows it."""
    label = text(lang._("Search titles, people and places"))
    return (
        f"<p class='search' hidden><label>{label} <input type='search'></label> "
        "<span id='search-status' aria-live='polite'></span></p>"
    )
