"""Staff accounts within the admin's scope. Thin: forms in, ``services.staff_accounts`` out.

Adding an account and sending its set-password link talk to the mail server, so those views are
``reads_only`` and commit in transactions of their own (``services.password_links``): no lock is
held while mail goes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from surveyapp.accounts import signed_in
from surveyapp.accounts.access import require, signed_in_user
from surveyapp.accounts.messages import sentence
from surveyapp.accounts.signed_in import CLOCK
from surveyapp.database import db, own_transaction, reads_only
from surveyapp.domain.roles import Role
from surveyapp.models import User
from surveyapp.runtime import runtime
from surveyapp.services import staff_accounts
from surveyapp.services.account_errors import AccountError
from surveyapp.services.mailer import MailUnavailable
from surveyapp.services.password_links import send_link
from surveyapp.services.staff_accounts import NewStaff

from .forms import NewStaffForm

bp = Blueprint("staff", __name__, url_prefix="/admin/staff")


@bp.after_request
def _not_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _account(user_id: int) -> User:
    user = staff_accounts.account_in_scope(db(), signed_in_user(), user_id)
    if user is None:
        abort(404)  # not theirs to manage: do not confirm it exists
    return user


def _mail_the_link(user_id: int) -> str | None:
    """Send the account a set-password link; the problem, if it could not be sent."""
    try:
        send_link(
            own_transaction,
            runtime().mailer,
            current_app.config["TOKEN_PEPPER"],
            user_id,
            signed_in_user().email,
            current_app.extensions[CLOCK](),
            current_app.config["PUBLIC_URL"],
            current_app.config["LANGUAGES"],
        )
    except (AccountError, MailUnavailable) as problem:
        return sentence(problem)
    return None


@bp.get("/")
@require(Role.ADMIN)
def index() -> str:
    admin = signed_in_user()
    return render_template(
        "staff/index.html", accounts=staff_accounts.accounts_in_scope(db(), admin), admin=admin
    )


def _offer_units(form: NewStaffForm) -> None:
    form.scope_unit_id.choices = [
        SelectChoice(str(unit.id), "– " * depth + unit.name)
        for unit, depth in staff_accounts.administered_units(db(), signed_in_user())
    ]


def _new_page(form: NewStaffForm) -> str:
    _offer_units(form)
    return render_template("staff/new.html", form=form)


@bp.get("/new")
@require(Role.ADMIN)
def new() -> str:
    return _new_page(NewStaffForm(scope_unit_id=signed_in_user().scope_unit_id))


@bp.post("/new")
@reads_only
@require(Role.ADMIN)
def add() -> Any:
    form = NewStaffForm()
    _offer_units(form)
    if not form.validate():
        return _new_page(form), 400
    new_staff = NewStaff(
        form.email.data,
        Role(form.role.data),
        form.scope_unit_id.data,
        viewer_max_depth=form.viewer_max_depth.data,
        can_see_comments=bool(form.can_see_comments.data),
    )
    try:
        with own_transaction() as session:
            admin = session.get(User, signed_in_user().id)
            assert admin is not None
            user_id = staff_accounts.add_account(session, admin, new_staff).id
    except AccountError as problem:
        form.email.errors = [sentence(problem)]
        return _new_page(form), 400
    flash(_("The account for %(email)s is added.", email=new_staff.email))
    if form.send_link.data:
        problem = _mail_the_link(user_id)
        if problem:
            db().rollback()  # end the read begun before the account was committed, to see it
            return _account_page(_account(user_id), problem)
        flash(_("A link to set their password has been emailed to them."))
    return redirect(url_for(".account", user_id=user_id), 303)


def _account_page(user: User, problem: str = "") -> str:
    return render_template(
        "staff/account.html",
        user=user,
        problem=problem,
        is_self=user.id == signed_in_user().id,
        can_send=runtime().mailer.can_send,
    )


@bp.get("/<int:user_id>")
@require(Role.ADMIN)
def account(user_id: int) -> str:
    return _account_page(_account(user_id))


@bp.post("/<int:user_id>/password-link")
@reads_only
@require(Role.ADMIN)
def password_link(user_id: int) -> Any:
    user = _account(user_id)
    problem = _mail_the_link(user.id)
    if problem:
        return _account_page(user, problem), 400
    flash(_("A link to set a password has been emailed to %(email)s.", email=user.email))
    return redirect(url_for(".account", user_id=user.id), 303)


@bp.post("/<int:user_id>/sign-out-everywhere")
@require(Role.ADMIN)
def sign_out_everywhere(user_id: int) -> BaseResponse:
    user = _account(user_id)
    staff_accounts.sign_out_everywhere(db(), signed_in_user(), user)
    if user.id == signed_in_user().id:
        signed_in.end_here()
        return redirect(url_for("accounts.signed_out", everywhere=1), 303)
    flash(
        _("%(email)s is signed out everywhere, and their API tokens are revoked.", email=user.email)
    )
    return redirect(url_for(".account", user_id=user.id), 303)


@bp.post("/<int:user_id>/deactivate")
@require(Role.ADMIN)
def deactivate(user_id: int) -> Any:
    user = _account(user_id)
    try:
        staff_accounts.deactivate(db(), signed_in_user(), user)
    except AccountError as problem:
        return _account_page(user, sentence(problem)), 400
    flash(
        _(
            "%(email)s is deactivated: signed out, API tokens revoked, cannot sign in.",
            email=user.email,
        )
    )
    return redirect(url_for(".account", user_id=user.id), 303)


@bp.post("/<int:user_id>/reactivate")
@require(Role.ADMIN)
def reactivate(user_id: int) -> BaseResponse:
    user = _account(user_id)
    staff_accounts.reactivate(db(), signed_in_user(), user)
    flash(
        _(
            "%(email)s can sign in again (with a new password link if they need one).",
            email=user.email,
        )
    )
    return redirect(url_for(".account", user_id=user.id), 303)
