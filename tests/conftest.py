"""Shared fixtures: a small valid catalog to break, and the real catalog loaded once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.load import DEFAULT_ROOT, load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A copy of tests/fixtures/mini at ./catalog in a temporary working directory."""
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini", root)
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture(scope="session")
def catalog():
    loaded, problems = load(DEFAULT_ROOT)
    assert problems == [], "\n".join(map(str, problems))
    return loaded
