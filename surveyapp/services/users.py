"""Staff account operations. They take a Session and flush; the request or command commits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.roles import COMMENTS_IF_GRANTED, Role
from surveyapp.domain.wording import words
from surveyapp.models import Unit, User

from . import staff_sessions
from .account_errors import AccountError
from .api_tokens import revoke_all
from .passwords import hash_password, new_password, verify_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_VIEWER_DEPTH = 10


@dataclass(frozen=True)
class NewAccount:
    user: User
    password: str | None  # the generated password, to print once; None when the caller chose it


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()


def existing_user(session: Session, email: str) -> User:
    user = user_by_email(session, email)
    if user is None:
        raise AccountError(words("no user with email %(email)s", email=normalise_email(email)))
    return user


def add_user(
    session: Session,
    email: str,
    role: Role,
    scope: Unit,
    *,
    password: str | None = None,
    viewer_max_depth: int | None = None,
    can_see_comments: bool | None = None,
) -> NewAccount:
    """Create an account. Without ``password`` a strong one is generated and returned once.

    Admins and analysts always see comments in their scope; viewers and managers see them only
    if granted.
    """
    address = normalise_email(email)
    if not EMAIL.match(address) or len(address) > 320:
        raise AccountError(words("%(email)s is not an email address", email=repr(email)))
    if user_by_email(session, address) is not None:
        raise AccountError(words("a user with email %(email)s already exists", email=address))
    if viewer_max_depth is not None and role is not Role.VIEWER:
        raise AccountError(words("a maximum depth applies to viewers only"))
    if role not in COMMENTS_IF_GRANTED and can_see_comments is False:
        raise AccountError(
            words("an admin always sees the comments in their scope")
            if role is Role.ADMIN
            else words("an analyst always sees the comments in their scope")
        )
    depth = 1 if viewer_max_depth is None else viewer_max_depth
    if not 0 <= depth <= MAX_VIEWER_DEPTH:
        raise AccountError(
            words("the maximum depth must be between 0 and %(n)s", n=MAX_VIEWER_DEPTH)
        )
    chosen = new_password() if password is None else password
    user = User(
        email=address,
        password_hash=hash_password(chosen),
        role=role,
        scope_unit_id=scope.id,
        is_active=True,
        viewer_max_depth=depth,
        can_see_comments=role not in COMMENTS_IF_GRANTED or bool(can_see_comments),
    )
    session.add(user)
    session.flush()
    return NewAccount(user, chosen if password is None else None)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active account with this email and password, else None (never saying which was
    wrong). The password is checked even for an unknown email, so timing reveals nothing."""
    user = user_by_email(session, email)
    matches = verify_password(user.password_hash if user else None, password)
    if user is None or not matches or not user.is_active:
        return None
    return user


def sign_out_everywhere(session: Session, user: User) -> None:
    """End every signed-in session of ``user`` and revoke their API tokens.

    Used after a lost device, and by a password change and deactivation: nothing that worked
    before, a copied cookie or a token, works after (a reactivated account starts with none).
    """
    staff_sessions.end_all(session, user)
    revoke_all(session, user)


def set_password(session: Session, user: User, password: str | None = None) -> str | None:
    """Replace the password, end every session and revoke every API token; returns a generated
    password, if any."""
    chosen = new_password() if password is None else password
    user.password_hash = hash_password(chosen)
    sign_out_everywhere(session, user)
    return chosen if password is None else None


def deactivate(session: Session, user: User) -> None:
    user.is_active = False
    sign_out_everywhere(session, user)


def activate(session: Session, user: User) -> None:
    user.is_active = True
    session.flush()


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))
