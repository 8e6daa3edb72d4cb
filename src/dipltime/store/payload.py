"""A record as the cache stores it, and back: ``marshal`` payloads, each after a checksum
of its record's id and its bytes; and the sealed blobs of the cache's registry values."""

from __future__ import annotations

import datetime as dt
import marshal
import zlib
from typing import Any

from dipltime.domain.dates import DateSpec, PartialDate
from dipltime.domain.kinds import CERTAINTIES, Kind
from dipltime.domain.model import Ending, Event, OtherDate, Party, Source

_KINDS = {kind.value: kind for kind in Kind}
_CERTAINTIES = {c: c for c in CERTAINTIES}


def encode(event: Event) -> bytes:
    """An event as ``marshal`` stores it: its fields in order, as plain tuples and text
    (``path`` left empty: it depends on the working folder of the command that reads it),
    after a checksum of its record's id and those bytes (see :func:`decode`)."""
    fields: list[Any] = list(event)
    fields[_DATE] = tuple(event.date)
    fields[_KIND] = event.kind.value
    fields[_SOURCES] = tuple(tuple(source) for source in event.sources)
    fields[_END] = tuple(event.end) if event.end else None
    fields[_UNTIL] = tuple(event.until) if event.until else None
    fields[_OTHERS] = tuple(
        (
            tuple(o.date.date),
            o.date.mark,
            o.date.bound,
            tuple(o.date.until) if o.date.until else None,
            tuple(o.end) if o.end else None,
            tuple(o.source),
            o.note,
        )
        for o in event.other_dates
    )
    fields[_ENDED] = tuple(
        (
            tuple(e.date), e.by, e.kind.value, tuple(e.resumed) if e.resumed else None,
            e.resumed_by, e.bound, tuple(e.until) if e.until else None,
        )
        for e in event.ended
    )  # fmt: skip
    fields[_REVISED] = event.revised.toordinal() if event.revised else 0
    fields[_PATH] = ""
    data = marshal.dumps(tuple(fields))
    return zlib.crc32(data, zlib.crc32(event.id.encode())).to_bytes(4, "big") + data


_new = tuple.__new__
_FIELDS = len(Event._fields)
_DATE, _KIND, _SOURCES, _END, _UNTIL, _CERTAINTY, _OTHERS, _ENDED, _REVISED, _PATH = (
    Event._fields.index(name)
    for name in (
        "date", "kind", "sources", "end", "until", "certainty", "other_dates", "ended", "revised",
        "path",
    )
)  # fmt: skip


def _date(value: Any) -> PartialDate | None:
    return _new(PartialDate, value) if value else None


def _ending(value: Any) -> Ending:
    date, by, kind, resumed, resumed_by, bound, until = value
    return _new(
        Ending,
        (
            _new(PartialDate, date),
            by,
            _KINDS[kind],
            _date(resumed),
            resumed_by,
            bound,
            _date(until),
        ),
    )


def _other(value: Any) -> OtherDate:
    date, mark, bound, until, end, source, note = value
    spec = _new(DateSpec, (_new(PartialDate, date), mark, bound, _date(until)))
    return _new(OtherDate, (spec, _date(end), _new(Source, source), note))


def decode(payload: bytes, path: str, record: str) -> Event:
    """The event of a payload stored for ``record``. The named tuples are made with
    ``tuple.__new__`` (the payload has their shapes): a lookup at 100,000 records decodes
    thousands of them. The checksum (computed in C) proves the bytes are the ones written
    for this very record: a damaged page, flipped bytes or another row's payload raise
    ``ValueError`` instead of answering wrongly."""
    data = payload[4:]
    if zlib.crc32(data, zlib.crc32(record.encode())).to_bytes(4, "big") != payload[:4]:
        raise ValueError(f"the payload of {record} is not the one written for it")
    fields = list(marshal.loads(data))
    if len(fields) != _FIELDS:
        raise ValueError(f"a payload of {len(fields)} fields, not {_FIELDS}")
    fields[_DATE] = _new(PartialDate, fields[_DATE])
    fields[_KIND] = _KINDS[fields[_KIND]]
    fields[_SOURCES] = tuple([_new(Source, source) for source in fields[_SOURCES]])
    if fields[_END]:
        fields[_END] = _new(PartialDate, fields[_END])
    if fields[_UNTIL]:
        fields[_UNTIL] = _new(PartialDate, fields[_UNTIL])
    fields[_CERTAINTY] = _CERTAINTIES[fields[_CERTAINTY]]
    if fields[_OTHERS]:
        fields[_OTHERS] = tuple([_other(other) for other in fields[_OTHERS]])
    if fields[_ENDED]:
        fields[_ENDED] = tuple([_ending(ending) for ending in fields[_ENDED]])
    fields[_REVISED] = dt.date.fromordinal(fields[_REVISED]) if fields[_REVISED] else None
    fields[_PATH] = path
    return _new(Event, fields)


def seal(data: bytes) -> bytes:
    """``data`` after its checksum (what :func:`unseal` checks)."""
    return zlib.crc32(data).to_bytes(4, "big") + data


def unseal(blob: bytes) -> bytes:
    """The data of a :func:`seal` blob; ``ValueError`` when it is not what was written."""
    if not isinstance(blob, bytes) or zlib.crc32(blob[4:]).to_bytes(4, "big") != blob[:4]:
        raise ValueError("a value of the cache is not the one written")
    return blob[4:]


def is_party(party: Party) -> bool:
    """A registry entry of the shape the loader makes (text, and a tuple of text aliases)."""
    texts = (party.code, party.name, party.type, party.existed, party.note)
    return (
        all(type(text) is str for text in texts)
        and type(party.since) is int
        and type(party.until) is int
        and all(type(many) is tuple for many in (party.aliases, party.sources, party.names))
        and all(type(text) is str for text in (*party.aliases, *party.sources))
        and all(type(pair) is tuple and len(pair) == 2 for pair in party.names)
        and all(type(text) is str for pair in party.names for text in pair)
    )
