"""Generate a realistic synthetic events collection for benchmarks.

    python bench/generate.py 100000 /tmp/events-100k

About 200 parties (Peru and 199 others), records grouped one file per
counterpart and decade (4,180 files at 100,000 records; with
--one-file-per-party, one file per counterpart as the bundled events are),
mixed precision (about 70 % days, 15 % months, 15 % years), some multi-day
events and 29 February dates, some inferred dates and doubtful records, roles,
one to three citations each of a registry of 1,000 sources, Unicode names; in
schema 2 (docs/records.md). Deterministic: the same N gives the same files.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import defaultdict
from pathlib import Path

KINDS = [
    "relations-established",
    "treaty-signed",
    "agreement-signed",
    "state-visit",
    "official-visit",
    "ministerial-visit",
    "ministerial-meeting",
    "consultations",
    "joint-declaration",
    "embassy-opened",
    "embassy-closed",
    "partnership",
    "status-granted",
]
PLACES = ["Lima", "Hà Nội", "Seoul", "Ciudad de México", "Brasília", "Zürich", "Kraków"]
PEOPLE = ["Lương Cường", "Dina Boluarte", "Eda Rivas", "Yun Byung-se", "José Müller"]


def generate(count: int, root: Path, seed: int = 1824, by_decade: bool = True) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    codes = [f"P{n:03d}" for n in range(1, 200)]
    with (root / "parties.yaml").open("w", encoding="utf-8") as out:
        out.write("- code: PER\n  name: Peru\n")
        for code in codes:
            out.write(
                f"- code: {code}\n  name: State number {code[1:]}\n  aliases: [Ëtat {code[1:]}]\n"
            )
    (root / "collection.yaml").write_text("schema: 2\n", encoding="utf-8")
    with (root / "sources.yaml").open("w", encoding="utf-8") as out:
        for number in range(1000):
            out.write(
                f"- id: doc-{number}\n  publisher: Publisher {number % 37}\n"
                f"  title: Document {number}\n  date: {1900 + number % 125}\n  language: en\n"
            )
    files: dict[Path, list[str]] = defaultdict(list)
    for n in range(count):
        party = rng.choice(codes)
        year = rng.randint(1824, 2025)
        roll = rng.random()
        if roll < 0.15:
            date = f"{year}"
        elif roll < 0.30:
            date = f"{year}-{rng.randint(1, 12):02d}"
        elif roll < 0.31 and year % 4 == 0 and (year % 100 or year % 400 == 0):
            date = f"{year}-02-29"
        else:
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 25):02d}"
        inferred = rng.random() < 0.05
        lines = [f"- id: {party.lower()}-{n}", f"  date: {date}{'?' if inferred else ''}"]
        if len(date) == 10 and rng.random() < 0.1 and not date.endswith("02-29"):
            lines.append(f"  end: {date[:8]}{int(date[8:]) + rng.randint(1, 3):02d}")
        if inferred:
            lines.append("  date_note: the year comes from an anniversary the source mentions")
        lines += _body(rng, n, party)
        decade = year // 10 * 10
        name = f"{decade}s.yaml" if by_decade else "all.yaml"
        files[root / party.lower() / name].append("\n".join(lines))
    past = time.time() - 3600  # an hour old, as a collection is; fresher files are never cached
    for path, records in files.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(records) + "\n", encoding="utf-8")
        os.utime(path, (past, past))
    for name in ("parties.yaml", "sources.yaml", "collection.yaml"):
        os.utime(root / name, (past, past))


def _body(rng: random.Random, n: int, party: str) -> list[str]:
    """A record's fields after its dates: title, summary, kind, parties, roles, doubt,
    and one to three citations of the source registry."""
    lines: list[str] = []
    kind = rng.choice(KINDS)
    lines += [
        f"  title: the {rng.choice(KINDS).replace('-', ' ')} of Peru and {party} number {n}",
        "  summary: >-",
        f"    A synthetic event number {n} between Peru and {party}, with some words",
        "    about what happened, who took part and where it took place.",
        f"  kind: {kind}",
        f"  parties: [PER, {party}]",
        f"  places: [{rng.choice(PLACES)}]",
        f"  people: [{rng.choice(PEOPLE)}]",
    ]
    if kind.endswith("visit"):
        lines.append(f"  roles: {{visiting: {party}, host: PER}}")
    elif kind.startswith("embassy"):
        lines.append(f"  roles: {{sending: {party}, receiving: PER}}")
    if rng.random() < 0.02:
        lines += ["  certainty: doubtful", "  certainty_note: only one late source says so"]
    lines.append("  sources:")
    for cited in rng.sample(range(1000), rng.randint(1, 3)):
        lines += [f"    - id: doc-{cited}", f"      locator: paragraph {n % 9 + 1}"]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--one-file-per-party",
        action="store_true",
        help="one file per counterpart (as the bundled events are) instead of one per decade too",
    )
    args = parser.parse_args()
    generate(args.count, args.folder, by_decade=not args.one_file_per_party)


if __name__ == "__main__":
    main()
