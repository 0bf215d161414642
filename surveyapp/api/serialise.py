"""Results as JSON-ready dicts: the same published numbers the pages show, nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from surveyapp.domain.results import QuestionResult, ThemeResult, TrendPoint, UnitResults
from surveyapp.domain.scoring import AgreementScore
from surveyapp.models import Wave
from surveyapp.services.actions import ActionView


def score(value: AgreementScore) -> dict[str, Any]:
    low, high = value.interval
    return {
        "favourable_percent": round(value.percent, 1),
        "interval_95": [round(low, 1), round(high, 1)],
        "mean": round(value.mean, 2),
        "band": value.band.value,
        "n": value.n,
    }


def _noted(body: dict[str, Any], note: str | None) -> dict[str, Any]:
    """A value repeated from the last live update says so (see domain/results/reasons.py)."""
    return body if note is None else {**body, "note": note}


def theme(value: ThemeResult) -> dict[str, Any]:
    if value.score is None:
        return {"key": value.key, "title": value.title, "suppressed": value.hidden}
    return _noted({"key": value.key, "title": value.title, **score(value.score)}, value.note)


def question(value: QuestionResult) -> dict[str, Any]:
    if value.hidden is not None:
        return {"key": value.key, "text": value.text, "suppressed": value.hidden}
    body: dict[str, Any] = {
        "key": value.key,
        "text": value.text,
        "kind": value.kind,
        "n": value.n,
        "answers": [
            {"answer": o.label, "count": o.count, "percent": round(o.percent, 1)}
            for o in value.options
        ],
    }
    if value.score is not None:
        body.update(score(value.score))
    return _noted(body, value.note)


def wave(value: Wave) -> dict[str, Any]:
    return {
        "id": value.id,
        "name": value.name,
        "state": value.state.value,
        "bank": value.bank_key,
        "bank_version": value.bank_version,
        "opens_on": value.opens_on.isoformat() if value.opens_on else None,
        "closes_on": value.closes_on.isoformat() if value.closes_on else None,
        "min_group_size": value.min_group_size,
        "min_comment_group_size": value.min_comment_group_size,
    }


def results(value: UnitResults, digest: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "unit": {"id": value.unit.unit_id, "name": value.unit.name, "headcount": value.headcount},
        "min_group_size": value.k,
        "min_comment_group_size": value.k_comments,
        "plan_sha256": digest,
    }
    if value.hidden is not None:
        body["suppressed"] = value.hidden
        return body
    rate = value.response_rate
    body.update(
        {
            "responses": value.responses,
            "response_rate_percent": None if rate is None else round(rate, 1),
            "themes": [theme(t) for t in value.themes],
            "questions": [question(q) for q in value.questions],
            "recommend": None
            if value.recommend is None
            else _noted(
                {"score": round(value.recommend.score, 1), "n": value.recommend.n},
                value.recommend_note,
            ),
            "children": [
                {"label": row.label, "unit_id": row.unit_id, "suppressed": row.hidden}
                if row.hidden
                else _noted(
                    {
                        "label": row.label,
                        "unit_id": row.unit_id,
                        "responses": row.responses,
                        "themes": [theme(t) for t in row.themes],
                    },
                    row.note,
                )
                for row in value.heatmap
            ],
        }
    )
    if value.responses_note is not None:
        body["responses_note"] = value.responses_note
    if value.supervision is not None:
        body["supervision"] = (
            {"suppressed": value.supervision.hidden}
            if value.supervision.hidden
            else _noted(
                {
                    "within_standard_percent": round(value.supervision.percent_within, 1),
                    "standard_max_days": value.supervision.max_days,
                    "n": value.supervision.n,
                },
                value.supervision.note,
            )
        )
    return body


def trend(series: Sequence[tuple[str, str, Sequence[TrendPoint]]]) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "title": title,
            "waves": [
                {"wave": p.wave_label, "suppressed": p.hidden}
                if p.score is None
                else _noted(
                    {
                        "wave": p.wave_label,
                        **score(p.score),
                        "change": p.marker,
                        "p_value": None if p.change is None else round(p.change.p_value, 4),
                    },
                    p.note,
                )
                for p in points
            ],
        }
        for key, title, points in series
    ]


def action(view: ActionView) -> dict[str, Any]:
    """An action plan with its result when recorded and in the wave read (published scores
    only: null where the plan does not publish one), its status and dated updates."""
    found = view.action
    change = view.change
    return {
        "id": found.id,
        "wave_id": found.wave_id,
        "recorded_for_wave": found.wave.name,
        "measure": found.measure,
        "about": view.label,
        "description": found.description,
        "owner": found.owner.email,
        "due_on": found.due_on.isoformat(),
        "status": found.status.value,
        "is_overdue": view.is_overdue,
        "is_carried_over": view.is_carried_over,
        "dropped_reason": found.dropped_reason,
        "result_then": None if change.then is None else score(change.then),
        "result_now": None if change.now is None else score(change.now),
        "change": change.marker or None,
        "updates": [
            {
                "written_on": update.written_at.date().isoformat(),
                "status": None if update.status is None else update.status.value,
                "text": update.text,
            }
            for update in found.updates
        ],
    }
