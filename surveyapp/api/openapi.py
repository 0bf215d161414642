"""The OpenAPI 3.1 document of ``/api/v1``, generated from the routes and the body models.

Each view declares its operation with ``@documented(...)`` (id, tag, summary, the model of its
200 body, any query parameters); the document walks the blueprint's routes, so a route cannot
be left out of it nor a documented path go unrouted (tests/api check both ways). The body
schemas come from the pydantic models the views build their answers with, nullable fields
written the 3.1 way (``type: [x, "null"]``), and the examples from ``examples.json``, taken
from the demo council by tests/api/test_examples.py. ``servers`` is ``SURVEYAPP_PUBLIC_URL``
plus ``/api/v1``, never the request's Host header.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema
from werkzeug.routing import Rule

from .schemas.common import Error

F = TypeVar("F", bound=Callable[..., Any])
PREFIX = "/api/v1"
OPERATION_ATTRIBUTE = "_surveyapp_api_operation"
EXAMPLES = Path(__file__).with_name("examples.json")
REF = "#/components/schemas/{model}"
MAX_ID = 2**31 - 1
"""Ids are 32-bit keys: a larger one (or 0, a sign, a decimal point) matches no route."""

VERSIONING = (
    "Versioning: the path says the major version (/api/v1). Within v1, fields, endpoints, "
    "enum values and query parameters may be added: clients must ignore fields they do not "
    "know and treat an unknown reason_code like any other suppression. A field or endpoint is "
    "never removed, renamed or retyped, nor made nullable, within v1; that takes /api/v2, "
    "served beside v1 for at least one survey year. info.version follows semantic versioning."
)
TAGS = [
    {"name": "waves", "description": "The waves you can read"},
    {"name": "units", "description": "A wave's unit tree, with both headcounts of each unit"},
    {"name": "results", "description": "A unit's published results in one wave"},
    {"name": "trends", "description": "A unit's themes across waves, each wave named by id"},
    {
        "name": "cells",
        "description": "The flat table of published cells, in pages: the rows of the CSV "
        "export, for Power BI, Excel and pandas",
    },
    {
        "name": "actions",
        "description": "Action plans and their progress. Reserved for the action-plan "
        "feature: add its operations under this tag as docs/API.md describes",
    },
]
PARAMETERS: dict[str, dict[str, Any]] = {
    "wave_id": {
        "name": "wave_id",
        "in": "path",
        "required": True,
        "description": "A wave's id (from listWaves)",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    },
    "unit_id": {
        "name": "unit_id",
        "in": "path",
        "required": True,
        "description": "A unit's id (from listUnits)",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    },
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "The page, from 1 (the default); follow next_page or next_url",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID, "default": 1},
    },
}
CHALLENGE = {
    "description": 'RFC 6750 challenge: Bearer, with error="invalid_token" when a token was '
    'presented and refused, error="insufficient_scope" on a 403',
    "required": True,
    "schema": {"type": "string", "pattern": "^Bearer "},
}
ERRORS: dict[str, dict[str, Any]] = {
    "BadRequest": {"description": "A query parameter that cannot be read"},
    "Unauthorized": {
        "description": "No valid token (checked before anything else, even the path's ids)",
        "headers": {"WWW-Authenticate": CHALLENGE},
    },
    "Forbidden": {
        "description": "Your role may not read results",
        "headers": {"WWW-Authenticate": CHALLENGE},
    },
    "NotFound": {
        "description": "No such wave, unit or page, or not in your scope (the two look the same)"
    },
}


@dataclass(frozen=True)
class Operation:
    """One documented GET: its id, tag, words, the model of its 200 body and query parameters."""

    operation_id: str
    tag: str
    summary: str
    description: str
    body: type[BaseModel]
    query: tuple[str, ...] = ()


def documented(operation: Operation) -> Callable[[F], F]:
    """Declare a view's operation (put it under ``@require``, which copies it onward)."""

    def mark(view: F) -> F:
        setattr(view, OPERATION_ATTRIBUTE, operation)
        return view

    return mark


