"""Personal API tokens: shown once, stored as HMAC-SHA256(pepper, token), same rights as the user.

A token is ``sv_`` and 256 random bits. It works only on the read API (``Authorization: Bearer``)
and only while its user is active; signing out everywhere, a new password and deactivation
revoke all of a user's tokens (``users.sign_out_everywhere``).
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveyapp.domain.tokens import token_hash
from surveyapp.domain.wording import words
from surveyapp.models import ApiToken, User

from .account_errors import AccountError
from .audit import record

PREFIX = "sv_"
TOKEN_BYTES = 32
MAX_LENGTH = 100


def create_api_token(session: Session, pepper: str, user: User, label: str, today: dt.date) -> str:
    """Store the hash of a new token and return the token itself (the only copy)."""
    label = label.strip()
    if not label or len(label) > MAX_LENGTH:
        raise AccountError(words("a label needs 1 to %(n)s characters", n=MAX_LENGTH))
    if _labelled(session, user, label) is not None:
        raise AccountError(
            words(
                "%(email)s already has a token labelled %(label)s; choose another label",
                email=user.email,
                label=repr(label),
            )
        )
    token = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        ApiToken(
            token_hash=token_hash(pepper, token), user_id=user.id, label=label, created_on=today
        )
    )
    session.flush()
    return token


def create_own_token(session: Session, pepper: str, user: User, label: str, today: dt.date) -> str:
    """A token a staff member makes for themselves on their account page (audited)."""
    token = create_api_token(session, pepper, user, label, today)
    record(session, user.email, "api_token.created", detail=f"API token {label.strip()!r} created")
    return token


def revoke_own_token(session: Session, user: User, label: str) -> None:
    revoke_labelled(session, user, label)
    record(session, user.email, "api_token.revoked", detail=f"API token {label.strip()!r} revoked")


def user_for_token(session: Session, pepper: str, token: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    if not token.startswith(PREFIX) or len(token) > MAX_LENGTH:
        return None
    found = session.get(ApiToken, token_hash(pepper, token))
    if found is None or not found.user.is_active:
        return None
    return found.user


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.label)
        )
    )


def revoke_labelled(session: Session, user: User, label: str) -> None:
    found = _labelled(session, user, label.strip())
    if found is None:
        raise AccountError(
            words(
                "%(email)s has no token labelled %(label)s",
                email=user.email,
                label=repr(label.strip()),
            )
        )
    session.delete(found)
    session.flush()


def revoke_all(session: Session, user: User) -> int:
    result = session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def revoke_token(session: Session, pepper: str, token: str) -> tuple[str, str]:
    """Revoke by the token itself (for a token found where it should not be); returns the
    token's label and its user's email."""
    found = session.get(ApiToken, token_hash(pepper, token.strip()))
    if found is None:
        raise AccountError(words("no such token (it may already be revoked)"))
    described = (found.label, found.user.email)
    session.delete(found)
    session.flush()
    return described


def _labelled(session: Session, user: User, label: str) -> ApiToken | None:
    return session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.label == label)
    ).one_or_none()
