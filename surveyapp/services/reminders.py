"""Reminders: an address list kept per wave and unit, sealed, and the dates to remind it.

Nobody can know who has answered, so a reminder goes to everyone on the list ("if you have
already answered, thank you") and carries no invitation link: people use the link or code they
were given, or ask for a new one. The list is sealed with the deployment's keys
(``domain.sealed_addresses``) and deleted, dates and all, when the wave closes
(``waves.close_wave`` calls ``forget_wave``).

Sending is made for ``surveyapp tick``, which may run on two servers at once: each due date is
claimed with a conditional UPDATE (``pending`` to ``sending``) in a short transaction of its
own, so exactly one sender wins it, and the mail goes out after that commit, so no database
lock is held while the mail server is talked to. A send the server refused outright is put back
for the next run, up to ``MAX_ATTEMPTS``; one that was cut off (the process died while sending)
is marked failed after ``STALE_AFTER`` rather than sent twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import Select, delete, select, update
from sqlalchemy.orm import Session

from surveyapp.domain.mail_message import compose_bilingual
from surveyapp.domain.mail_wording import BILINGUAL, MessageKind, long_date
from surveyapp.domain.sealed_addresses import AddressListCipher
from surveyapp.domain.wording import weekday_words, words
from surveyapp.models import ReminderDate, ReminderList, ReminderState, Unit, Wave, WaveState

from .audit import record
from .mailer import Delivery, Mailer
from .transaction import Transaction

SEND_FROM_HOUR = 9  # a reminder due today goes from 9 in the morning (the server's local time)
MAX_ATTEMPTS = 3
STALE_AFTER = dt.timedelta(hours=1)
SCHEDULER = "surveyapp tick"
MAX_DATES = 10


class ReminderError(ValueError):
    """A reminder list or date that cannot be kept as asked; the message says why."""


@dataclass(frozen=True)
class ClaimedReminder:
    """A list whose due dates one sender has claimed: everything needed to send it."""

    wave_id: int
    unit_id: int
    dates: tuple[dt.date, ...]
    sealed: bytes
    survey: str
    unit_name: str
    closes_on: dt.date | None


@dataclass(frozen=True)
class ReminderRun:
    wave_id: int
    unit_id: int
    sent: int
    failed: int
    state: ReminderState


@dataclass(frozen=True)
class ReminderRound:
    """What one call of ``send_due_reminders`` did; ``not_sent_because`` if mail is not set up."""

    runs: tuple[ReminderRun, ...]
    not_sent_because: str | None = None


def _open_member(wave: Wave) -> None:
    if wave.state is not WaveState.OPEN:
        raise ReminderError(
            words("the wave is closed: reminders are kept for open waves only")
            if wave.state is WaveState.CLOSED
            else words("the wave is draft: reminders are kept for open waves only")
        )


def _store_list(
    session: Session, cipher: AddressListCipher, wave: Wave, unit: Unit, addresses: Sequence[str]
) -> ReminderList:
    _open_member(wave)
    if not addresses:
        raise ReminderError(words("there are no addresses to keep"))
    kept = session.get(ReminderList, (wave.id, unit.id))
    sealed = cipher.seal(wave.id, unit.id, addresses)
    if kept is None:
        kept = ReminderList(wave_id=wave.id, unit_id=unit.id)
        session.add(kept)
    kept.sealed, kept.address_count = sealed, len(addresses)
    session.flush()
    return kept


def _audit(
    session: Session, actor: str, action: str, wave_id: int, unit_id: int, detail: str
) -> None:
    record(session, actor, action, wave_id, unit_id, detail)


def keep_list(
    session: Session,
    cipher: AddressListCipher,
    wave: Wave,
    unit: Unit,
    addresses: Sequence[str],
    actor: str,
) -> ReminderList:
    """Keep (or replace) the unit's list for this wave, sealed; its dates stay as they were."""
    kept = _store_list(session, cipher, wave, unit, addresses)
    _audit(
        session,
        actor,
        "reminders.list_kept",
        wave.id,
        unit.id,
        f"{len(addresses)} addresses kept, sealed",
    )
    return kept


def add_to_list(
    session: Session,
    cipher: AddressListCipher,
    wave: Wave,
    unit: Unit,
    addresses: Sequence[str],
    actor: str,
) -> int:
    """Add addresses to the unit's list (each once, whatever its case); returns the list's size."""
    kept = kept_list(session, wave.id, unit.id)
    merged = cipher.open(kept.sealed, wave.id, unit.id) if kept is not None else []
    seen = {address.lower() for address in merged}
    for address in addresses:
        if address.lower() not in seen:
            merged.append(address)
            seen.add(address.lower())
    _store_list(session, cipher, wave, unit, merged)
    _audit(
        session,
        actor,
        "reminders.list_kept",
        wave.id,
        unit.id,
        f"{len(merged)} addresses kept, sealed",
    )
    return len(merged)


