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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select, update
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
from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.roles import Role
from surveyapp.models import Action, ActionUpdate, User, Wave, WaveState

from .audit import record
from .publication import PlanSettings, current_plan, node_plan
from .visibility import may_act_on, wave_members, waves_up_to


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
            "You can record and update actions only for your own team."
            if user.role is Role.MANAGER
            else "Your account cannot record or update actions for this unit."
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
            "owner_id", "Choose an owner who can see this unit's results and record its actions"
        )
    if new.due_on is None:
        raise ActionError("due_on", "Enter the date the action is due")
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
    session: Session, action: Action, banks: Mapping[str, Bank], settings: PlanSettings
) -> list[LaterResult]:
    """The action's result, and the change since it was recorded, in each later wave of its
    bank that has results, oldest first."""
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
    then = node_plan(session, made, banks[made.bank_key], settings, action.unit_id)
    return [
        LaterResult(
            wave,
            change_since(
                bank_of(banks, wave),
                action.unit_id,
                action.measure,
                then,
                node_plan(session, wave, banks[wave.bank_key], settings, action.unit_id),
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
) -> dict[int, PublicationPlan]:
    return {w.id: node_plan(session, w, banks[w.bank_key], settings, node) for w in waves}


def unit_actions(
    session: Session,
    wave: Wave,
    unit_id: int,
    banks: Mapping[str, Bank],
    settings: PlanSettings,
    today: dt.date,
) -> list[ActionView]:
    """The unit's actions recorded for this wave or an earlier one of its bank, open ones first
    (overdue first, then by due date), each beside its result then and in this wave."""
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
    plans = _plans(session, waves, banks, settings, unit_id)
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


@dataclass(frozen=True)
class Reminder:
    """One overdue action whose owner is due a reminder, as claimed."""

    action_id: int
    wave_id: int
    unit_id: int
    owner_email: str
    description: str
    unit_name: str
    due_on: dt.date
    previously_reminded_on: dt.date | None


REMIND_EVERY = dt.timedelta(days=7)


def overdue_reminders(session: Session, today: dt.date) -> list[Reminder]:
    """Claim the reminders due today: every open action past its due date whose owner has not
    been reminded in the last week. Each is marked as reminded by a conditional update, so two
    ``tick`` processes at once claim each reminder once (``action_reminders`` commits the
    claim before sending, and gives back one that was not sent: ``give_back``)."""
    candidates = session.scalars(
        select(Action)
        .options(selectinload(Action.owner), selectinload(Action.unit))
        .where(
            Action.status.in_([ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]),
            Action.due_on < today,
            or_(Action.reminded_on.is_(None), Action.reminded_on <= today - REMIND_EVERY),
        )
        .order_by(Action.id)
    ).all()
    claimed = []
    for action in candidates:
        result = session.execute(
            update(Action)
            .where(
                Action.id == action.id,
                or_(Action.reminded_on.is_(None), Action.reminded_on <= today - REMIND_EVERY),
            )
            .values(reminded_on=today)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(
                Reminder(
                    action.id,
                    action.wave_id,
                    action.unit_id,
                    action.owner.email,
                    action.description,
                    action.unit.name,
                    action.due_on,
                    action.reminded_on,  # as loaded: the update above left the object alone
                )
            )
    return claimed


def give_back(session: Session, reminder: Reminder, today: dt.date) -> None:
    """A claimed reminder that was not sent is due again at the next run."""
    session.execute(
        update(Action)
        .where(Action.id == reminder.action_id, Action.reminded_on == today)
        .values(reminded_on=reminder.previously_reminded_on)
        .execution_options(synchronize_session=False)
    )
