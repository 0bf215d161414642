"""Invitations by email and the reminder list of a unit.

Sending is slow and talks to another server, so the email view is ``reads_only``: it holds no
database lock while the mail goes, and ``invitation_mail`` commits what it issues and withdraws
in transactions of its own. The addresses are the admin's own input; they appear on the page
that reports the send (and in its retry form) and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from surveyapp.accounts.access import administered_unit, require, signed_in_user
from surveyapp.database import db, own_transaction, reads_only
from surveyapp.domain.address_list import LineProblem
from surveyapp.domain.roles import Role
from surveyapp.domain.wording import weekday_words
from surveyapp.languages import said, translated
from surveyapp.models import Wave, WaveState, WaveUnit
from surveyapp.runtime import runtime
from surveyapp.services import reminders
from surveyapp.services.invitation_mail import EmailRequest, email_invitations
from surveyapp.services.invitations import InvitationError
from surveyapp.services.mailer import MailUnavailable, NoMailer
from surveyapp.services.reminders import ReminderError

from .forms import (
    AddressesForm,
    ConfirmForm,
    EmailForm,
    ReminderDateForm,
    RemoveDateForm,
    RetryForm,
)
from .routes import UNIT_PAGE, base_url, bp, live_unit, pepper


def _email_page(wave: Wave, member: WaveUnit, form: EmailForm, problem: str = "") -> str:
    return render_template(
        "invitations/email.html",
        wave=wave,
        member=member,
        form=form,
        problem=problem,
        can_send=runtime().mailer.can_send,
        refusal=NoMailer.REFUSAL,
        is_open=wave.state is WaveState.OPEN,
    )


@bp.get(f"{UNIT_PAGE}/email")
@require(Role.ADMIN)
def email(wave_id: int, unit_id: int) -> str:
    found, member = administered_unit(wave_id, unit_id)
    return _email_page(found, member, EmailForm())


@bp.post(f"{UNIT_PAGE}/email")
@reads_only
@require(Role.ADMIN)
def send_email(wave_id: int, unit_id: int) -> Any:
    """Send; the page that reports it can post the failed addresses back (the retry form)."""
    found, member = administered_unit(wave_id, unit_id)
    form = EmailForm()
    if not form.validate():
        return _email_page(found, member, form), 400
    request = EmailRequest(
        found.id,
        member.unit_id,
        form.parsed.addresses,
        signed_in_user().email,
        keep_for_reminders=bool(form.keep_for_reminders.data),
        issuer_id=signed_in_user().id,
    )
    running = runtime()
    try:
        report = email_invitations(
            own_transaction,
            running.mailer,
            request,
            pepper(),
            base_url(),
            running.address_cipher,
            current_app.config["LANGUAGES"],  # both languages, the deployment's first first
        )
    except (MailUnavailable, InvitationError) as problem:
        return _email_page(found, member, form, said(problem)), 400
    failed = "\n".join(item.listed.address for item in report.not_sent)
    keep = "y" if request.keep_for_reminders else ""
    return render_template(
        "invitations/email_sent.html",
        wave=found,
        member=member,
        report=report,
        problems=form.parsed.problems,
        retry=RetryForm(formdata=None, addresses=failed, keep_for_reminders=keep),
    )


def _reminders_page(
    wave: Wave,
    member: WaveUnit,
    list_form: AddressesForm | None = None,
    date_form: ReminderDateForm | None = None,
    problems: tuple[LineProblem, ...] = (),
    notice: str = "",
) -> str:
    return render_template(
        "invitations/reminders.html",
        wave=wave,
        member=member,
        kept=reminders.kept_list(db(), wave.id, member.unit_id),
        dates=reminders.dates_of(db(), wave.id, member.unit_id),
        list_form=list_form or AddressesForm(),
        date_form=date_form or ReminderDateForm(),
        confirm=ConfirmForm(),
        problems=problems,
        notice=notice,
        can_send=runtime().mailer.can_send,
        is_open=wave.state is WaveState.OPEN,
    )


def _back(wave_id: int, unit_id: int) -> BaseResponse:
    return redirect(url_for("invitations.reminders_page", wave_id=wave_id, unit_id=unit_id), 303)


@bp.get(f"{UNIT_PAGE}/reminders")
@require(Role.ADMIN)
def reminders_page(wave_id: int, unit_id: int) -> str:
    found, member = administered_unit(wave_id, unit_id)
    return _reminders_page(found, member)


@bp.post(f"{UNIT_PAGE}/reminders/list")
@require(Role.ADMIN)
def keep_reminder_list(wave_id: int, unit_id: int) -> Any:
    """Keep (replace) the list; lines that are not addresses are reported on the page."""
    found, member = administered_unit(wave_id, unit_id)
    form = AddressesForm()
    if not form.validate():
        return _reminders_page(found, member, list_form=form), 400
    addresses = [listed.address for listed in form.parsed.addresses]
    try:
        reminders.keep_list(
            db(),
            runtime().address_cipher,
            found,
            live_unit(member),
            addresses,
            signed_in_user().email,
        )
    except ReminderError as problem:
        form.addresses.errors = [said(problem)]
        return _reminders_page(found, member, list_form=form), 400
    flash(
        _(
            "%(count)s addresses are kept for reminders, encrypted, until the survey closes.",
            count=len(addresses),
        )
    )
    return _reminders_page(found, member, problems=form.parsed.problems)


@bp.post(f"{UNIT_PAGE}/reminders/dates")
@require(Role.ADMIN)
def add_reminder_date(wave_id: int, unit_id: int) -> Any:
    found, member = administered_unit(wave_id, unit_id)
    form = ReminderDateForm()
    if not form.validate():
        return _reminders_page(found, member, date_form=form), 400
    try:
        send_on = form.send_on.data or reminders.date_days_before_close(
            found, form.days_before_close.data
        )
        reminders.add_date(
            db(), found, live_unit(member), send_on, dt.date.today(), signed_in_user().email
        )
    except ReminderError as problem:
        form.send_on.errors = [said(problem)]
        return _reminders_page(found, member, date_form=form), 400
    flash(
        _(
            "A reminder will go on %(date)s, from 9 in the morning.",
            date=translated(weekday_words(send_on)),
        )
    )
    return _back(found.id, member.unit_id)


@bp.post(f"{UNIT_PAGE}/reminders/dates/remove")
@require(Role.ADMIN)
def remove_reminder_date(wave_id: int, unit_id: int) -> Any:
    found, member = administered_unit(wave_id, unit_id)
    form = RemoveDateForm()
    try:
        send_on = dt.date.fromisoformat(form.send_on.data or "")
        reminders.remove_date(db(), found.id, member.unit_id, send_on, signed_in_user().email)
    except (ReminderError, ValueError):
        notice = _("That reminder is not waiting to be sent: it may have gone already")
        return _reminders_page(found, member, notice=notice), 400
    flash(_("The reminder of %(date)s is cancelled.", date=translated(weekday_words(send_on))))
    return _back(found.id, member.unit_id)


@bp.post(f"{UNIT_PAGE}/reminders/forget")
@require(Role.ADMIN)
def forget_reminder_list(wave_id: int, unit_id: int) -> BaseResponse:
    found, member = administered_unit(wave_id, unit_id)
    reminders.forget_list(db(), found.id, member.unit_id, signed_in_user().email)
    flash(_("The address list and its reminders are deleted."))
    return _back(found.id, member.unit_id)
