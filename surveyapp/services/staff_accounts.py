"""An admin looking after staff accounts, within their own scope: the accounts scoped to their
unit or below it, and only those. Every change goes into the audit trail, naming the account
by its number and the unit it is scoped to (never by address).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.roles import Role
from surveyapp.domain.wording import words
from surveyapp.models import Unit, User

from . import users
from .account_errors import AccountError
from .audit import record
from .units import subtree
from .visibility import managed_unit_ids


@dataclass(frozen=True)
class NewStaff:
    email: str
    role: Role
    scope_unit_id: int
    viewer_max_depth: int | None = None
    can_see_comments: bool | None = None


def administered_units(session: Session, admin: User) -> list[tuple[Unit, int]]:
    """The live units an admin may scope accounts to: the units they look after
    (``visibility.managed_unit_ids``), parents first, each with its depth below their unit."""
    managed = managed_unit_ids(session, admin)
    return [
        (unit, managed[unit.id])
        for unit in subtree(session, admin.scope_unit)
        if unit.is_active and unit.id in managed
    ]


def accounts_in_scope(session: Session, admin: User) -> list[User]:
    unit_ids = sorted(managed_unit_ids(session, admin))
    return list(
        session.scalars(select(User).where(User.scope_unit_id.in_(unit_ids)).order_by(User.email))
    )


def account_in_scope(session: Session, admin: User, user_id: int) -> User | None:
    """The account if it is scoped within ``admin``'s scope, else None (the view's 404)."""
    return next((u for u in accounts_in_scope(session, admin) if u.id == user_id), None)


def add_account(session: Session, admin: User, new: NewStaff) -> User:
    """Add an account scoped within the admin's scope. Its password is random and never shown:
    the new colleague sets their own through an emailed link."""
    units = (unit for unit, _ in administered_units(session, admin))
    scope = next((unit for unit in units if unit.id == new.scope_unit_id), None)
    if scope is None:
        raise AccountError(words("choose a unit within your own scope"))
    created = users.add_user(
        session,
        new.email,
        new.role,
        scope,
        viewer_max_depth=new.viewer_max_depth if new.role is Role.VIEWER else None,
        can_see_comments=new.can_see_comments if new.role is Role.VIEWER else None,
    )
    record(
        session,
        admin.email,
        "staff.added",
        unit_id=scope.id,
        detail=f"account {created.user.id} added as {new.role}",
    )
    return created.user


def _change(session: Session, admin: User, user: User, action: str, detail: str) -> None:
    record(
        session,
        admin.email,
        action,
        unit_id=user.scope_unit_id,
        detail=f"account {user.id} {detail}",
    )


def deactivate(session: Session, admin: User, user: User) -> None:
    if user.id == admin.id:
        raise AccountError(words("you cannot deactivate your own account"))
    users.deactivate(session, user)
    _change(session, admin, user, "staff.deactivated", "deactivated: signed out, tokens revoked")


def reactivate(session: Session, admin: User, user: User) -> None:
    users.activate(session, user)
    _change(session, admin, user, "staff.reactivated", "reactivated")


def sign_out_everywhere(session: Session, admin: User, user: User) -> None:
    users.sign_out_everywhere(session, user)
    _change(session, admin, user, "staff.signed_out_everywhere", "signed out everywhere")
