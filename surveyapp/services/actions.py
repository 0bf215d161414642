"""Action plans: record them, follow their progress, and read them back beside the results.

An action is recorded against a cell its wave's plan publishes for the unit (a theme or an
agreement question with a score): the server checks the chosen cell against the plan itself, so
a crafted form cannot name a suppressed or unknown one. Who may record, and who may own, follow
``domain.scope.may_write_actions`` (a manager for their own unit only). Every write is appended
to the audit trail in the same transaction, so an action never exists without its entry.
Operations flush and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from surveyapp.domain.actions import (
    ActionError,
    ActionStatus,
    Change,
    Target,
    action_targets,
    change_since,
    check_due_date,
    check_target,
    checked_description,
    checked_progress,
    is_overdue,
    target_label,
)
from surveyapp.domain.banks import Bank, bank_of
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.roles import Role
from surveyapp.domain.scope import Reader
from surveyapp.domain.wording import words
from surveyapp.models import Action, ActionUpdate, User, Wave, WaveState

from .audit import record
from .publication import PlanSettings, current_plan, node_plan
from .visibility import may_act_on, reader_plan, wave_members, waves_up_to


class ActionRefused(PermissionError):
    """The signed-in staff member may not record actions for this unit; says why."""


@dataclass(frozen=True)
class NewAction:
    """What a form gives for a new action (checked by ``record_action``)."""

    measure: str
    description: str
    owner_id: int | None
    due_on: dt.date | None


def targets_for(
    session: Session, wave: Wave, unit_id: int, banks: Mapping[str, Bank], settings: PlanSettings
) -> tuple[Target, ...]:
    """The published results of ``unit_id`` in ``wave`` an action may be recorded against."""
    if wave.state is WaveState.DRAFT:
        return ()
    bank = bank_of(banks, wave)
    return action_targets(current_plan(session, wave, bank, settings), bank, unit_id)


def possible_owners(session: Session, wave: Wave, unit_id: int) -> list[User]:
    """Active staff who may record this unit's actions, and so may own one."""
    members = wave_members(session, wave)
    users = session.scalars(select(User).where(User.is_active.is_(True)).order_by(User.email))
    return [user for user in users if may_act_on(session, user, wave, unit_id, members)]


def check_may_act(session: Session, user: User, wave: Wave, unit_id: int) -> None:
    if not may_act_on(session, user, wave, unit_id):
        raise ActionRefused(
            words("You can record and update actions only for your own team.")
            if user.role is Role.MANAGER
            else words("Your account cannot record or update actions for this unit.")
        )


def record_action(
    session: Session,
    author: User,
    wave: Wave,
    unit_id: int,
    new: NewAction,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    now: dt.datetime,
) -> Action:
    """Check everything first, then write the action and its audit entry; nothing is stored if
    any check fails (``ActionError`` names the field, ``ActionRefused`` the author)."""
    check_may_act(session, author, wave, unit_id)
    target = check_target(targets_for(session, wave, unit_id, banks, settings), new.measure)
    description = checked_description(new.description)
    owner = session.get(User, new.owner_id) if new.owner_id is not None else None
    if owner is None or not owner.is_active or not may_act_on(session, owner, wave, unit_id):
        raise ActionError(
            "owner_id",
            words("Choose an owner who can see this unit's results and record its actions"),
        )
    if new.due_on is None:
        raise ActionError("due_on", words("Enter the date the action is due"))
    check_due_date(new.due_on, now.date())
    action = Action(
        wave_id=wave.id,
        unit_id=unit_id,
        measure=target.measure,
        description=description,
        owner_id=owner.id,
        due_on=new.due_on,
        status=ActionStatus.PLANNED,
        created_by_id=author.id,
        created_at=now,
    )
    session.add(action)
    session.flush()
    record(
        session,
        author.email,
        "action_recorded",
        wave.id,
        unit_id,
        f"action {action.id} on {target.measure}, owner {owner.email}, due {new.due_on}",
        now,
    )
    return action


