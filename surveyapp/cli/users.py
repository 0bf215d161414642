"""``surveyapp users``: staff accounts. The first admin is created here."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.services import users as accounts
from surveyapp.services.account_errors import AccountError
from surveyapp.services.passwords import WeakPassword
from surveyapp.services.units import unit_by_key

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

users_group = AppGroup("users", help=_l("Staff accounts: admins, analysts, viewers and managers."))


def read_password_from_stdin() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException(_("no password on standard input"))
    return password


@users_group.command(
    "add",
    help=_l(
        "Add a staff account. Without --password-stdin a strong password is generated "
        "and printed\nonce (only its hash is kept)."
    ),
)
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option(
    "--scope", "scope_key", required=True, help=_l("key of the unit whose subtree they see")
)
@click.option(
    "--max-depth",
    type=int,
    default=None,
    help=_l("viewers: levels below the scope unit they see (0 = that unit only)  [default: 1]"),
)
@click.option(
    "--comments/--no-comments",
    default=None,
    help=_l("viewers: may read published comments  [default: no; admins and analysts always]"),
)
@click.option("--password-stdin", is_flag=True, help=_l("read the password from standard input"))
def add_command(
    email: str,
    role: str,
    scope_key: str,
    max_depth: int | None,
    comments: bool | None,
    password_stdin: bool,
) -> None:
    password = read_password_from_stdin() if password_stdin else None
    try:
        with session_scope() as session:
            scope = unit_by_key(session, scope_key)
            if scope is None:
                raise click.ClickException(_("unknown unit %(unit)r", unit=scope_key))
            created = accounts.add_user(
                session,
                email,
                Role(role),
                scope,
                password=password,
                viewer_max_depth=max_depth,
                can_see_comments=comments,
            )
            summary = _(
                "Added %(role)s %(email)s, scope %(scope)s (%(key)s).",
                role=role,
                email=created.user.email,
                scope=scope.name,
                key=scope.key,
            )
    except (AccountError, WeakPassword) as exc:
        raise click.ClickException(said(exc)) from None
    click.echo(summary)
    if created.password is not None:
        click.echo(_("Password (shown once, not stored): %(password)s", password=created.password))


@users_group.command(
    "list", help=_l("List accounts: email, role, scope, what a viewer sees, and whether active.")
)
def list_command() -> None:
    with session_scope() as session:
        rows = [
            (
                user.email,
                user.role.value,
                user.scope_unit.key,
                str(user.viewer_max_depth) if user.role is Role.VIEWER else "all",
                "yes" if user.can_see_comments else "no",
                "active" if user.is_active else "deactivated",
            )
            for user in accounts.all_users(session)
        ]
    if not rows:
        click.echo(_("No accounts yet. Add the first admin with: surveyapp users add --role admin"))
        return
    header = (_("email"), _("role"), _("scope"), _("depth"), _("comments"), _("status"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def _change(email: str, change: str) -> None:
    try:
        with session_scope() as session:
            user = accounts.existing_user(session, email)
            if change == "deactivate":
                accounts.deactivate(session, user)
            elif change == "activate":
                accounts.activate(session, user)
            else:
                accounts.sign_out_everywhere(session, user)
            address = user.email
    except AccountError as exc:
        raise click.ClickException(said(exc)) from None
    messages = {
        "deactivate": _(
            "Deactivated %(email)s: signed out, API tokens revoked, cannot sign in.", email=address
        ),
        "activate": _("Reactivated %(email)s.", email=address),
        "sign-out": _(
            "Signed %(email)s out everywhere and revoked their API tokens.", email=address
        ),
    }
    click.echo(messages[change])


@users_group.command(
    "deactivate",
    help=_l("Stop an account signing in; ends its sessions and revokes its API tokens."),
)
@click.option("--email", required=True)
def deactivate_command(email: str) -> None:
    _change(email, "deactivate")


@users_group.command("activate", help=_l("Let a deactivated account sign in again."))
@click.option("--email", required=True)
def activate_command(email: str) -> None:
    _change(email, "activate")


@users_group.command(
    "sign-out-everywhere",
    help=_l(
        "End every session of an account and revoke its API tokens (e.g. after a lost device)."
    ),
)
@click.option("--email", required=True)
def sign_out_everywhere_command(email: str) -> None:
    _change(email, "sign-out")


@users_group.command(
    "set-password",
    help=_l(
        "Give an account a new password (generated and printed once unless "
        "--password-stdin);\nends its sessions and revokes its API tokens."
    ),
)
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help=_l("read the password from standard input"))
def set_password_command(email: str, password_stdin: bool) -> None:
    password = read_password_from_stdin() if password_stdin else None
    try:
        with session_scope() as session:
            user = accounts.existing_user(session, email)
            generated = accounts.set_password(session, user, password)
            address = user.email
    except (AccountError, WeakPassword) as exc:
        raise click.ClickException(said(exc)) from None
    click.echo(
        _(
            "New password set for %(email)s; their sessions and API tokens have ended.",
            email=address,
        )
    )
    if generated is not None:
        click.echo(_("Password (shown once, not stored): %(password)s", password=generated))
