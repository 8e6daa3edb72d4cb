"""Fixtures shared by the tests (the helpers themselves live in ``helpers.py``)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers import PARTIES_YAML

# The tests speak English unless one asks for another language: the locale of the machine
# they run on (LANG=es_PE.UTF-8) must not change what the commands they start answer.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "DIPLTIME_LANG"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

# Property-based tests: deterministic in CI (derandomized, a fixed number of
# examples, no deadline on a busy 2-core machine); random elsewhere.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=200,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.register_profile("long", deadline=None, max_examples=5000)
settings.load_profile(
    os.environ.get("DIPLTIME_HYPOTHESIS") or ("ci" if os.environ.get("CI") == "true" else "dev")
)


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
