"""Sign-in, sign-out (here or everywhere) and the account page. Thin: forms in, services out."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response as BaseResponse

from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.extensions import limiter
from surveyapp.services import users

from . import signed_in
from .access import public, require, signed_in_user
from .forms import SignInForm
from .navigation import home_endpoint
from .redirects import local_path

bp = Blueprint("accounts", __name__)

SIGN_IN_LIMIT = "10/minute"
WRONG = _l("Your email address or password is wrong")
TOO_MANY = _l("Too many attempts to sign in from here. Wait a minute, then try again")


@bp.after_request
def _not_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _sign_in_page(form: SignInForm, next_page: str | None) -> str:
    return render_template("accounts/sign_in.html", form=form, next_page=next_page)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in() -> Any:
    next_page = local_path(request.values.get("next"))
    form = SignInForm()
    if request.method == "GET":
        return _sign_in_page(form, next_page)
    if not form.validate():
        return _sign_in_page(form, next_page), 400
    user = users.authenticate(db(), form.email.data, form.password.data)
    if user is None:
        form.email.errors.append(WRONG)
        return _sign_in_page(form, next_page), 400
    signed_in.begin(user)
    return redirect(next_page or url_for(home_endpoint(user.role)), 303)


@bp.errorhandler(TooManyRequests)
def _too_many(_error: TooManyRequests) -> tuple[str, int]:
    form = SignInForm()
    form.email.errors = [TOO_MANY]
    return _sign_in_page(form, local_path(request.values.get("next"))), 429


@bp.post("/sign-out")
@require(*Role)
def sign_out() -> BaseResponse:
    signed_in.end_here()
    return redirect(url_for(".signed_out"), 303)


@bp.post("/sign-out-everywhere")
@require(*Role)
def sign_out_everywhere() -> BaseResponse:
    users.sign_out_everywhere(db(), signed_in_user())
    signed_in.end_here()
    return redirect(url_for(".signed_out", everywhere=1), 303)


@bp.get("/signed-out")
@public
def signed_out() -> str:
    everywhere = bool(request.args.get("everywhere"))
    return render_template("accounts/signed_out.html", everywhere=everywhere)


@bp.get("/account")
@require(*Role)
def account() -> str:
    return render_template(
        "accounts/account.html",
        user=signed_in_user(),
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
        max_hours=current_app.config["SESSION_MAX_HOURS"],
    )
