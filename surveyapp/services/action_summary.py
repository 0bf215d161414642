"""What a board reads about action plans: counts by status per theme, and every overdue one.

Counts of actions, not of people, so no group-size rule applies to them; scope does (the board
view asks for the units its reader may see, a signed report for the unit's whole subtree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from surveyapp.domain.actions import ActionStatus, is_overdue, target_label
from surveyapp.domain.banks import Bank, bank_of
from surveyapp.domain.disclosure import measures
from surveyapp.models import Action, Wave

from .visibility import waves_up_to


@dataclass(frozen=True)
class ThemeCounts:
    title: str
    by_status: Mapping[ActionStatus, int]
    overdue: int


@dataclass(frozen=True)
class OverdueAction:
    unit_name: str
    description: str
    label: str
    owner_email: str
    due_on: dt.date
    status: ActionStatus


@dataclass(frozen=True)
class ActionsSummary:
    """What a board reads about action plans: counts by status per theme, and every overdue
    action. Counts of actions, not of people: no group-size rule applies, scope does."""

    themes: tuple[ThemeCounts, ...]
    overdue: tuple[OverdueAction, ...]

    statuses: tuple[ActionStatus, ...] = tuple(ActionStatus)

    @property
    def total(self) -> int:
        return sum(sum(theme.by_status.values()) for theme in self.themes)


def actions_summary(
    session: Session,
    wave: Wave,
    units: Collection[int],
    banks: Mapping[str, Bank],
    today: dt.date,
) -> ActionsSummary:
    """Actions of ``units`` recorded for this wave or an earlier one of its bank."""
    waves = waves_up_to(session, wave)
    actions = session.scalars(
        select(Action)
        .options(selectinload(Action.owner), selectinload(Action.unit))
        .where(Action.unit_id.in_(sorted(units)), Action.wave_id.in_([w.id for w in waves]))
        .order_by(Action.due_on, Action.id)
    ).all()
    bank = bank_of(banks, wave)
    counts: dict[str, dict[ActionStatus, int]] = {}
    late_by_theme: dict[str, int] = {}
    overdue = []
    for action in actions:
        theme = _theme_title(bank, action.measure)
        counts.setdefault(theme, dict.fromkeys(ActionStatus, 0))[action.status] += 1
        late = is_overdue(action.status, action.due_on, today)
        late_by_theme[theme] = late_by_theme.get(theme, 0) + late
        if late:
            overdue.append(
                OverdueAction(
                    action.unit.name,
                    action.description,
                    target_label(bank, action.measure) or action.measure,
                    action.owner.email,
                    action.due_on,
                    action.status,
                )
            )
    order = {t.title: i for i, t in enumerate(bank.themes)}
    titles = sorted(counts, key=lambda title: (order.get(title, len(order)), title))
    return ActionsSummary(
        tuple(ThemeCounts(t, counts[t], late_by_theme[t]) for t in titles), tuple(overdue)
    )


def _theme_title(bank: Bank, measure: str) -> str:
    """The theme an action's result belongs to (a question's theme for a question)."""
    kind, _, key = measure.partition(":")
    if kind == measures.QUESTION:
        key = next((q.theme or "" for q in bank.questions if q.key == key), "")
    theme = next((t for t in bank.themes if t.key == key), None)
    return theme.title if theme is not None else "Other results"
