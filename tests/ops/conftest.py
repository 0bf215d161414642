from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.postgres import Cluster


@pytest.fixture
def sqlite_demo_database(sqlite_demo_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "demo.sqlite3"
    shutil.copy(sqlite_demo_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def postgres_demo_database(postgres_cluster: Cluster, postgres_demo_template: str) -> str:
    return postgres_cluster.create_database(template=postgres_demo_template)
