"""Personal tokens for the read API, on the staff member's own account: a new token is shown
on the page that creates it, once (only its keyed hash is stored); any may be revoked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from surveyapp.accounts.access import require, signed_in_user
from surveyapp.accounts.messages import sentence
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.services import api_tokens
from surveyapp.services.account_errors import AccountError

from .forms import NewTokenForm, RevokeForm

bp = Blueprint("account_tokens", __name__, url_prefix="/account/api-tokens")


@bp.after_request
def _not_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(
    form: NewTokenForm, new_token: str | None = None, label: str = "", problem: str = ""
) -> str:
    return render_template(
        "account_tokens/tokens.html",
        form=form,
        tokens=api_tokens.tokens_of(db(), signed_in_user()),
        new_token=new_token,
        new_label=label,
        revoke=RevokeForm(),
        problem=problem,
    )


@bp.get("/")
@require(*Role)
def tokens() -> str:
    return _page(NewTokenForm())


@bp.post("/")
@require(*Role)
def create() -> Any:
    form = NewTokenForm()
    if not form.validate():
        return _page(form), 400
    try:
        token = api_tokens.create_own_token(
            db(),
            current_app.config["TOKEN_PEPPER"],
            signed_in_user(),
            form.label.data,
            dt.date.today(),
        )
    except AccountError as problem:
        form.label.errors = [sentence(problem)]
        return _page(form), 400
    return _page(NewTokenForm(formdata=None), token, form.label.data)


@bp.post("/revoke")
@require(*Role)
def revoke() -> Any:
    form = RevokeForm()
    label = form.label.data or ""
    try:
        api_tokens.revoke_own_token(db(), signed_in_user(), label)
    except AccountError:
        return _page(NewTokenForm(), problem=_("That token had already been revoked")), 400
    flash(_("The token %(label)s is revoked.", label=repr(label)))
    return redirect(url_for(".tokens"), 303)
