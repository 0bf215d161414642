"""Server-side records of signed-in staff browsers: started at sign-in, checked on every request,
ended by signing out (here or everywhere), by a new password or deactivation, by an idle
timeout and by an absolute lifetime.

The browser holds a random id in its signed session cookie; only HMAC-SHA256(pepper, id) is
stored. Operations take a Session and flush; the request or command commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from surveyapp.domain.tokens import token_hash
from surveyapp.models import StaffSession, User

ID_BYTES = 32
MAX_ID_LENGTH = 100
# How stale ``last_seen_at`` may get before a request writes it again: an idle timeout counted
# in minutes needs no write on every request.
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class SessionLimits:
    idle: dt.timedelta
    lifetime: dt.timedelta

    def has_expired(self, record: StaffSession, now: dt.datetime) -> bool:
        return (
            now - _utc(record.last_seen_at) > self.idle
            or now - _utc(record.created_at) > self.lifetime
        )


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every time here was written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def start(session: Session, pepper: str, user: User, now: dt.datetime) -> str:
    """Record a new signed-in browser of ``user``; returns its id, for the cookie only."""
    session_id = secrets.token_urlsafe(ID_BYTES)
    session.add(
        StaffSession(
            id_hash=token_hash(pepper, session_id),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return session_id


def current(
    session: Session, pepper: str, session_id: str, now: dt.datetime, limits: SessionLimits
) -> StaffSession | None:
    """The live record of ``session_id`` whose user is active, or None."""
    if not session_id or len(session_id) > MAX_ID_LENGTH:
        return None
    record = session.get(StaffSession, token_hash(pepper, session_id))
    if record is None or limits.has_expired(record, now) or not record.user.is_active:
        return None
    return record


def is_due_a_touch(record: StaffSession, now: dt.datetime) -> bool:
    return now - _utc(record.last_seen_at) >= TOUCH_EVERY


def touch(session: Session, id_hash: str, now: dt.datetime) -> None:
    """Note that a session was used; it stays alive for another idle period."""
    session.execute(
        update(StaffSession)
        .where(StaffSession.id_hash == id_hash, StaffSession.last_seen_at < now)
        .values(last_seen_at=now)
    )
    session.flush()


def end(session: Session, pepper: str, session_id: str) -> None:
    session.execute(
        delete(StaffSession).where(StaffSession.id_hash == token_hash(pepper, session_id))
    )
    session.flush()


def end_all(session: Session, user: User) -> None:
    session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    session.flush()


def purge_expired(session: Session, now: dt.datetime, limits: SessionLimits) -> None:
    """Remove the records of sessions that have timed out, whoever they belonged to."""
    session.execute(
        delete(StaffSession).where(
            or_(
                StaffSession.last_seen_at < now - limits.idle,
                StaffSession.created_at < now - limits.lifetime,
            )
        )
    )
    session.flush()
