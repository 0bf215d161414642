"""The document's examples are real answers of the demo council, and still valid.

``surveyapp/api/examples.json`` is made here from the demo council's answers (lists shortened to
a few items, keeping one of each kind); the test fails when the file no longer matches, e.g.
after a change to the demo, the bank or a body model. To write it anew:

    UPDATE_API_EXAMPLES=1 .venv/bin/python -m pytest tests/api/test_examples.py

Every example is then checked against its operation's schema in the served document.
"""

from __future__ import annotations

import json
import os
from typing import Any

from flask import Flask
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from surveyapp.api.openapi import EXAMPLES
from tests.api.conftest import bearer

MOST_ITEMS = 3
DOCUMENT = "urn:staff-voice:openapi"


def shortened(value: Any) -> Any:
    """Lists cut to a few items, keeping the first of each ``status`` so every kind shows."""
    if isinstance(value, dict):
        return {key: shortened(item) for key, item in value.items()}
    if not isinstance(value, list):
        return value
    kept, kinds = [], set()
    for item in value:
        kind = item.get("status") if isinstance(item, dict) else None
        if kind not in kinds or len(kept) < MOST_ITEMS:
            kept.append(item)
            kinds.add(kind)
        if len(kept) >= MOST_ITEMS and kinds >= {"published", "suppressed"} - {None}:
            break
    return [shortened(item) for item in kept]


def example(summary: str, body: Any) -> dict[str, Any]:
    return {"summary": summary, "value": shortened(body)}


def from_the_demo(app: Flask) -> dict[str, Any]:
    client = app.test_client()
    headers = bearer(app)

    def get(path: str) -> Any:
        response = client.get(f"/api/v1{path}", headers=headers)
        assert response.status_code == 200, path
        return response.get_json()

    waves = get("/waves")
    wave = waves["waves"][0]
    units = get(f"/waves/{wave['id']}/units")
    top = wave["top_unit_id"]
    service = next(u["id"] for u in units["units"] if u["parent_id"] == top)
    small = next(
        u["id"]
        for u in units["units"]
        if get(f"/waves/{wave['id']}/units/{u['id']}/results")["status"] == "suppressed"
    )
    results = f"/waves/{wave['id']}/units"
    return {
        "parameters": {"wave_id": wave["id"], "unit_id": top, "page": 1},
        "responses": {
            "listWaves": {"demo": example("The demo council's waves", waves)},
            "listUnits": {"demo": example("Some units of its latest wave", units)},
            "getUnitResults": {
                "published": example("The whole council", get(f"{results}/{top}/results")),
                "suppressed": example("A team too small", get(f"{results}/{small}/results")),
            },
            "getUnitTrends": {
                "service": example("A service across waves", get(f"{results}/{service}/trends"))
            },
            "listUnitCells": {
                "first_page": example(
                    "The first rows of a service's table", get(f"{results}/{service}/cells")
                )
            },
        },
    }


def as_text(examples: dict[str, Any]) -> str:
    return json.dumps(examples, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_examples_are_the_demo_council_s_answers(demo_sqlite: Flask) -> None:
    made = as_text(from_the_demo(demo_sqlite))
    if os.environ.get("UPDATE_API_EXAMPLES") == "1":
        EXAMPLES.write_text(made, encoding="utf-8")
    assert EXAMPLES.read_text(encoding="utf-8") == made, (
        "examples.json no longer matches the demo council: "
        "UPDATE_API_EXAMPLES=1 .venv/bin/python -m pytest tests/api/test_examples.py"
    )


def test_every_example_fits_its_schema(demo_sqlite: Flask) -> None:
    document = demo_sqlite.test_client().get("/api/v1/openapi.json").get_json()
    registry: Registry[Any] = Registry().with_resource(
        DOCUMENT, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    checked = 0
    for path in document["paths"].values():
        body = path["get"]["responses"]["200"]["content"]["application/json"]
        ref = body["schema"]["$ref"]
        validator = Draft202012Validator(
            {"$ref": f"{DOCUMENT}{ref}"}, registry=registry, format_checker=FormatChecker()
        )
        assert body["examples"], path
        for name, found in body["examples"].items():
            errors = [e.message for e in validator.iter_errors(found["value"])]
            assert errors == [], (name, errors)
            checked += 1
    assert checked >= 6
    for parameter in document["components"]["parameters"].values():
        assert Draft202012Validator(parameter["schema"]).is_valid(parameter["example"]), parameter
