"""`export site` and `export timelinejs` through the real commands: the pages, their
dates, escaping, determinism, and what the site's folder may hold."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from dipltime.outputs.site import DAYS
from helpers import EVENTS, run_cli


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "chronology"
    result = run_cli("export", "site", str(folder), "--both", "--year", "2024")
    assert result.code == 0, result.err
    return folder


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_site_has_an_index_partners_days_and_milestones_in_both_languages(site):
    for code in ("en", "es"):
        assert (site / code / "index.html").is_file()
        assert (site / code / "milestones.html").is_file()
        assert len(list((site / code / "days").glob("??-??.html"))) == 366 == len(DAYS)
        assert (site / code / "days" / "index.html").is_file()  # the year as a calendar
        assert (site / code / "partners" / "vnm.html").is_file()
    root = read(site / "index.html")
    assert "href='en/index.html'" in root and "href='es/index.html'" in root


def test_the_14_november_page_has_the_anniversary_of_relations_with_viet_nam(site):
    page = read(site / "en" / "days" / "11-14.html")
    assert "30th anniversary of the establishment of Peru–Viet Nam diplomatic relations" in page
    assert "partners/vnm.html#r-vnm-1994-11-14-relations" in page
    spanish = read(site / "es" / "days" / "11-14.html")
    assert "30.º aniversario del establecimiento de relaciones diplomáticas" in spanish
    assert "<html lang='es'>" in spanish


def test_dates_are_as_precise_as_the_record_and_machine_readable(site):
    usa = read(site / "en" / "partners" / "usa.html")
    assert "<time datetime='1826-05-02'>2 May 1826</time>" in usa
    chn = read(site / "en" / "partners" / "chn.html")
    assert re.search(r"<time datetime='1971'>", chn)  # a year is a year, not 1 January
    assert "datetime='1971-01-01'" not in chn


def test_every_page_links_only_inside_the_site(site):
    for page in site.rglob("*.html"):
        for target in re.findall(r"(?:href|src)='([^']+)'", read(page)):
            if target.startswith("#"):
                continue
            if target.startswith(("http://", "https://")):
                assert "<a href" in read(page)  # a source's own address, a link the reader follows
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.is_file(), f"{page.relative_to(site)} links to {target}"


def test_each_partner_page_draws_one_mark_per_record(site):
    page = read(site / "en" / "partners" / "usa.html")
    records = page.count("<li class='event'")
    assert records == 57
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert len(re.findall(r"class='event ", svg)) == records


def test_two_exports_are_byte_identical(tmp_path, site):
    again = tmp_path / "again"
    assert run_cli("export", "site", str(again), "--both", "--year", "2024").code == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


HOSTILE = """\
- id: per-vnm-hostile
  date: 2001-02-03
  title: "<script>alert('x')</script> \\"quoted\\" & سلام עברית"
  summary: "a <b>bold</b> claim & more"
  kind: consultations
  parties: [PER, VNM]
  people: ["O'Brien <img src=x onerror=alert(1)>"]
  sources: [hsg-rdcr-peru]
