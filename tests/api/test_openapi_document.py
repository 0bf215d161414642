"""The OpenAPI document says everything a BI tool or a generated client needs, and is valid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from openapi_spec_validator import validate

from surveyapp.api.openapi import operations
from surveyapp.domain.disclosure import Reason

SCHEMA_KINDS = {"type", "$ref", "oneOf", "anyOf", "const", "enum"}


@pytest.fixture(scope="module")
def document(demo_sqlite: Flask) -> dict[str, Any]:
    found: dict[str, Any] = demo_sqlite.test_client().get("/api/v1/openapi.json").get_json()
    return found


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def shortcomings(document: dict[str, Any], schema: dict[str, Any], where: str) -> Iterator[str]:
    """Every place below ``schema`` (refs resolved) that leaves a reader guessing: an object
    with no properties, a property without a type or a description."""
    seen: set[str] = set()
    pending = [(schema, where)]
    while pending:
        current, at = pending.pop()
        if "$ref" in current:
            if current["$ref"] in seen:
                continue
            seen.add(current["$ref"])
            pending.append((resolve(document, current), current["$ref"]))
            continue
        for key in ("oneOf", "anyOf", "allOf"):
            pending.extend((branch, f"{at}/{key}") for branch in current.get(key, []))
        if "items" in current:
            pending.append((current["items"], f"{at}/items"))
        types = current.get("type")
        is_object = types == "object" or (isinstance(types, list) and "object" in types)
        if is_object and not current.get("properties"):
            yield f"{at}: an object with no properties"
        for name, field in current.get("properties", {}).items():
            if not SCHEMA_KINDS & field.keys():
                yield f"{at}.{name}: no type"
            if not field.get("description") and "$ref" not in field:
                yield f"{at}.{name}: no description"
            pending.append((field, f"{at}.{name}"))


def response_schemas(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                response = resolve(document, response)
                for media in response.get("content", {}).values():
                    yield f"{method.upper()} {path} {status}", media["schema"]


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_response_schema_lists_typed_described_properties(
    document: dict[str, Any],
) -> None:
    schemas = list(response_schemas(document))
    assert len(schemas) >= 5 * 4
    problems = [
        found for where, schema in schemas for found in shortcomings(document, schema, where)
    ]
    assert problems == []


def test_the_check_finds_a_schema_that_says_nothing() -> None:
    """The old document's bodies, which schemathesis could not check anything against."""
    vague = {"components": {"schemas": {"Wave": {"type": "object"}}}}
    waves = {
        "type": "object",
        "properties": {"waves": {"type": "array", "items": {"$ref": "#/components/schemas/Wave"}}},
    }
    found = list(shortcomings(vague, waves, "listWaves"))
    assert found == [
        "listWaves.waves: no description",
        "#/components/schemas/Wave: an object with no properties",
    ]


def test_every_operation_has_an_id_a_tag_and_every_route_is_documented(
    demo_sqlite: Flask, document: dict[str, Any]
) -> None:
    ids, tags = [], {tag["name"] for tag in document["tags"]}
    for methods in document["paths"].values():
        for operation in methods.values():
            ids.append(operation["operationId"])
            assert operation["tags"] and set(operation["tags"]) <= tags, operation
            assert operation["summary"] and operation["description"]
    assert len(ids) == len(set(ids)) == 5
    assert "actions" in tags, "the place the action plans' operations go"
    documented = {rule.endpoint for rule, _ in operations(demo_sqlite)}
    api_routes = {
        r.endpoint for r in demo_sqlite.url_map.iter_rules() if r.endpoint.startswith("api.")
    }
    assert api_routes - documented == {"api.openapi"}


def test_nullable_fields_say_so_and_dates_have_a_format(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]

    def field(model: str, name: str) -> dict[str, Any]:
        return schemas[model]["properties"][name]

    assert field("Unit", "parent_id")["type"] == ["integer", "null"]
    assert field("PublishedPoint", "p_value")["type"] == ["number", "null"]
    assert field("PublishedChild", "unit_id")["type"] == ["integer", "null"]
    assert field("SuppressedChild", "unit_id")["type"] == "integer"
    assert field("Wave", "closes_on") == {
        "type": ["string", "null"],
        "format": "date",
        "description": "Last day of the wave, if one was set",
    }
    recommend = field("PublishedUnitResults", "recommend")
    assert {"type": "null"} in recommend["anyOf"]
    for model in schemas.values():
        for name in model.get("required", []):
            assert name in model["properties"]
        assert set(model.get("properties", {})) == set(model.get("required", [])), model


def test_suppression_is_a_oneof_with_the_plan_s_reason_codes(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["Reason"]["enum"] == [reason.value for reason in Reason]
    results = schemas["UnitResults"]
    assert results["discriminator"]["propertyName"] == "status"
    assert set(results["discriminator"]["mapping"]) == {"published", "suppressed"}
    assert len(results["oneOf"]) == 2
    theme = schemas["PublishedUnitResults"]["properties"]["themes"]["items"]
    assert theme["discriminator"]["mapping"] == {
        "published": "#/components/schemas/PublishedTheme",
        "suppressed": "#/components/schemas/SuppressedTheme",
    }
    for name in ("SuppressedTheme", "SuppressedQuestion", "SuppressedChild", "SuppressedPoint"):
        properties = schemas[name]["properties"]
        assert properties["reason_code"]["$ref"] == "#/components/schemas/Reason"
        assert properties["suppressed_because"]["type"] == "string"
    assert schemas["Wave"]["properties"]["state"]["enum"] == ["open", "closed"]


def test_the_versioning_rules_are_in_the_document(document: dict[str, Any]) -> None:
    words = document["info"]["description"]
    assert "Within v1" in words and "never removed, renamed or retyped" in words
