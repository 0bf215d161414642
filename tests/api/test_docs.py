"""docs/API.md works as written: its pandas script runs against a live server holding the demo
council, its Power Query reads fields the document has, and its tables match the code."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from flask import Flask
from werkzeug.serving import make_server

from surveyapp.api.schemas.cells import PAGE_SIZE
from surveyapp.domain.disclosure import Reason
from tests.api.conftest import bearer

DOCS = Path(__file__).resolve().parents[2] / "docs" / "API.md"


def code_block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, language
    return str(blocks[0])


@pytest.fixture(scope="module")
def live(demo_sqlite: Flask) -> Iterator[str]:
    """The demo council served on loopback, its public address set to where it is served."""
    server = make_server("127.0.0.1", 0, demo_sqlite, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    demo_sqlite.config["PUBLIC_URL"] = url
    yield url
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def document(demo_sqlite: Flask) -> dict[str, Any]:
    found: dict[str, Any] = demo_sqlite.test_client().get("/api/v1/openapi.json").get_json()
    return found


def test_the_pandas_script_reads_the_whole_table(
    demo_sqlite: Flask,
    live: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("STAFF_VOICE_API", f"{live}/api/v1")
    token = bearer(demo_sqlite)["Authorization"].removeprefix("Bearer ")
    monkeypatch.setenv("STAFF_VOICE_TOKEN", token)
    script = code_block("python")
    namespace: dict[str, Any] = {}
    exec(compile(script, str(DOCS), "exec"), namespace)  # noqa: S102 - our own documentation
    first = (
        demo_sqlite.test_client()
        .get("/api/v1/waves/6/units/1/cells", headers={"Authorization": f"Bearer {token}"})
        .get_json()
    )
    cells: pd.DataFrame = namespace["cells"]
    assert first["total_pages"] > 1 and len(cells) == first["total_rows"]
    scores: pd.DataFrame = namespace["scores"]
    assert "Safeguarding and Child Protection" in scores.index
    assert "Morale and wellbeing" in scores.columns
    assert scores.notna().to_numpy().sum() > 40
    assert "Safeguarding and Child Protection" in capsys.readouterr().out


def test_the_power_query_reads_what_the_document_has(document: dict[str, Any]) -> None:
    query = code_block("powerquery")
    schemas = document["components"]["schemas"]
    row = schemas["CellRow"]["properties"]
    columns = re.search(r"Columns = \{(.*?)\}", query, re.S)
    assert columns is not None
    assert re.findall(r'"(\w+)"', columns.group(1)) == list(row)
    page = schemas["CellPage"]["properties"]
    assert {"next_page", "rows"} <= set(page) and "[next_page]" in query and "[rows]" in query
    relative = re.search(r'RelativePath = "waves/" & .* & "/units/" & .* & "/cells"', query)
    assert relative is not None and "/waves/{wave_id}/units/{unit_id}/cells" in document["paths"]
    assert "Query = [page = " in query and "page" in document["components"]["parameters"]
    typed = re.findall(r'\{"(\w+)", (Int64\.Type|type number)\}', query)
    assert typed
    for name, kind in typed:
        expected = "integer" if kind == "Int64.Type" else "number"
        assert row[name]["type"] == [expected, "null"], name


def test_the_tables_match_the_code(document: dict[str, Any]) -> None:
    words = DOCS.read_text(encoding="utf-8")
    for reason in Reason:
        assert f"| `{reason.value}` |" in words, reason
    assert f"A page holds **{PAGE_SIZE}\nrows**" in words
    for methods in document["paths"].values():
        assert f"| `{methods['get']['operationId']}` |" in words
