"""Load what every insights page needs, applying the signed-in user's scope first.

A unit outside the user's scope is a 404, not a 403, so its existence is not confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from flask import abort, current_app

from surveyapp.accounts.access import signed_in_user
from surveyapp.accounts.scope import may_see_comments, visible_unit_ids
from surveyapp.answer_keys import answer_cipher
from surveyapp.database import db
from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.redaction import Redactor, names_from_text
from surveyapp.domain.results import TreeUnit, UnitResults
from surveyapp.models import User, Wave, WaveState, WaveUnit
from surveyapp.services.publication import PlanSettings, current_plan

from .queries import top_visible_unit, tree_of, wave_members, waves_with_results

REDACTION_FILE = "redact-names.txt"


@dataclass(frozen=True)
class UnitView:
    user: User
    wave: Wave
    bank: Bank
    plan: PublicationPlan
    members: list[WaveUnit]
    tree: list[TreeUnit]
    unit: TreeUnit
    visible: frozenset[int]

    @property
    def may_see_comments(self) -> bool:
        return may_see_comments(self.user, self.unit.unit_id, self.members)

    def visible_results(self, results: UnitResults) -> UnitResults:
        """Drop heatmap rows about units the user may not see (e.g. teams, for a board)."""
        rows = tuple(row for row in results.heatmap if row.is_visible_to(self.visible))
        return replace(results, heatmap=rows)

    def parent(self) -> TreeUnit | None:
        parent = next((u for u in self.tree if u.unit_id == self.unit.parent_id), None)
        return parent if parent is not None and parent.unit_id in self.visible else None


def plan_settings() -> PlanSettings:
    return PlanSettings(
        live_results=current_app.config["LIVE_RESULTS"], answer_cipher=answer_cipher()
    )


def load_unit_view(wave_id: int, unit_id: int) -> UnitView:
    session = db()
    wave = session.get(Wave, wave_id)
    if wave is None or wave.state is WaveState.DRAFT:
        abort(404)
    members = wave_members(session, wave)
    user = signed_in_user()
    visible = visible_unit_ids(user, members)
    if unit_id not in visible:
        abort(404)
    bank = current_app.extensions["surveyapp.banks"][wave.bank_key]
    tree = tree_of(members)
    unit = next(u for u in tree if u.unit_id == unit_id)
    plan = current_plan(session, wave, bank, plan_settings())
    return UnitView(user, wave, bank, plan, members, tree, unit, visible)


def redactor() -> Redactor:
    path = Path(current_app.instance_path) / REDACTION_FILE
    names = names_from_text(path.read_text(encoding="utf-8")) if path.exists() else []
    return Redactor(names)


def waves_for_user(user: User) -> list[tuple[Wave, WaveUnit | None]]:
    """Every wave with results, each with the highest unit the user may see (or None)."""
    entries = []
    for wave in waves_with_results(db()):
        members = wave_members(db(), wave)
        entries.append((wave, top_visible_unit(members, visible_unit_ids(user, members))))
    return entries
