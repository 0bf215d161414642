"""The demo council's action plans, recorded through the same services as the pages use.

Children in Care agree to bring caseloads down after the summer 2025 survey and get it done
(the next waves' workload scores rise); Safeguarding agree to protect supervision after spring
2026, and the action drifts past its due date while supervision keeps slipping: overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from surveyapp.domain.actions import ActionStatus
from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import measures
from surveyapp.domain.roles import Role
from surveyapp.models import Wave
from surveyapp.services.actions import NewAction, add_progress, record_action
from surveyapp.services.publication import PlanSettings
from surveyapp.services.units import unit_by_key
from surveyapp.services.users import add_user, existing_user

MANAGERS = {
    "safeguarding": "safeguarding.manager@northbridge.example",
    "children-in-care": "care.manager@northbridge.example",
}
"""The manager of each unit with an action, who records and owns it."""


@dataclass(frozen=True)
class DemoUpdate:
    on: str
    text: str
    status: ActionStatus | None = None


@dataclass(frozen=True)
class DemoAction:
    wave: int
    """Index of the wave whose results it answers (stories.WAVES)."""
    unit: str
    measure: str
    description: str
    recorded_on: str
    due_on: str
    updates: tuple[DemoUpdate, ...]


ACTIONS = (
    DemoAction(
        wave=1,
        unit="children-in-care",
        measure=measures.theme("workload"),
        description="Bring caseloads down to no more than 18 children per social worker: fill"
        " the six vacant posts with permanent staff and move court work to a dedicated team.",
        recorded_on="2025-08-01",
        due_on="2025-09-30",
        updates=(
            DemoUpdate(
                "2025-08-29",
                "Four of the six posts are filled; the court team is agreed.",
                ActionStatus.IN_PROGRESS,
            ),
            DemoUpdate(
                "2025-09-26",
                "All six posts are filled and the court team started on 1 September."
                " The average caseload is now 17.",
                ActionStatus.DONE,
            ),
        ),
    ),
    DemoAction(
        wave=4,
        unit="safeguarding",
        measure=measures.theme("supervision"),
        description="Protect supervision: a monthly one-to-one session for every social worker,"
        " not cancelled for court work, with the record shared within a week.",
        recorded_on="2026-05-06",
        due_on="2026-06-30",
        updates=(
            DemoUpdate(
                "2026-05-20",
                "A supervision schedule is agreed with every team manager.",
                ActionStatus.IN_PROGRESS,
            ),
        ),
    ),
)


def add_managers(session: Session) -> list[tuple[str, str, str]]:
    """The team managers who own the demo's actions: (role, email, password) each."""
    accounts = []
    for unit_key, email in MANAGERS.items():
        unit = unit_by_key(session, unit_key)
        assert unit is not None
        created = add_user(session, email, Role.MANAGER, unit)
        accounts.append((Role.MANAGER.value, email, created.password or ""))
    return accounts


def record_demo_actions(
    session: Session, bank: Bank, waves: list[Wave], index: int, settings: PlanSettings
) -> None:
    """The actions agreed on the results of ``waves[index]``, once it has closed (``settings``
    open its sealed records)."""
    banks: Mapping[str, Bank] = {bank.key: bank}
    for planned in (a for a in ACTIONS if a.wave == index):
        unit = unit_by_key(session, planned.unit)
        assert unit is not None
        manager = existing_user(session, MANAGERS[planned.unit])
        action = record_action(
            session,
            manager,
            waves[index],
            unit.id,
            NewAction(
                planned.measure,
                planned.description,
                manager.id,
                dt.date.fromisoformat(planned.due_on),
            ),
            banks,
            settings,
            _at(planned.recorded_on),
        )
        for update in planned.updates:
            add_progress(session, manager, action, update.text, update.status, "", _at(update.on))


def _at(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), tzinfo=dt.UTC)