def operations(app: Flask) -> Iterator[tuple[Rule, Operation]]:
    """The API's routes that declare an operation, in the order they were added."""
    for rule in app.url_map.iter_rules():
        found = getattr(app.view_functions[rule.endpoint], OPERATION_ATTRIBUTE, None)
        if isinstance(found, Operation):
            yield rule, found


def openapi_path(rule: Rule) -> str:
    """``/api/v1/waves/<int(min=1):wave_id>`` -> ``/waves/{wave_id}``."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule).removeprefix(PREFIX)


class _Schemas(GenerateJsonSchema):
    """No per-field titles (the descriptions say it), 3.1's ``type: [x, "null"]``, and objects
    left open: the models refuse extra fields when a body is built, so the API sends only what
    is documented, but a client must accept the fields a later v1 adds."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        found = super().model_schema(schema)
        found.pop("additionalProperties", None)
        return found

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if isinstance(inner.get("type"), str) and not {"enum", "const", "$ref"} & inner.keys():
            return {**inner, "type": [inner["type"], "null"]}
        return self.get_union_of_schemas([inner, {"type": "null"}])


@cache
def _examples() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    return found


def _operation(rule: Rule, operation: Operation) -> dict[str, Any]:
    names = [*sorted(rule.arguments), *operation.query]
    parameters = [{"$ref": f"#/components/parameters/{name}"} for name in names]
    body: dict[str, Any] = {"schema": {"$ref": REF.format(model=operation.body.__name__)}}
    examples = _examples()["responses"]
    if operation.operation_id in examples:
        body["examples"] = examples[operation.operation_id]
    responses: dict[str, Any] = {
        "200": {"description": operation.summary, "content": {"application/json": body}}
    }
    if operation.query:
        responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    responses["401"] = {"$ref": "#/components/responses/Unauthorized"}
    responses["403"] = {"$ref": "#/components/responses/Forbidden"}
    responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {
        "operationId": operation.operation_id,
        "tags": [operation.tag],
        "summary": operation.summary,
        "description": operation.description,
        "parameters": parameters,
        "responses": responses,
    }


@cache
def _components(bodies: tuple[type[BaseModel], ...]) -> dict[str, Any]:
    _, found = models_json_schema(
        [(model, "serialization") for model in [*bodies, Error]],
        ref_template=REF,
        schema_generator=_Schemas,
    )
    error = {"application/json": {"schema": {"$ref": REF.format(model="Error")}}}
    return {
        "schemas": found["$defs"],
        "parameters": {
            name: {**parameter, "example": _examples()["parameters"][name]}
            for name, parameter in PARAMETERS.items()
        },
        "responses": {name: {**words, "content": error} for name, words in ERRORS.items()},
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal token: `surveyapp api-token create --user EMAIL`. "
                "It reads what its account may read, and stops working when the account "
                "signs out everywhere, changes password or is deactivated.",
            }
        },
    }


def document(app: Flask, public_url: str) -> dict[str, Any]:
    """The document for ``app``'s API as served at ``public_url`` (SURVEYAPP_PUBLIC_URL)."""
    paths: dict[str, dict[str, Any]] = {}
    bodies: list[type[BaseModel]] = []
    for rule, operation in operations(app):
        paths.setdefault(openapi_path(rule), {})["get"] = _operation(rule, operation)
        bodies.append(operation.body)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Staff Voice read API",
            "version": "1.0.0",
            "description": "Published results only: every number comes from the wave's "
            "publication plan, and a group below the minimum size is reported as suppressed, "
            "with a reason code and the reason in words, never as a number. Every body is "
            "documented field by field; nothing here is a single person's response.\n\n"
            + VERSIONING,
        },
        "servers": [{"url": public_url.rstrip("/") + PREFIX}],
        "security": [{"bearerAuth": []}],
        "tags": TAGS,
        "paths": paths,
        "components": _components(tuple(bodies)),
    }
