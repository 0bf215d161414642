"""The plan of a wave, checked by the exhaustive auditor, for tests of what leaves the system."""

from __future__ import annotations

from flask import Flask

from surveyapp.database import session_scope
from surveyapp.domain.disclosure import PublicationPlan, Verdict, audit_plan
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.publication import current_plan, gather_input


def audited_plan(app: Flask, wave_id: int) -> PublicationPlan:
    """The wave's plan, after asserting the auditor finds no small derivable group in it."""
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        bank = runtime(app).banks[wave.bank_key]
        settings = runtime(app).plan_settings
        plan = current_plan(session, wave, bank, settings)
        audits = audit_plan(
            plan,
            gather_input(session, wave, bank, settings),
            max_classes=400,
            max_nodes=2_000_000,
        )
    assert audits and all(a.result.verdict is Verdict.SAFE for a in audits), [
        (a.family, a.result) for a in audits if a.result.verdict is not Verdict.SAFE
    ]
    return plan