def kept_list(session: Session, wave_id: int, unit_id: int) -> ReminderList | None:
    return session.get(ReminderList, (wave_id, unit_id))


def dates_of(session: Session, wave_id: int, unit_id: int) -> list[ReminderDate]:
    return list(
        session.scalars(
            select(ReminderDate)
            .where(ReminderDate.wave_id == wave_id, ReminderDate.unit_id == unit_id)
            .order_by(ReminderDate.send_on)
        )
    )


def forget_list(session: Session, wave_id: int, unit_id: int, actor: str) -> None:
    """Delete the unit's list and its dates."""
    where = (ReminderDate.wave_id == wave_id, ReminderDate.unit_id == unit_id)
    session.execute(delete(ReminderDate).where(*where))
    session.execute(
        delete(ReminderList).where(ReminderList.wave_id == wave_id, ReminderList.unit_id == unit_id)
    )
    _audit(session, actor, "reminders.list_deleted", wave_id, unit_id, "address list deleted")
    session.flush()


def forget_wave(session: Session, wave_id: int) -> int:
    """Delete every list of the wave (and their dates); returns how many lists there were."""
    session.execute(delete(ReminderDate).where(ReminderDate.wave_id == wave_id))
    result = session.execute(delete(ReminderList).where(ReminderList.wave_id == wave_id))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def date_days_before_close(wave: Wave, days: int) -> dt.date:
    if wave.closes_on is None:
        raise ReminderError(words("the wave has no closing date to count back from"))
    if not 0 <= days <= 365:
        raise ReminderError(words("the number of days must be between 0 and 365"))
    return wave.closes_on - dt.timedelta(days=days)


def add_date(
    session: Session, wave: Wave, unit: Unit, send_on: dt.date, today: dt.date, actor: str
) -> ReminderDate:
    """Remind the unit's list on ``send_on`` (from 9 in the morning)."""
    _open_member(wave)
    if kept_list(session, wave.id, unit.id) is None:
        raise ReminderError(words("keep an address list for this unit first"))
    if send_on < today:
        raise ReminderError(words("%(date)s has passed", date=weekday_words(send_on)))
    if wave.closes_on is not None and send_on > wave.closes_on:
        raise ReminderError(
            words(
                "the wave closes on %(date)s, before that date",
                date=weekday_words(wave.closes_on),
            )
        )
    existing = dates_of(session, wave.id, unit.id)
    if any(date.send_on == send_on for date in existing):
        raise ReminderError(
            words("a reminder is already set for %(date)s", date=weekday_words(send_on))
        )
    if len(existing) >= MAX_DATES:
        raise ReminderError(words("a unit can have at most %(max)s reminders", max=MAX_DATES))
    date = ReminderDate(
        wave_id=wave.id, unit_id=unit.id, send_on=send_on, state=ReminderState.PENDING, attempts=0
    )
    session.add(date)
    _audit(session, actor, "reminders.date_added", wave.id, unit.id, f"reminder set for {send_on}")
    session.flush()
    return date


def remove_date(session: Session, wave_id: int, unit_id: int, send_on: dt.date, actor: str) -> None:
    """Cancel a reminder that has not gone out."""
    date = session.get(ReminderDate, (wave_id, unit_id, send_on))
    if date is None or date.state is not ReminderState.PENDING:
        raise ReminderError(words("that reminder is not waiting to be sent"))
    session.delete(date)
    _audit(
        session,
        actor,
        "reminders.date_removed",
        wave_id,
        unit_id,
        f"reminder of {send_on} cancelled",
    )
    session.flush()


def _due_before(now: dt.datetime) -> dt.date:
    """Reminders dated before this are due: today's count once it is 9 in the morning."""
    local = now.astimezone()
    return local.date() + dt.timedelta(days=1 if local.hour >= SEND_FROM_HOUR else 0)


def _due_query(now: dt.datetime) -> Select[int, int, dt.date]:
    """The reminders of open waves waiting to be sent, due by ``now``."""
    return (
        select(ReminderDate.wave_id, ReminderDate.unit_id, ReminderDate.send_on)
        .join(Wave, Wave.id == ReminderDate.wave_id)
        .where(
            ReminderDate.state == ReminderState.PENDING,
            ReminderDate.send_on < _due_before(now),
            Wave.state == WaveState.OPEN,
        )
        .order_by(ReminderDate.wave_id, ReminderDate.unit_id, ReminderDate.send_on)
    )