"""


def test_text_from_the_records_is_text_never_markup(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    for registry in ("collection.yaml", "parties.yaml", "sources.yaml"):
        shutil.copy(EVENTS / registry, folder / registry)
    (folder / "x.yaml").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "site"
    assert run_cli("--events", str(folder), "export", "site", str(out)).code == 0
    page = read(out / "partners" / "vnm.html")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>bold</b>" not in page and "<img src=x" not in page
    assert (
        "<bdi>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;quoted&quot; &amp; سلام"
        in page
    )


def test_the_folder_must_be_new_empty_or_a_site_dipltime_wrote(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    refused = run_cli("export", "site", str(mine))
    assert refused.code == 2 and "not a site dipltime wrote" in refused.err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    site = tmp_path / "site"
    assert run_cli("export", "site", str(site)).code == 0
    assert run_cli("export", "site", str(site)).code == 0  # again: its own
    (site / "milestones.html").write_text("edited by hand")
    again = run_cli("export", "site", str(site))
    assert again.code == 1 and "changed since dipltime wrote it" in again.err
    assert read(site / "milestones.html") == "edited by hand"


def test_a_page_the_site_no_longer_has_is_removed_only_if_unchanged(tmp_path):
    site = tmp_path / "site"
    assert run_cli("export", "site", str(site), "--both").code == 0
    assert run_cli("export", "site", str(site)).code == 0  # one language now
    assert not (site / "en").exists() or not any((site / "en").rglob("*.html"))
    assert (site / "index.html").is_file() and (site / "partners" / "vnm.html").is_file()


def test_timelinejs_dates_are_as_precise_as_the_record_with_a_display_date():
    result = run_cli("--lang", "es", "export", "timelinejs")
    assert result.code == 0
    document = json.loads(result.out)
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    relations = slides["vnm-1994-11-14-relations"]
    assert relations["start_date"] == {
        "year": "1994",
        "month": "11",
        "day": "14",
        "display_date": "14 de noviembre de 1994",
    }
    chn = slides["chn-1971-relations"]["start_date"]
    assert chn["year"] == "1971" and "month" not in chn and "day" not in chn
    assert all(slide["display_date"] for slide in document["events"])
    september = [s for s in document["events"] if "setiembre" in s["display_date"]]
    assert september and not any("septiembre" in s["display_date"] for s in document["events"])


def test_the_committed_site_is_exactly_what_the_manifest_produces():
    """Regenerate with: dipltime export manifest exports/manifest.toml"""
    from dipltime.domain.core import DEFAULT
    from dipltime.domain.language import ENGLISH
    from dipltime.outputs.exports import load_site
    from dipltime.outputs.site import site_files
    from dipltime.outputs.siterecords import Whole
    from dipltime.store.loading import load_collection
    from helpers import ROOT

    entry = load_site(ROOT / "exports" / "manifest.toml")
    assert entry is not None and entry.folder == (ROOT / "exports" / "site").resolve()
    collection = load_collection(EVENTS)
    records = Whole(collection.events, collection.parties)
    built = dict(site_files(records, ENGLISH, entry.year, DEFAULT, entry.both))
    on_disk = {
        str(p.relative_to(entry.folder)): p.read_bytes()
        for p in entry.folder.rglob("*")
        if p.is_file() and p.name != ".dipltime-site"
    }
    stale = sorted(
        name for name in set(built) | set(on_disk) if built.get(name) != on_disk.get(name)
    )
    assert not stale, f"{stale[:5]} stale: run `dipltime export manifest exports/manifest.toml`"


def test_the_cache_and_the_whole_collection_give_the_same_site(tmp_path):
    """The pages read from the cache's index a page at a time are byte for byte those
    made from the collection held whole (1,500 generated records: spans, 29 February,
    every precision, partners on several pages)."""
    import sys

    from dipltime.domain.core import DEFAULT
    from dipltime.domain.language import ENGLISH
    from dipltime.outputs import site as web
    from dipltime.outputs.siterecords import Indexed, Whole
    from dipltime.store.loading import open_events
    from helpers import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    folder = tmp_path / "events"
    generate(1500, folder)
    events = open_events(str(folder), str(tmp_path / "cache"))
    whole = events.collection()
    indexed = dict(web.site_files(Indexed(events), ENGLISH, 2026, DEFAULT))
    held = dict(web.site_files(Whole(whole.events, whole.parties), ENGLISH, 2026, DEFAULT))
    assert indexed.keys() == held.keys()
    assert [name for name in indexed if indexed[name] != held[name]] == []
    assert max(len(data) for data in indexed.values()) < 1_000_000


def test_the_site_is_written_in_memory_that_does_not_grow_with_the_records(tmp_path_factory):
    """Four times the records, and the peak of `export site` stays within a few MB."""
    from test_streaming import _collection, _peak_kib

    peaks = []
    for count in (2000, 8000):
        folder = _collection(tmp_path_factory, count)
        cache = folder.parent / "cache"
        _peak_kib(["--events", str(folder), "on", "11-14"], cache)  # the first run, apart
        out = folder.parent / f"site-{count}"
        peaks.append(_peak_kib(["--events", str(folder), "export", "site", str(out)], cache))
    assert peaks[1] - peaks[0] < 8 * 1024, peaks


def test_an_escape_sequence_or_a_control_character_is_shown_never_acted_on():
    from dipltime.outputs.htmlpage import text

    shown = text("red \x1b[31m<b>bold</b>\u202e\x00")
    assert "\x1b" not in shown and "\x00" not in shown and "\u202e" not in shown
    assert "&lt;b&gt;" in shown and "\\u001b" in shown


def _a_site(tmp_path: Path, *more: str) -> Path:
    folder = tmp_path / "site"
    assert run_cli("export", "site", str(folder), *more).code == 0
    return folder


def test_a_marker_naming_files_outside_the_site_is_refused_and_nothing_goes(tmp_path):
    import hashlib

    site = _a_site(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    digest = hashlib.sha256(b"mine").hexdigest()
    marker = json.loads(read(site / ".dipltime-site"))
    for name in ("../victim.txt", str(victim)):
        changed = {**marker, name: digest}
        (site / ".dipltime-site").write_text(json.dumps(changed), encoding="utf-8")
        result = run_cli("export", "site", str(site), "--both")
        assert result.code == 1 and "cannot be read" in result.err
        assert victim.read_text() == "mine"


def test_removing_never_follows_a_linked_folder_out_of_the_site(tmp_path):
    site = _a_site(tmp_path, "--both")
    outside = tmp_path / "outside"
    (site / "en").rename(outside)
    (site / "en").symlink_to(outside)
    before = sorted(p.name for p in outside.rglob("*"))
    run_cli("export", "site", str(site))  # one language: en/ is no longer the site's
    assert sorted(p.name for p in outside.rglob("*")) == before


def test_a_site_with_pages_over_64_kib_is_written_again_for_another_year(tmp_path):
    site = _a_site(tmp_path, "--both")
    assert (site / "en" / "partners" / "usa.html").stat().st_size > 65536
    again = run_cli("export", "site", str(site), "--both", "--year", "2027")
    assert again.code == 0, again.err
    assert "anniversaries in 2027" in read(site / "en" / "days" / "11-14.html")


def test_a_failed_export_leaves_a_marker_of_what_it_wrote(tmp_path, monkeypatch):
    import dipltime.outputs.site as web

    real = web.day_page

    def failing(site, month, day):  # type: ignore[no-untyped-def]
        if (month, day) == (6, 1):
            raise OSError(28, "No space left on device")
        return real(site, month, day)

    monkeypatch.setattr(web, "day_page", failing)
    folder = tmp_path / "site"
    assert run_cli("export", "site", str(folder)).code != 0
    written = json.loads(read(folder / ".dipltime-site"))
    assert "index.html" in written and "days/05-31.html" in written
    monkeypatch.setattr(web, "day_page", real)
    assert run_cli("export", "site", str(folder)).code == 0  # and it can go on


def test_a_record_on_a_partners_second_page_is_linked_there(tmp_path):
    folder = tmp_path / "events"
    shutil.copytree(EVENTS, folder)
    many = "".join(
        f"- id: per-vnm-extra-{n:03}\n  date: 1990-11-14\n  summary: s\n  kind: consultations\n"
        f"  parties: [PER, VNM]\n  sources: [hsg-rdcr-peru]\n\n"
        for n in range(600)
    )
    (folder / "extra.yaml").write_text(many, encoding="utf-8")
    site = tmp_path / "site"
    assert run_cli("--events", str(folder), "export", "site", str(site)).code == 0
    day = read(site / "days" / "11-14.html")
    assert "partners/vnm-2.html#r-vnm-1994-11-14-relations" in day
    assert "id='r-vnm-1994-11-14-relations'" in read(site / "partners" / "vnm-2.html")
    for page in site.rglob("*.html"):  # every link to a record finds it
        for target, fragment in re.findall(r"href='([^'#]+)#([^']+)'", read(page)):
            assert f"id='{fragment}'" in read((page.parent / target).resolve()), (page, target)


def test_timelinejs_never_replaces_a_file_that_is_not_one(tmp_path):
    record = tmp_path / "vnm.yaml"
    record.write_text("- id: x\n")
    result = run_cli("export", "timelinejs", "-o", str(record))
    assert result.code == 2 and record.read_text() == "- id: x\n"
    out = tmp_path / "t.json"
    assert run_cli("export", "timelinejs", "-o", str(out)).code == 0
    assert run_cli("export", "timelinejs", "-o", str(out)).code == 0  # its own
