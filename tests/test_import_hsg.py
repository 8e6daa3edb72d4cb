"""`dipltime import hsg`, through the real command, on the vendored subset of the Office of
the Historian's datasets (tests/fixtures/hsg) and, where it is beside the project, on
the whole of them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from dipltime.importers import folder as import_folder
from dipltime.store.loading import load_collection
from helpers import FIXTURES, ROOT, run_cli

DATASETS = FIXTURES / "hsg"
SHARED = ROOT.parent / "shared" / "data" / "historyatstate"


def records(path: Path) -> dict[str, dict[str, object]]:
    items = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    return {item.get("id") or item.get("code"): item for item in items}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("import") / "hsg"
    result = run_cli("import", "hsg", str(DATASETS), str(target))
    assert result.code == 0, result.err
    return target


def test_the_import_is_a_valid_collection_one_file_per_counterpart(imported: Path):
    collection = load_collection(imported)
    assert len(collection.events) == 61
    names = {p.name for p in imported.iterdir()}
    assert {"collection.yaml", "parties.yaml", "sources.yaml", "peru.yaml"} <= names
    assert "samoa.yaml" in names and "somoa.yaml" not in names  # the dataset's typo, mapped


def test_a_day_comes_from_the_sentence_that_states_the_act(imported: Path):
    peru = records(imported / "peru.yaml")
    recognition = peru["hsg-peru-1826-recognition"]
    assert recognition["date"] == "1826-05-02"
    assert recognition["roles"] == {"recognizing": "USA", "recognized": "PER"}
    assert recognition["people"] == ["James Cooley"]
    citation = recognition["sources"][0]
    assert citation["id"] == "hsg-rdcr-peru"
    assert citation["quote"].endswith("as Charge d’Affaires on May 2, 1826.")
    legation = peru["hsg-peru-1827-legation-opened"]
    assert legation["roles"] == {"sending": "USA", "receiving": "PER"}
    assert legation["places"] == ["Lima"]


def test_a_year_without_a_sentence_dating_the_act_stays_a_year(imported: Path):
    peruvian = records(imported / "peru.yaml")["hsg-peru-1846-legation-opened"]
    assert peruvian["date"] == "1846"
    assert peruvian["roles"] == {"sending": "PER", "receiving": "USA"}
    assert "quote" not in peruvian["sources"][0]


def test_a_conflict_keeps_every_date_and_is_never_a_milestone(imported: Path):
    record = records(imported / "peru-bolivian-confederation.yaml")["hsg-peru-1838-recognition"]
    assert record["date"] == "1838"
    assert [o["date"] for o in record["other_dates"]] == ["1837-03-16"]
    assert "on March 16, 1837" in record["other_dates"][0]["note"]
    assert record["celebrated"] == "false"
    eritrea = records(imported / "eritrea.yaml")["hsg-eritrea-1993-recognition"]
    assert [o["date"] for o in eritrea["other_dates"]] == ["1993-04-27", "1933"]
    parties = records(imported / "parties.yaml")
    assert parties["PERUBOLIVIA"]["since"] == "1836" and parties["PERUBOLIVIA"]["until"] == "1839"
    assert parties["PERUBOLIVIA"]["sources"] == ["hsg-rdcr-peru"]


def test_a_conflict_is_not_a_milestone_in_the_anniversaries(imported: Path):
    result = run_cli("--events", str(imported), "anniversaries", "2038", "--milestones", "--json")
    assert result.code == 0, result.err
    assert "hsg-peru-1838-recognition" not in result.out


def test_visits_and_trips_take_their_kind_from_the_datasets_words(imported: Path):
    peru = records(imported / "peru.yaml")
    state = peru["hsg-visit-2443"]
    assert (state["kind"], state["date"], state["end"]) == (
        "state-visit",
        "1961-09-19",
        "1961-09-22",
    )
    assert state["roles"] == {"visiting": "PER", "host": "USA"}
    assert state["people"] == ["Prado"]  # the office stays in the summary
    assert "by President Prado (Peru)" in state["summary"]
    assert peru["hsg-visit-1108"]["kind"] == "conference-attended"
    guest = peru["hsg-visit-2197"]
    assert guest["kind"] == "working-visit" and "claims least" in guest["notes"]
    trip = peru["hsg-trip-2396"]
    assert trip["roles"] == {"visiting": "USA", "host": "PER"}
    assert trip["places"] == ["Lima"]
    assert trip["sources"][0] == {
        "id": "hsg-travels-bush-george-w",
        "locator": "trip 2396",
        "quote": "Met with the Presidents of Peru, Colombia, and Bolivia, and with the Vice "
        "President of Ecuador.",
    }
    assert peru["hsg-trip-1289"]["kind"] == "ministerial-visit"


def test_a_trip_across_three_countries_is_a_visit_to_each(imported: Path):
    legs = {
        name: [r["date"] for r in records(imported / name).values() if r["id"] in TRIP]
        for name in ("mexico.yaml", "peru.yaml", "el-salvador.yaml")
    }
    assert legs == {
        "mexico.yaml": ["2002-03-21"],
        "peru.yaml": ["2002-03-23"],
        "el-salvador.yaml": ["2002-03-24"],
    }


TRIP = {"hsg-trip-2395", "hsg-trip-2396", "hsg-trip-2397"}


def test_records_filed_under_another_partys_slug_go_to_their_party(imported: Path):
    assert "hsg-visit-2959" in records(imported / "korea-south.yaml")
    assert "hsg-trip-459" in records(imported / "soviet-union.yaml")  # "U.S.S.R."
    parties = records(imported / "parties.yaml")
    assert parties["PYF"]["type"] == "territory"
    assert parties["USA"]["names"] == {"es": "los Estados Unidos de América"}


def test_every_source_names_its_dataset_file_commit_and_licence(imported: Path):
    sources = records(imported / "sources.yaml")
    peru = sources["hsg-rdcr-peru"]
    assert peru["document"] == "rdcr/articles/peru.xml"
    assert peru["licence"] == "CC0-1.0"
    assert "commit f3c53549557dd8cf5d9d85096140ed58208f91c6" in peru["notes"]
    assert sources["hsg-visits-1960"]["url"] == "http://history.state.gov/departmenthistory/visits"


def test_the_report_counts_what_was_imported_and_why_not(tmp_path: Path):
    result = run_cli("import", "hsg", str(DATASETS), str(tmp_path / "a"), "--json")
    report = json.loads(result.out)
    assert report["records"]["visits"] == {
        "conference-attended": 3,
        "ministerial-meeting": 1,
        "official-visit": 1,
        "state-visit": 1,
        "working-visit": 4,
    }
    assert report["rdcr_dates"] == {"conflict": 7, "day": 24, "heading": 1, "month": 1, "year": 10}
    assert {s["reason"] for s in report["not_imported"]} >= {"it names no act of dipltime's kinds"}
    ids = [c["id"] for c in report["conflicts"]]
    assert "hsg-peru-1838-recognition" in ids


def test_importing_again_is_idempotent_and_two_imports_are_byte_identical(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_cli("import", "hsg", str(DATASETS), str(first)).code == 0
    assert run_cli("import", "hsg", str(DATASETS), str(second)).code == 0
    assert files_of(first) == files_of(second)
    before = files_of(first)
    again = run_cli("import", "hsg", str(DATASETS), str(first))
    assert again.code == 0
    assert "wrote 0 files, 22 unchanged, 0 removed" in again.out
    assert files_of(first) == before


def test_an_upstream_change_is_imported_and_a_vanished_country_removed(tmp_path: Path):
    datasets, target = tmp_path / "data", tmp_path / "events"
    shutil.copytree(DATASETS, datasets)
    assert run_cli("import", "hsg", str(datasets), str(target)).code == 0
    visits = datasets / "visits" / "data" / "1960.xml"
    visits.write_text(visits.read_text("utf-8").replace("1961-09-22", "1961-09-23"), "utf-8")
    (datasets / "rdcr" / "articles" / "genoa.xml").unlink()
    result = run_cli("import", "hsg", str(datasets), str(target))
    assert result.code == 0, result.err
    assert records(target / "peru.yaml")["hsg-visit-2443"]["end"] == "1961-09-23"
    assert not (target / "genoa.yaml").exists()
    assert not (target / "italy.yaml").exists()  # Genoa's article recorded Italy's recognition
    assert "2 removed" in result.out


def test_a_file_a_person_edited_is_never_replaced(tmp_path: Path):
    datasets, target = tmp_path / "data", tmp_path / "events"
    shutil.copytree(DATASETS, datasets)
    assert run_cli("import", "hsg", str(datasets), str(target)).code == 0
    peru = target / "peru.yaml"
    edited = peru.read_text("utf-8").replace("President Prado", "President Manuel Prado")
    peru.write_text(edited, "utf-8")
    visits = datasets / "visits" / "data" / "1960.xml"
    visits.write_text(visits.read_text("utf-8").replace("1961-09-22", "1961-09-23"), "utf-8")
    (datasets / "rdcr" / "articles" / "genoa.xml").unlink()
    (target / "genoa.yaml").write_text(
        (target / "genoa.yaml").read_text("utf-8") + "\n# a note of mine\n", "utf-8"
    )
    result = run_cli("import", "hsg", str(datasets), str(target))
    assert result.code == 0, result.err
    assert peru.read_text("utf-8") == edited
    assert (target / "genoa.yaml").exists()  # edited: not removed either
    assert "kept peru.yaml as it is (edited by hand)" in result.out
    assert import_folder.owner(peru.read_bytes(), "hsg", "peru.yaml") == "edited"


def test_a_folder_the_import_did_not_write_is_refused_untouched(tmp_path: Path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.yaml").write_text("- my: own\n", "utf-8")
    result = run_cli("import", "hsg", str(DATASETS), str(mine))
    assert result.code == 2
    assert "is not a folder an import wrote (notes.yaml)" in " ".join(result.err.split())
    assert [p.name for p in mine.iterdir()] == ["notes.yaml"]


def test_party_limits_the_import_to_one_counterpart(tmp_path: Path):
    target = tmp_path / "peru"
    result = run_cli("import", "hsg", str(DATASETS), str(target), "--party", "PER")
    assert result.code == 0, result.err
    assert sorted(p.name for p in target.iterdir()) == [
        "collection.yaml",
        "parties.yaml",
        "peru.yaml",
        "sources.yaml",
    ]
    assert set(records(target / "parties.yaml")) == {"PER", "USA"}
    by_name = run_cli("import", "hsg", str(DATASETS), str(tmp_path / "b"), "--party", "peru")
    assert by_name.code == 0
    unknown = run_cli("import", "hsg", str(DATASETS), str(tmp_path / "c"), "--party", "Narnia")
    assert unknown.code == 2
    assert "'Narnia' is not a country" in unknown.err
    assert not (tmp_path / "c").exists()


def test_a_party_import_into_a_full_one_keeps_the_registries_whole(tmp_path: Path):
    target = tmp_path / "events"
    assert run_cli("import", "hsg", str(DATASETS), str(target)).code == 0
    before = files_of(target)
    result = run_cli("import", "hsg", str(DATASETS), str(target), "--party", "PER")
    assert result.code == 0, result.err
    assert files_of(target) == before


def test_dry_run_writes_nothing(tmp_path: Path):
    result = run_cli("import", "hsg", str(DATASETS), str(tmp_path / "x"), "--dry-run")
    assert result.code == 0
    assert "would write 22 files" in result.out
    assert not (tmp_path / "x").exists()


def test_one_dataset_folder_imports_alone(tmp_path: Path):
    result = run_cli("import", "hsg", str(DATASETS / "visits"), str(tmp_path / "v"))
    assert result.code == 0, result.err
    assert result.out.startswith("read 6 files: visits 869ca4f")


@pytest.mark.parametrize(
    "where",
    ["", "no-such-folder"],
)
def test_a_path_without_datasets_is_a_usage_error(tmp_path: Path, where: str):
    path = tmp_path / where if where else tmp_path
    result = run_cli("import", "hsg", str(path), str(tmp_path / "out"))
    assert result.code == 2
    assert "Office of the Historian" in result.err or "is not a folder" in result.err
    assert not (tmp_path / "out").exists()


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        "<visits><visit><id>1</id><visitor>&lol2;</visitor></visit></visits>\n"
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE v [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<visits><visit><id>1</id><visitor>&x;</visitor></visit></visits>\n"
    ),
    "not well-formed": '<?xml version="1.0"?>\n<visits>\n  <visit><id>1</id>\n</visits>\n',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_or_broken_xml_is_refused_with_its_file_and_nothing_is_written(
    tmp_path: Path, name: str
):
    datasets = tmp_path / "data"
    shutil.copytree(DATASETS, datasets)
    bad = datasets / "visits" / "data" / "1990.xml"
    bad.write_text(HOSTILE[name], "utf-8")
    result = run_cli("import", "hsg", str(datasets), str(tmp_path / "out"))
    assert result.code == 1
    assert "1990.xml" in result.err
    assert "Traceback" not in result.err
    assert "root:" not in result.err  # nothing of /etc/passwd was read
    if name == "not well-formed":
        assert "1990.xml:4" in result.err  # the line the parser stopped at
    assert not (tmp_path / "out").exists()


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path, monkeypatch):
    from dipltime.importers import xmlfile

    monkeypatch.setattr(xmlfile, "MAX_BYTES", 1000)
    result = run_cli("import", "hsg", str(DATASETS / "rdcr"), str(tmp_path / "out"))
    assert result.code == 1
    assert "more than 1,000" in result.err


def test_an_import_cut_short_leaves_a_valid_collection(tmp_path: Path, monkeypatch):
    datasets, target = tmp_path / "data", tmp_path / "events"
    shutil.copytree(DATASETS, datasets)
    assert run_cli("import", "hsg", str(datasets), str(target)).code == 0
    (datasets / "rdcr" / "articles" / "genoa.xml").unlink()  # GENOA leaves the registries
    visits = datasets / "visits" / "data" / "1960.xml"  # and peru.yaml changes
    visits.write_text(visits.read_text("utf-8").replace("1961-09-22", "1961-09-23"), "utf-8")
    replaced: list[str] = []
    removed: list[str] = []
    limit = [0]
    real_replace, real_remove = os.replace, os.remove

    def replace(src: str, dst: str) -> None:
        replaced.append(os.path.basename(dst))
        if len(replaced) == limit[0]:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    def remove(path: str) -> None:
        removed.append(os.path.basename(path))
        if len(replaced) + len(removed) == limit[0]:
            raise OSError(5, "Input/output error")
        real_remove(path)

    monkeypatch.setattr(import_folder.os, "replace", replace)
    monkeypatch.setattr(import_folder.os, "remove", remove)
    for stop in range(1, 8):  # cut short at every step in turn
        limit[0] = stop
        replaced.clear()
        removed.clear()
        result = run_cli("import", "hsg", str(datasets), str(target))
        load_collection(target)  # every file whole, every party and source registered
        assert not [p for p in target.iterdir() if p.name.startswith(".")]
        if result.code == 0:
            break
        assert result.code == 1
        assert "cannot write the import" in result.err
    assert result.code == 0
    assert not (target / "genoa.yaml").exists()
    assert "GENOA" not in (target / "parties.yaml").read_text("utf-8")


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="the Office of the Historian's data is not beside the project"
)
def test_the_whole_corpus_imports_with_the_counts_the_closing_note_gives(tmp_path: Path):
    result = run_cli("import", "hsg", str(SHARED), str(tmp_path / "all"), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert {name: sum(kinds.values()) for name, kinds in report["records"].items()} == {
        "rdcr": 995,
        "visits": 3264,
        "travels": 4271,
    }
    assert report["rdcr_dates"] == {
        "conflict": 26,
        "day": 687,
        "heading": 4,
        "month": 4,
        "year": 274,
    }
    assert report["rdcr_merged"] == 20
    assert len(report["not_imported"]) == 312
    collection = load_collection(tmp_path / "all")
    assert len(collection.events) == 8530
    china = records(tmp_path / "all" / "china.yaml")["hsg-china-1844-relations-established"]
    assert china["date"] == "1844-06-16~"  # "on or about": never a milestone
    assert "on or about" in china["date_note"]


def test_a_new_folder_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch):
    real = os.replace

    def refuse_the_folder(src: str, dst: str) -> None:
        if os.path.basename(dst) == "new":
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(import_folder.os, "replace", refuse_the_folder)
    result = run_cli("import", "hsg", str(DATASETS), str(tmp_path / "new"))
    assert result.code == 1 and "cannot write the import" in result.err
    assert not (tmp_path / "new").exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


def test_a_folder_made_from_three_datasets_is_not_updated_from_one(tmp_path: Path):
    target = tmp_path / "events"
    assert run_cli("import", "hsg", str(DATASETS), str(target)).code == 0
    before = files_of(target)
    result = run_cli("import", "hsg", str(DATASETS / "visits"), str(target))
    assert result.code == 2
    assert "was imported from rdcr, visits, travels" in " ".join(result.err.split())
    assert files_of(target) == before


def test_an_entry_dipltime_cannot_read_is_reported_and_the_rest_imported(tmp_path: Path):
    datasets = tmp_path / "data"
    shutil.copytree(DATASETS, datasets)
    visits = datasets / "visits" / "data" / "1960.xml"
    text = visits.read_text("utf-8")
    visits.write_text(text.replace("1961-09-22", "1961-02-30", 1), "utf-8")
    article = datasets / "rdcr" / "articles" / "peru.xml"
    article.write_text(article.read_text("utf-8").replace('when="1920"', 'when="1920-13-45"'))
    result = run_cli("import", "hsg", str(datasets), str(tmp_path / "out"), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    left = {(s["where"], s["reason"]) for s in report["not_imported"]}
    assert ("visit 2443", "it lacks an id, a visitor or days of the calendar in order") in left
    assert "hsg-visit-2443" not in records(tmp_path / "out" / "peru.yaml")
    assert records(tmp_path / "out" / "peru.yaml")["hsg-peru-1920-legation-elevated"]


def test_an_unknown_encoding_is_bad_data_naming_the_file(tmp_path: Path):
    datasets = tmp_path / "data"
    shutil.copytree(DATASETS, datasets)
    bad = datasets / "visits" / "data" / "1990.xml"
    bad.write_bytes(b'<?xml version="1.0" encoding="x-no-such"?>\n<visits/>\n')
    result = run_cli("import", "hsg", str(datasets), str(tmp_path / "out"))
    assert result.code == 1 and "1990.xml" in result.err and "decoded" in result.err


def test_a_copy_of_an_imported_file_is_not_the_imports_and_never_removed(tmp_path: Path):
    target = tmp_path / "events"
    assert run_cli("import", "hsg", str(DATASETS), str(target)).code == 0
    shutil.copy(target / "peru.yaml", target / "peru.backup.yaml")
    (target / ".import-cafebabe.tmp").mkdir()  # a person's, without dipltime's mark
    result = run_cli("import", "hsg", str(DATASETS), str(target))
    assert result.code == 0, result.err
    assert (
        import_folder.owner((target / "peru.backup.yaml").read_bytes(), "hsg", "peru.backup.yaml")
        == "edited"
    )
    assert (target / "peru.backup.yaml").exists() and (target / ".import-cafebabe.tmp").exists()
    (target / "genoa.yaml").unlink()  # a change, so that the folder is written
    assert run_cli("import", "hsg", str(DATASETS), str(target)).code == 1  # two peru records
    assert (target / "peru.backup.yaml").exists() and (target / ".import-cafebabe.tmp").exists()


def test_one_import_at_a_time_writes_a_folder(tmp_path: Path):
    import fcntl

    target = tmp_path / "events"
    with open(tmp_path / f".events{import_folder.LOCK}", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_cli("import", "hsg", str(DATASETS), str(target))
    assert result.code == 2 and "another import is writing" in result.err
    assert not target.exists()


def test_a_dry_run_reports_what_it_would_do_and_checks_it(tmp_path: Path):
    report = json.loads(
        run_cli("import", "hsg", str(DATASETS), str(tmp_path / "x"), "--dry-run", "--json").out
    )
    assert report["dry_run"] is True and "peru.yaml" in report["written"]
    assert not (tmp_path / "x").exists()


def test_datasets_with_nothing_to_import_are_bad_data(tmp_path: Path):
    datasets = tmp_path / "data" / "visits"
    (datasets / "data").mkdir(parents=True)
    (datasets / "data" / "2020.xml").write_text(
        "<visits><visit><id>1</id><start-date>2020-01-01</start-date>"
        '<end-date>2020-01-01</end-date><visitor>X</visitor><from id="atlantis">Atlantis</from>'
        "<description>Working visit.</description></visit></visits>",
        "utf-8",
    )
    result = run_cli("import", "hsg", str(datasets), str(tmp_path / "out"))
    assert result.code == 1
    assert "1 entries not imported: the country is not in dipltime's table" in result.err