def claim_due(session: Session, now: dt.datetime) -> list[ClaimedReminder]:
    """Claim every due reminder of an open wave for this sender (flush; commit before sending).

    The UPDATE is conditional on the date still being ``pending``: on PostgreSQL a second
    sender's UPDATE waits for the first to commit and then matches nothing; on SQLite writers
    take turns, with the same result.
    """
    session.execute(
        update(ReminderDate)
        .where(
            ReminderDate.state == ReminderState.SENDING,
            ReminderDate.started_at < now - STALE_AFTER,
        )
        .values(state=ReminderState.FAILED, finished_at=now)
    )
    due = session.execute(_due_query(now)).all()
    won: dict[tuple[int, int], list[dt.date]] = {}
    for wave_id, unit_id, send_on in due:
        claimed = session.execute(
            update(ReminderDate)
            .where(
                ReminderDate.wave_id == wave_id,
                ReminderDate.unit_id == unit_id,
                ReminderDate.send_on == send_on,
                ReminderDate.state == ReminderState.PENDING,
            )
            .values(
                state=ReminderState.SENDING,
                started_at=now,
                attempts=ReminderDate.attempts + 1,
            )
        )
        if getattr(claimed, "rowcount", 0) == 1:
            won.setdefault((wave_id, unit_id), []).append(send_on)
    session.flush()
    return [_claimed(session, wave_id, unit_id, dates) for (wave_id, unit_id), dates in won.items()]


def _claimed(session: Session, wave_id: int, unit_id: int, dates: list[dt.date]) -> ClaimedReminder:
    kept = session.get(ReminderList, (wave_id, unit_id))
    wave, unit = session.get(Wave, wave_id), session.get(Unit, unit_id)
    assert kept is not None and wave is not None and unit is not None
    return ClaimedReminder(
        wave_id, unit_id, tuple(dates), kept.sealed, wave.name, unit.name, wave.closes_on
    )


def reminder_messages(
    claimed: ClaimedReminder,
    cipher: AddressListCipher,
    public_url: str,
    languages: tuple[str, ...] = BILINGUAL,
) -> list[EmailMessage]:
    """One message per address, with no invitation token: the link is the code page."""
    values = {
        language: {
            "survey": claimed.survey,
            "unit": claimed.unit_name,
            "closes": long_date(claimed.closes_on, language) if claimed.closes_on else "",
        }
        for language in languages
    }
    link = f"{public_url.rstrip('/')}/code"
    addresses = cipher.open(claimed.sealed, claimed.wave_id, claimed.unit_id)
    return [
        compose_bilingual(MessageKind.REMINDER, address, link, values, languages)
        for address in addresses
    ]


def record_outcome(
    session: Session, claimed: ClaimedReminder, deliveries: Sequence[Delivery], now: dt.datetime
) -> ReminderRun:
    """Mark the claimed dates sent, or put them back if nothing went out (flush)."""
    sent = sum(1 for delivery in deliveries if delivery.is_sent)
    failed = len(deliveries) - sent
    rows = [
        row
        for row in dates_of(session, claimed.wave_id, claimed.unit_id)
        if row.send_on in claimed.dates and row.state is ReminderState.SENDING
    ]
    attempts = max((row.attempts for row in rows), default=MAX_ATTEMPTS)
    if sent:
        state = ReminderState.SENT
    else:
        state = ReminderState.FAILED if attempts >= MAX_ATTEMPTS else ReminderState.PENDING
    for row in rows:
        row.state, row.sent_count, row.failed_count = state, sent, failed
        row.finished_at = now if state is not ReminderState.PENDING else None
    record(
        session,
        SCHEDULER,
        "reminders.sent" if sent else "reminders.not_sent",
        claimed.wave_id,
        claimed.unit_id,
        f"reminder of {', '.join(f'{d:%Y-%m-%d}' for d in claimed.dates)}:"
        f" {sent} sent, {failed} not sent ({state})",
        now=now,
    )
    session.flush()
    return ReminderRun(claimed.wave_id, claimed.unit_id, sent, failed, state)


def send_due_reminders(
    transaction: Transaction,
    mailer: Mailer,
    cipher: AddressListCipher,
    now: dt.datetime,
    public_url: str,
    languages: tuple[str, ...] = BILINGUAL,
) -> ReminderRound:
    """Send every due reminder once, however many senders run at the same time.

    ``transaction`` opens a session and commits it when its block ends: from ``surveyapp tick``,
    ``lambda: session_scope(app)``, with the runtime's ``mailer`` and ``address_cipher``,
    ``dt.datetime.now(dt.UTC)`` and ``app.config["PUBLIC_URL"]``. It is called once to claim the
    due reminders and once per list to record what became of it; nothing is held open while
    mail is sent. Without a mailer that can send (production with no SMTP URL), nothing is
    claimed and the round says why.
    """
    if not mailer.can_send:
        with transaction() as session:
            waiting = _due_query(now).limit(1)
            is_due = session.execute(waiting).first() is not None
        return ReminderRound((), "email is not set up (SURVEYAPP_SMTP_URL)" if is_due else None)
    with transaction() as session:
        claimed = claim_due(session, now)
    runs = []
    for reminder in claimed:
        try:
            messages = reminder_messages(reminder, cipher, public_url, languages)
        except ValueError:  # sealed under keys no longer configured: tried again, then failed
            messages = []
        deliveries = mailer.deliver(messages)
        with transaction() as session:
            runs.append(record_outcome(session, reminder, deliveries, now))
    return ReminderRound(tuple(runs))
