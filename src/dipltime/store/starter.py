"""The files of a new collection (``dipltime init``): the header, a party registry, a source
registry and one record to copy from.

The example is a real record of the bundled collection, cut to its essentials: the
establishment of Peru–Viet Nam diplomatic relations on 14 November 1994, with the
Vietnamese news report that gives the date and the words it gives it in. Nothing in a
new collection states a fact its source does not.
"""

from __future__ import annotations

FILES = {
    "collection.yaml": """\
# This folder is a dipltime collection written in schema 2 (see dipltime's docs/records.md).
schema: 2
""",
    "parties.yaml": """\
# The party registry: every code used in `parties:` of a record. States use ISO 3166-1
# alpha-3 codes, organisations their acronym; `aliases` are other names a reader may
# type (`--party Vietnam`).

- code: PER
  name: Peru
  names: {es: el Perú}
  aliases: [Perú, Republic of Peru]

- code: VNM
  name: Viet Nam
  names: {es: Viet Nam}
  aliases: [Vietnam, Việt Nam]
""",
    "sources.yaml": """\
# The source registry: one entry per document the records cite, by its `id`.

- id: vns-per-vnm-joint-declaration-report
  publisher: VNS
  language: en
  notes: >-
    A news report datelined "LIMA" and signed "— VNS", without a title or a date,
    on the Vietnamese State President's official visit to Peru in November 2024.
""",
    "vnm.yaml": """\
# Peru – Viet Nam. One record to copy from: `dipltime new` adds more, `dipltime fmt`
# keeps them in one form, and `dipltime validate` checks them.

- id: vnm-1994-11-14-relations
  date: 1994-11-14
  title: the establishment of Peru–Viet Nam diplomatic relations
  summary: Peru and Viet Nam established diplomatic relations.
  kind: relations-established
  parties: [PER, VNM]
  sources:
    - id: vns-per-vnm-joint-declaration-report
      locator: fourth paragraph
      quote: "which coincides with the 30th anniversary of the establishment of bilateral diplomatic relations (November 14, 1994 - 2024)."
""",
}
"""Each file of a new collection, by name, in the order they are written."""
