"""The OpenAPI 3.1 document for ``/api/v1``, kept beside the routes it describes."""

from __future__ import annotations

from typing import Any

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
WAVE_ID = {
    "name": "wave_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}
UNIT_ID = {
    "name": "unit_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}


def _errors() -> dict[str, Any]:
    return {
        str(code): {"description": text, "content": {"application/json": {"schema": ERROR}}}
        for code, text in (
            (401, "No valid API token"),
            (403, "Role may not read this"),
            (404, "No such wave or unit in your scope"),
        )
    }


def _get(summary: str, parameters: list[dict[str, Any]], schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "security": [{"token": []}],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
                **_errors(),
            },
        }
    }


SCORE = {
    "type": ["object", "null"],
    "description": "A published score (null where the plan does not publish one)",
    "properties": {
        "favourable_percent": {"type": "number"},
        "interval_95": {"type": "array", "items": {"type": "number"}},
        "mean": {"type": "number"},
        "band": {"type": "string", "enum": ["low", "moderate", "high"]},
        "n": {"type": "integer"},
    },
}
STATUS = {"type": "string", "enum": ["planned", "in_progress", "done", "dropped"]}
ACTION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "wave_id": {"type": "integer", "description": "The wave whose results it answers"},
        "recorded_for_wave": {"type": "string"},
        "measure": {"type": "string", "description": "theme:<key> or question:<key>"},
        "about": {"type": "string"},
        "description": {"type": "string", "description": "What will change"},
        "owner": {"type": "string", "description": "The owner's email address"},
        "due_on": {"type": "string", "format": "date"},
        "status": STATUS,
        "is_overdue": {"type": "boolean"},
        "is_carried_over": {"type": "boolean"},
        "dropped_reason": {"type": ["string", "null"]},
        "result_then": SCORE,
        "result_now": {**SCORE, "description": "In the wave read; null for its own wave"},
        "change": {"type": ["string", "null"], "enum": ["up", "down", "no clear change", None]},
        "updates": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "written_on": {"type": "string", "format": "date"},
                    "status": {
                        **STATUS,
                        "type": ["string", "null"],
                        "enum": [*STATUS["enum"], None],
                    },
                    "text": {"type": "string"},
                },
                "required": ["written_on", "status", "text"],
            },
        },
    },
    "required": ["id", "wave_id", "measure", "description", "due_on", "status", "is_overdue"],
}


def document(server: str) -> dict[str, Any]:
    obj = {"type": "object"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Staff Voice read API",
            "version": "1.0.0",
            "description": "Published results only: every number comes from the wave's "
            "publication plan; groups below the minimum size are reported "
            "as suppressed with a reason, never as a number. A value shown as it was at the "
            "last live update before the survey closed carries a note saying so "
            "(responses_note for a unit's responses).",
        },
        "servers": [{"url": f"{server}/api/v1"}],
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "surveyapp api-token create",
                }
            }
        },
        "paths": {
            "/waves": _get(
                "Waves you can read",
                [],
                {
                    "type": "object",
                    "properties": {"waves": {"type": "array", "items": obj}},
                    "required": ["waves"],
                },
            ),
            "/waves/{wave_id}/units": _get(
                "Units of a wave in your scope",
                [WAVE_ID],
                {
                    "type": "object",
                    "properties": {"units": {"type": "array", "items": obj}},
                    "required": ["units"],
                },
            ),
            "/waves/{wave_id}/units/{unit_id}/results": _get(
                "Published results for a unit",
                [WAVE_ID, UNIT_ID],
                {"type": "object", "required": ["unit", "min_group_size", "plan_sha256"]},
            ),
            "/waves/{wave_id}/units/{unit_id}/trends": _get(
                "Theme trends across waves for a unit",
                [WAVE_ID, UNIT_ID],
                {"type": "object", "required": ["unit", "themes"]},
            ),
            "/waves/{wave_id}/units/{unit_id}/actions": _get(
                "Action plans for a unit, recorded for this wave or an earlier one",
                [WAVE_ID, UNIT_ID],
                {
                    "type": "object",
                    "properties": {
                        "unit": obj,
                        "actions": {"type": "array", "items": ACTION},
                    },
                    "required": ["unit", "actions"],
                },
            ),
        },
    }
