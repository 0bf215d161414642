"""Set-password links: how an admin gets a password to a colleague without ever knowing it.

The link holds 256 random bits; only HMAC-SHA256(pepper, token) is stored, with an expiry. A
new link replaces any earlier one of the same account; using a link deletes it in the same
statement that checks it (a conditional DELETE), so it works once even if two tabs post at once;
setting the password then ends every session and API token of the account, as any new password
does. No password is ever emailed.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveyapp.domain.mail_message import compose_bilingual
from surveyapp.domain.mail_wording import BILINGUAL, MessageKind, long_date
from surveyapp.domain.password_rule import password_problem
from surveyapp.domain.tokens import token_hash
from surveyapp.domain.wording import words
from surveyapp.models import PasswordLink, User

from .account_errors import AccountError
from .audit import record
from .mailer import Mailer, MailUnavailable
from .passwords import WeakPassword
from .transaction import Transaction
from .users import set_password

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100
LIFETIME = dt.timedelta(hours=48)


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every time here was written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def issue_link(session: Session, pepper: str, user: User, now: dt.datetime) -> str:
    """A new link token for ``user`` (any earlier link stops working); the only copy."""
    session.execute(delete(PasswordLink).where(PasswordLink.user_id == user.id))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        PasswordLink(
            token_hash=token_hash(pepper, token), user_id=user.id, expires_at=now + LIFETIME
        )
    )
    session.flush()
    return token


def user_for_link(session: Session, pepper: str, token: str, now: dt.datetime) -> User | None:
    """The active account a live link belongs to, or None (unknown, used, expired)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    link = session.get(PasswordLink, token_hash(pepper, token))
    if link is None or _utc(link.expires_at) <= now or not link.user.is_active:
        return None
    return link.user


def use_link(session: Session, pepper: str, token: str, password: str, now: dt.datetime) -> User:
    """Set the password through a live link and spend the link: ``AccountError`` if the link is
    no good, ``WeakPassword`` if the password is too easy to guess (the link still works)."""
    user = user_for_link(session, pepper, token, now)
    if user is None:
        raise AccountError(words("this link has been used, has expired or is not valid"))
    problem = password_problem(password, [user.email])
    if problem is not None:
        raise WeakPassword(problem)
    spent = session.execute(
        delete(PasswordLink).where(
            PasswordLink.token_hash == token_hash(pepper, token), PasswordLink.expires_at > now
        )
    )
    if getattr(spent, "rowcount", 0) != 1:
        raise AccountError(words("this link has been used, has expired or is not valid"))
    set_password(session, user, password)
    record(session, user.email, "password.set_by_link", detail="password set with an emailed link")
    return user


def send_link(
    transaction: Transaction,
    mailer: Mailer,
    pepper: str,
    user_id: int,
    actor: str,
    now: dt.datetime,
    public_url: str,
    languages: tuple[str, ...] = BILINGUAL,
) -> None:
    """Email account ``user_id`` a new set-password link, in each of ``languages`` (the
    deployment's first first: an account keeps no language).

    The link is committed before the mail goes (so the link works when it arrives, and no lock
    is held while the mail server is talked to) and deleted again if the mail did not go:
    ``AccountError`` then says why. ``MailUnavailable`` if this deployment cannot send mail.
    """
    if not mailer.can_send:
        raise MailUnavailable(getattr(mailer, "REFUSAL", words("email is not set up")))
    with transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise AccountError(words("no such account"))
        if not user.is_active:
            raise AccountError(
                words("%(email)s is deactivated: reactivate the account first", email=user.email)
            )
        token = issue_link(session, pepper, user, now)
        email, scope_unit_id = user.email, user.scope_unit_id
    expires = (now + LIFETIME).astimezone()
    until = {
        "en": f"{expires:%H:%M} on {long_date(expires.date())}",
        "cy": f"{expires:%H:%M}, {long_date(expires.date(), 'cy')}",
    }
    message = compose_bilingual(
        MessageKind.SET_PASSWORD,
        email,
        f"{public_url.rstrip('/')}/set-password/{token}",
        {
            language: {"email": email, "expires": until.get(language, until["en"])}
            for language in languages
        },
        languages,
    )
    (delivery,) = mailer.deliver([message])
    with transaction() as session:
        if not delivery.is_sent:
            session.execute(delete(PasswordLink).where(PasswordLink.user_id == user_id))
        record(
            session,
            actor,
            "staff.password_link_sent" if delivery.is_sent else "staff.password_link_not_sent",
            unit_id=scope_unit_id,
            detail=f"set-password link for account {user_id}"
            + ("" if delivery.is_sent else " could not be sent"),
            now=now,
        )
    if not delivery.is_sent:
        raise AccountError(words("The link could not be sent: %(reason)s", reason=delivery.reason))


def purge_expired(session: Session, now: dt.datetime) -> None:
    session.execute(delete(PasswordLink).where(PasswordLink.expires_at <= now))
    session.flush()


def links_of(session: Session, user: User) -> list[PasswordLink]:
    return list(session.scalars(select(PasswordLink).where(PasswordLink.user_id == user.id)))
