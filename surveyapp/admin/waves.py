"""Wave pages: a new wave from a question bank (open now or on a date), the bank's questions,
one wave with what can be done with it, and the confirmations to open and to close it early.
A closed wave is never opened again; asking to is refused with the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from surveyapp.accounts.access import managed_unit, managed_wave, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.languages import long_date, translated
from surveyapp.models import Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services import audit
from surveyapp.services.units import tree_rows
from surveyapp.services.visibility import managed_unit_ids
from surveyapp.services.waves import CANNOT_REOPEN, WaveError, close_wave, create_wave, open_wave

from .forms.choices import offer, readers_banks
from .forms.waves import ConfirmForm, NewWaveForm
from .routes import bp


def _thresholds() -> tuple[int, int]:
    config = current_app.config
    return config["MIN_GROUP_SIZE"], config["MIN_COMMENT_GROUP_SIZE"]


@bp.route("/waves/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def new_wave() -> Any:
    admin, today = signed_in_user(), dt.date.today()
    form = NewWaveForm(today=today)
    offer(form, readers_banks(), tree_rows(db(), managed_unit_ids(db(), admin)))
    if form.validate_on_submit():
        root = managed_unit(form.root_unit.data)
        bank = runtime().banks[form.bank.data]
        try:
            wave = create_wave(
                db(), bank, root, form.name.data, form.closes_on.data, form.opening()
            )
            if form.opening() is None:
                open_wave(db(), wave, *_thresholds(), today)
        except WaveError as exc:
            getattr(form, exc.field, form.name).errors.append(translated(exc.message))
        else:
            action = "wave.open" if wave.state is WaveState.OPEN else "wave.plan"
            audit.record(db(), admin.email, action, wave.id, detail=f"{bank.key} for {root.key}")
            flash(
                _("%(name)s is open.", name=wave.name)
                if wave.state is WaveState.OPEN or wave.opens_on is None
                else _(
                    "%(name)s is planned to open on %(date)s.",
                    name=wave.name,
                    date=long_date(wave.opens_on),
                )
            )
            return redirect(url_for(".wave", wave_id=wave.id), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("admin/wave_new.html", form=form, banks=readers_banks()), status


@bp.get("/banks/<bank_key>")
@require(Role.ADMIN)
def bank(bank_key: str) -> str:
    """A question bank's questions, by page and theme, as staff will see them."""
    found = readers_banks().get(bank_key)
    if found is None:
        abort(404)
    return render_template("admin/bank.html", bank=found)


def _wave_page(wave: Wave, form: ConfirmForm | None = None, problem: object = "") -> str:
    return render_template(
        "admin/wave.html",
        wave=wave,
        bank=readers_banks().get(wave.bank_key),
        form=form or ConfirmForm(formdata=None),
        problem=problem,
        cannot_reopen=CANNOT_REOPEN,
        today=dt.date.today(),
    )


@bp.get("/waves/<int:wave_id>")
@require(Role.ADMIN)
def wave(wave_id: int) -> str:
    return _wave_page(managed_wave(wave_id))


@bp.route("/waves/<int:wave_id>/open", methods=["GET", "POST"])
@require(Role.ADMIN)
def open_wave_page(wave_id: int) -> Any:
    """Open a draft now. Any other wave is refused with the reason (a closed one never
    reopens)."""
    wave = managed_wave(wave_id)
    form = ConfirmForm()
    if wave.state is not WaveState.DRAFT:
        reason = (
            CANNOT_REOPEN
            if wave.state is WaveState.CLOSED
            else _("%(name)s is already open", name=wave.name)
        )
        return _wave_page(wave, problem=reason), 409
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        k, k_comments = _thresholds()
        page = render_template(
            "admin/wave_open.html", wave=wave, form=form, k=k, k_comments=k_comments
        )
        return page, status
    try:
        open_wave(db(), wave, *_thresholds(), dt.date.today())
    except WaveError as exc:
        return _wave_page(wave, problem=exc.message), 409
    audit.record(db(), signed_in_user().email, "wave.open", wave.id, detail="opened by hand")
    flash(_("%(name)s is open.", name=wave.name))
    return redirect(url_for(".wave", wave_id=wave.id), 303)


@bp.route("/waves/<int:wave_id>/close", methods=["GET", "POST"])
@require(Role.ADMIN)
def close_wave_page(wave_id: int) -> Any:
    wave = managed_wave(wave_id)
    if wave.state is not WaveState.OPEN:
        problem = _("%(name)s is not open, so it cannot be closed", name=wave.name)
        return _wave_page(wave, problem=problem), 409
    form = ConfirmForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("admin/wave_close.html", wave=wave, form=form), status
    close_wave(db(), wave, dt.date.today(), runtime().answer_cipher)
    audit.record(db(), signed_in_user().email, "wave.close", wave.id, detail="closed early")
    flash(_("%(name)s is closed. No more answers can be sent.", name=wave.name))
    return redirect(url_for(".wave", wave_id=wave.id), 303)
