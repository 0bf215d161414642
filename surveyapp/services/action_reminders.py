"""Overdue actions: their owners are reminded by email, once a week while they stay overdue.

Made for ``surveyapp tick``, which may run on two servers at once, in the way ``reminders``
sends survey reminders: the due reminders are claimed (``actions.overdue_reminders``, a
conditional update) in a short transaction of its own, so each is claimed once; the mail goes
after that commit, with no lock held while the mail server is talked to; a reminder the server
did not take is given back for the next run. Each outcome is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from surveyapp.domain.actions import ActionStatus
from surveyapp.domain.mail_message import compose_bilingual
from surveyapp.domain.mail_wording import BILINGUAL, MessageKind, day_month_year
from surveyapp.models import Action

from .audit import record
from .mailer import Mailer
from .transaction import Transaction

SCHEDULER = "surveyapp tick"


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
    ``tick`` processes at once claim each reminder once (``send_overdue_reminders`` commits the
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


@dataclass(frozen=True)
class ActionReminderRound:
    """What one call of ``send_overdue_reminders`` did."""

    sent: int = 0
    not_sent: int = 0
    not_sent_because: str | None = None

    def lines(self) -> list[str]:
        said = []
        if self.sent:
            said.append(f"Reminded the owners of {self.sent} overdue action(s).")
        if self.not_sent:
            said.append(f"{self.not_sent} overdue-action reminder(s) not sent; tried again later.")
        if self.not_sent_because:
            said.append(f"Overdue-action reminders not sent: {self.not_sent_because}.")
        return said


def reminder_message(
    reminder: Reminder, public_url: str, languages: tuple[str, ...] = BILINGUAL
) -> EmailMessage:
    """To the owner, with the action's own page (staff sign in to update it), in each of
    ``languages`` (an account keeps no language)."""
    values = {
        language: {
            "unit": reminder.unit_name,
            "due": day_month_year(reminder.due_on, language),
            "description": reminder.description,
        }
        for language in languages
    }
    link = f"{public_url.rstrip('/')}/actions/{reminder.action_id}"
    return compose_bilingual(
        MessageKind.OVERDUE_ACTION, reminder.owner_email, link, values, languages
    )


def send_overdue_reminders(
    transaction: Transaction,
    mailer: Mailer,
    today: dt.date,
    public_url: str,
    languages: tuple[str, ...] = BILINGUAL,
) -> ActionReminderRound:
    """Remind the owner of every overdue action due a reminder, once however many senders run,
    in each of ``languages``.

    ``transaction`` opens a session committed when its block ends (from ``surveyapp tick``,
    ``session_scope``); without a mailer that can send, nothing is claimed.
    """
    if not mailer.can_send:
        return ActionReminderRound(not_sent_because="email is not set up (SURVEYAPP_SMTP_URL)")
    with transaction() as session:
        claimed = overdue_reminders(session, today)
    if not claimed:
        return ActionReminderRound()
    deliveries = mailer.deliver([reminder_message(r, public_url, languages) for r in claimed])
    with transaction() as session:
        for reminder, delivery in zip(claimed, deliveries, strict=True):
            if not delivery.is_sent:
                give_back(session, reminder, today)
            record(
                session,
                SCHEDULER,
                "action_reminder.sent" if delivery.is_sent else "action_reminder.not_sent",
                reminder.wave_id,
                reminder.unit_id,
                f"action {reminder.action_id}: its owner "
                + ("was reminded" if delivery.is_sent else "could not be reminded"),
            )
    sent = sum(d.is_sent for d in deliveries)
    return ActionReminderRound(sent=sent, not_sent=len(deliveries) - sent)
