"""Fixtures shared by the tests (the helpers themselves live in ``helpers.py``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers import PARTIES_YAML


@pytest.fixture
def collection_dir(tmp_path: Path):
    """A factory: ``collection_dir(records_yaml)`` writes a small collection and returns its folder."""

    def build(
        records: str | None = None, name: str = "records.yaml", parties: str = PARTIES_YAML
    ) -> Path:
        folder = tmp_path / "events"
        folder.mkdir(exist_ok=True)
        (folder / "parties.yaml").write_text(parties, encoding="utf-8")
        if records is not None:
            (folder / name).write_text(textwrap.dedent(records), encoding="utf-8")
        return folder

    return build
