"""Recurring pulse pages: the schedules with their next opening, a new one, stopping one.
``surveyapp tick`` makes and opens each wave on its day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from surveyapp.accounts.access import managed_pulse, managed_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.pulses import wave_name
from surveyapp.domain.roles import Role
from surveyapp.languages import long_date, translated
from surveyapp.models import PulseSchedule, Wave
from surveyapp.runtime import runtime
from surveyapp.services import audit
from surveyapp.services.pulses import PulseError, create_schedule, next_opening, stop_schedule
from surveyapp.services.units import tree_rows
from surveyapp.services.visibility import managed_unit_ids

from .forms.choices import offer, readers_banks
from .forms.pulses import PulseForm
from .forms.waves import ConfirmForm
from .routes import bp


@bp.get("/pulses/")
@require(Role.ADMIN)
def pulses() -> str:
    today = dt.date.today()
    managed = managed_unit_ids(db(), signed_in_user())
    schedules = list(
        db().scalars(
            select(PulseSchedule)
            .where(PulseSchedule.root_unit_id.in_(sorted(managed)))
            .order_by(PulseSchedule.is_active.desc(), PulseSchedule.id.desc())
        )
    )
    waves = {
        s.id: list(db().scalars(select(Wave).where(Wave.schedule_id == s.id).order_by(Wave.id)))
        for s in schedules
    }
    return render_template(
        "admin/pulses.html",
        schedules=[(s, next_opening(db(), s, today), waves[s.id]) for s in schedules],
        banks=readers_banks(),
        form=ConfirmForm(formdata=None),
        wave_name=wave_name,
    )


@bp.route("/pulses/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def new_pulse() -> Any:
    admin, today = signed_in_user(), dt.date.today()
    form = PulseForm(today=today)
    offer(form, readers_banks(), tree_rows(db(), managed_unit_ids(db(), admin)))
    if form.validate_on_submit():
        root = managed_unit(form.root_unit.data)
        try:
            schedule = create_schedule(
                db(),
                runtime().banks[form.bank.data],
                root,
                form.name_pattern.data,
                form.cadence(),
                today,
            )
        except PulseError as exc:
            getattr(form, exc.field, form.name_pattern).errors.append(translated(exc.message))
        else:
            detail = f"every {schedule.every} {schedule.period.value} for {root.key}"
            audit.record(db(), admin.email, "pulse.start", detail=detail)
            flash(
                _(
                    "Recurring pulse set up: the first opens on %(date)s.",
                    date=long_date(schedule.first_opens_on),
                )
            )
            return redirect(url_for(".pulses"), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("admin/pulse_new.html", form=form), status


@bp.post("/pulses/<int:schedule_id>/stop")
@require(Role.ADMIN)
def stop_pulse(schedule_id: int) -> BaseResponse | tuple[str, int]:
    schedule = managed_pulse(schedule_id)
    if not ConfirmForm().validate():
        return pulses(), 400
    stop_schedule(db(), schedule)
    audit.record(db(), signed_in_user().email, "pulse.stop", detail=f"schedule {schedule.id}")
    flash(_("The recurring pulse is stopped. Waves it opened keep their dates."))
    return redirect(url_for(".pulses"), 303)
