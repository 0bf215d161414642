"""``surveyapp api-token``: personal tokens for the read API, printed once and stored hashed."""

from __future__ import annotations

import datetime as dt
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.services import api_tokens as tokens
from surveyapp.services.account_errors import AccountError
from surveyapp.services.users import existing_user

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

api_tokens_group = AppGroup(
    "api-token", help=_l("Personal tokens for the read API (same role and scope as their user).")
)


@api_tokens_group.command(
    "create",
    help=_l("Create a token and print it once; send it as ``Authorization: Bearer <token>``."),
)
@click.option("--user", "email", required=True, help=_l("email of the account"))
@click.option("--label", default="api", show_default=True, help=_l("a name to revoke it by"))
def create_command(email: str, label: str) -> None:
    try:
        with session_scope() as session:
            user = existing_user(session, email)
            if not user.is_active:
                raise AccountError(_("%(email)s is deactivated", email=user.email))
            token = tokens.create_api_token(
                session, current_app.config["TOKEN_PEPPER"], user, label, dt.date.today()
            )
    except AccountError as exc:
        raise click.ClickException(said(exc)) from None
    click.echo(token)
    click.echo(_("This is the only copy: only a keyed hash is stored."), err=True)


@api_tokens_group.command(
    "list", help=_l("List a user's tokens by label (the tokens themselves are not stored).")
)
@click.option("--user", "email", required=True, help=_l("email of the account"))
def list_command(email: str) -> None:
    try:
        with session_scope() as session:
            found = [
                (t.label, t.created_on.isoformat())
                for t in tokens.tokens_of(session, existing_user(session, email))
            ]
    except AccountError as exc:
        raise click.ClickException(said(exc)) from None
    if not found:
        click.echo(_("No tokens."))
    for label, created_on in found:
        click.echo(_("%(label)s  created %(date)s", label=label, date=created_on))


@api_tokens_group.command(
    "revoke", help=_l("Revoke tokens: --user E --label L, --user E --all, or --token-stdin.")
)
@click.option("--user", "email", help=_l("email of the account"))
@click.option("--label", help=_l("revoke the user's token with this label"))
@click.option("--all", "revoke_every", is_flag=True, help=_l("revoke every token of the user"))
@click.option("--token-stdin", is_flag=True, help=_l("revoke the token read from standard input"))
def revoke_command(
    email: str | None, label: str | None, revoke_every: bool, token_stdin: bool
) -> None:
    if token_stdin == bool(email):
        raise click.UsageError(_("give either --user (with --label or --all) or --token-stdin"))
    if email and (label is None) == (not revoke_every):
        raise click.UsageError(_("with --user, give exactly one of --label or --all"))
    try:
        with session_scope() as session:
            if token_stdin:
                token = sys.stdin.readline().strip()
                pepper = current_app.config["TOKEN_PEPPER"]
                revoked_label, owner = tokens.revoke_token(session, pepper, token)
                message = _(
                    "Revoked token %(label)r of %(owner)s.", label=revoked_label, owner=owner
                )
            else:
                user = existing_user(session, email or "")
                if revoke_every:
                    count = tokens.revoke_all(session, user)
                    message = _(
                        "Revoked %(count)s token(s) of %(email)s.", count=count, email=user.email
                    )
                else:
                    tokens.revoke_labelled(session, user, label or "")
                    message = _(
                        "Revoked token %(label)r of %(owner)s.", label=label, owner=user.email
                    )
    except AccountError as exc:
        raise click.ClickException(said(exc)) from None
    click.echo(message)
