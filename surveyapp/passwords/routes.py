"""Set a password from an emailed link, as a respondent's link works: the token leaves the
address bar at once (it moves into the signed session cookie, then a redirect), the link page
sends no referrer and its path is redacted from logs. Posting the form spends the link and ends
every session of the account; the person then signs in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from surveyapp.accounts.access import public
from surveyapp.accounts.messages import sentence
from surveyapp.accounts.signed_in import CLOCK
from surveyapp.database import db
from surveyapp.languages import SESSION_KEY as LANGUAGE
from surveyapp.languages import keep_choice
from surveyapp.services.account_errors import AccountError
from surveyapp.services.password_links import MAX_TOKEN_LENGTH, use_link, user_for_link
from surveyapp.services.passwords import WeakPassword

from .forms import SetPasswordForm

bp = Blueprint("passwords", __name__)
SESSION_KEY = "password_link"


@bp.after_request
def _not_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _pepper() -> str:
    return str(current_app.config["TOKEN_PEPPER"])


@bp.get("/set-password/<token>")
@public
def link(token: str) -> BaseResponse:
    """The emailed link: keep the token for this browser only, and drop it from the address."""
    session[SESSION_KEY] = token[:MAX_TOKEN_LENGTH]
    return redirect(url_for(".set_password"), 303)


def _page(form: SetPasswordForm, email: str) -> str:
    return render_template("passwords/set_password.html", form=form, email=email)


@bp.route("/set-password", methods=["GET", "POST"])
@public
def set_password() -> Any:
    token = session.get(SESSION_KEY)
    now = current_app.extensions[CLOCK]()
    user = user_for_link(db(), _pepper(), token, now) if isinstance(token, str) else None
    if user is None:
        session.pop(SESSION_KEY, None)
        return render_template("passwords/link_not_valid.html"), 410
    form = SetPasswordForm()
    if not form.is_submitted():
        return _page(form, user.email)
    if not form.validate():
        return _page(form, user.email), 400
    try:
        use_link(db(), _pepper(), token, form.password.data, now)
    except WeakPassword as problem:
        form.password.errors = [sentence(problem)]
        return _page(form, user.email), 400
    except AccountError:
        session.pop(SESSION_KEY, None)
        return render_template("passwords/link_not_valid.html"), 410
    language = session.get(LANGUAGE)
    session.clear()
    keep_choice(language)
    return redirect(url_for(".password_set"), 303)


@bp.get("/password-set")
@public
def password_set() -> str:
    return render_template("passwords/password_set.html")
