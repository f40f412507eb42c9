"""Fixtures of the harness tests: harness processes started as the Swift worker starts them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness_client import Harness


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    """One harness for a whole test module: its tests also show that jobs do not leak."""
    h = Harness(tmp_path_factory.mktemp("worker"))
    yield h
    h.close()


@pytest.fixture
def fresh_harness(tmp_path: Path) -> Iterator[Harness]:
    """A harness of the test's own."""
    h = Harness(tmp_path / "worker")
    yield h
    h.close()