def add_progress(
    session: Session,
    author: User,
    action: Action,
    text: str,
    status: ActionStatus | None,
    dropped_reason: str,
    now: dt.datetime,
) -> ActionUpdate:
    """A dated update, a status change, or both, with its audit entry; a closed action takes
    none (``ActionError``), and only those who may act on the unit may write one."""
    check_may_act(session, author, action.wave, action.unit_id)
    progress = checked_progress(action.status, text, status, dropped_reason)
    update = ActionUpdate(
        action_id=action.id,
        author_id=author.id,
        written_at=now,
        text=progress.text,
        status=progress.status,
    )
    session.add(update)
    detail = f"action {action.id}"
    if progress.status is not None:
        detail += f": {action.status.value} -> {progress.status.value}"
        action.status = progress.status
        action.dropped_reason = progress.dropped_reason
    session.flush()
    kind = "action_status_changed" if progress.status is not None else "action_updated"
    record(session, author.email, kind, action.wave_id, action.unit_id, detail, now)
    return update


def action_by_id(session: Session, action_id: int) -> Action | None:
    return session.get(Action, action_id, options=[selectinload(Action.updates)])


@dataclass(frozen=True)
class ActionView:
    """An action as the pages list it: its result then and in the wave being read."""

    action: Action
    label: str
    change: Change
    is_overdue: bool
    is_carried_over: bool
    """Recorded for an earlier wave than the one being read."""

    @property
    def status(self) -> ActionStatus:
        return self.action.status


@dataclass(frozen=True)
class LaterResult:
    """An action's result in a wave after the one it was recorded for."""

    wave: Wave
    change: Change


def later_changes(
    session: Session,
    action: Action,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    reader: Reader | None,
) -> list[LaterResult]:
    """The action's result, and the change since it was recorded, in each later wave of its
    bank that has results, oldest first, each wave's plan as ``reader`` may read it (an issuer
    of a wave's invitations reads nothing of the units they let in)."""
    made = action.wave
    later = [
        wave
        for wave in session.scalars(
            select(Wave)
            .where(Wave.state != WaveState.DRAFT, Wave.bank_key == made.bank_key)
            .order_by(Wave.opens_on, Wave.id)
        )
        if wave.id != made.id and made in waves_up_to(session, wave)
    ]
    if not later:
        return []
    plans = _plans(session, [made, *later], banks, settings, action.unit_id, reader)
    return [
        LaterResult(
            wave,
            change_since(
                bank_of(banks, wave), action.unit_id, action.measure, plans[made.id], plans[wave.id]
            ),
        )
        for wave in later
    ]


def _plans(
    session: Session,
    waves: Sequence[Wave],
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    node: int,
    reader: Reader | None,
) -> dict[int, PublicationPlan]:
    """``node``'s cells of each wave's plan as ``reader`` may read them (None: no reader, as
    the public page, which shows only what its unit's staff page publishes)."""
    return {
        w.id: reader_plan(
            session, reader, w, node_plan(session, w, banks[w.bank_key], settings, node), settings
        )
        for w in waves
    }


def unit_actions(
    session: Session,
    wave: Wave,
    unit_id: int,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    today: dt.date,
    reader: Reader | None = None,
) -> list[ActionView]:
    """The unit's actions recorded for this wave or an earlier one of its bank, open ones first
    (overdue first, then by due date), each beside its result then and in this wave, as
    ``reader`` may read them (None: the public page, which has no reader)."""
    waves = waves_up_to(session, wave)
    actions = list(
        session.scalars(
            select(Action)
            .options(selectinload(Action.updates), selectinload(Action.owner))
            .where(Action.unit_id == unit_id, Action.wave_id.in_([w.id for w in waves]))
        )
    )
    if not actions:
        return []
    plans = _plans(session, waves, banks, settings, unit_id, reader)
    bank = bank_of(banks, wave)
    views = []
    for action in actions:
        later = plans[wave.id] if action.wave_id != wave.id else None
        views.append(
            ActionView(
                action=action,
                label=target_label(bank, action.measure) or action.measure,
                change=change_since(bank, unit_id, action.measure, plans[action.wave_id], later),
                is_overdue=is_overdue(action.status, action.due_on, today),
                is_carried_over=action.wave_id != wave.id,
            )
        )
    return sorted(
        views,
        key=lambda v: (not v.status.is_open, not v.is_overdue, v.action.due_on, v.action.id),
    )
