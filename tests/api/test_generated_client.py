"""A client generated from the document (openapi-python-client) reads the demo council into
typed models: named functions per operation, every field typed, nothing left over untyped."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest
from flask import Flask

from tests.api.conftest import bearer

BIN = Path(sys.executable).parent
PACKAGE = "staff_voice_client"
UNTYPED = ("Any", "Unset", "object")


@pytest.fixture(scope="module")
def generated(demo_sqlite: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("generated")
    document = demo_sqlite.test_client().get("/api/v1/openapi.json").get_json()
    (folder / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            "openapi.json",
            "--meta",
            "none",
            "--output-path",
            PACKAGE,
            "--fail-on-warning",
        ],
        cwd=folder,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def models_in(value: Any) -> Iterator[Any]:
    """Every generated model inside a parsed answer, depth first."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from models_in(getattr(value, field.name))
    elif isinstance(value, list):
        for item in value:
            yield from models_in(item)


def test_every_generated_model_has_the_documented_fields_typed(
    generated: ModuleType, demo_sqlite: Flask
) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    schemas = (
        demo_sqlite.test_client().get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    )
    checked = 0
    for name in models.__all__:
        model = getattr(models, name)
        if not attrs.has(model):
            continue  # an enum
        fields = {f.name: str(f.type) for f in attrs.fields(model)}
        assert fields.pop("additional_properties") == "dict[str, Any]"
        assert set(fields) == set(schemas[name]["properties"]), name
        untyped = {f: t for f, t in fields.items() if any(word in t for word in UNTYPED)}
        assert untyped == {}, name
        checked += 1
    assert checked >= 20


def test_the_generated_client_reads_the_demo_council(
    generated: ModuleType, demo_sqlite: Flask
) -> None:
    def operation(tag: str, name: str) -> Any:
        return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")

    models = importlib.import_module(f"{PACKAGE}.models")
    client = generated.AuthenticatedClient(
        base_url="http://127.0.0.1:5000/api/v1",
        token=bearer(demo_sqlite)["Authorization"].removeprefix("Bearer "),
        httpx_args={"transport": httpx.WSGITransport(app=demo_sqlite)},
        raise_on_unexpected_status=True,
    )
    waves = operation("waves", "list_waves").sync(client=client)
    assert isinstance(waves, models.WaveList) and len(waves.waves) == 6
    wave = waves.waves[0]
    assert wave.state is models.WaveState.CLOSED and wave.opens_on.year == 2026
    units = operation("units", "list_units").sync(wave.id, client=client)
    assert isinstance(units, models.UnitList)
    top = next(u for u in units.units if u.id == wave.top_unit_id)
    assert top.parent_id is None and top.total_headcount == 359
    answers: list[Any] = [waves, units]
    results = operation("results", "get_unit_results")
    published = results.sync(wave.id, top.id, client=client)
    assert isinstance(published, models.PublishedUnitResults)
    assert all(isinstance(t, models.PublishedTheme) for t in published.themes)
    assert isinstance(published.themes[0].score.band, models.Band)
    suppressed = [results.sync(wave.id, u.id, client=client) for u in units.units]
    hidden = [r for r in suppressed if isinstance(r, models.SuppressedUnitResults)]
    assert hidden and all(isinstance(r.reason_code, models.Reason) for r in hidden)
    trends = operation("trends", "get_unit_trends").sync(wave.id, top.id, client=client)
    assert isinstance(trends, models.UnitTrends)
    points = trends.themes[0].points
    assert [p.wave_id for p in points] == [w.id for w in reversed(waves.waves)]
    assert all(isinstance(p, models.PublishedPoint) for p in points)
    cells = operation("cells", "list_unit_cells").sync(wave.id, top.id, client=client)
    assert isinstance(cells, models.CellPage) and cells.next_page == 2
    answers += [published, *suppressed, trends, cells]
    parsed = [model for answer in answers for model in models_in(answer)]
    assert len(parsed) > 500
    assert [m for m in parsed if m.additional_properties] == []
