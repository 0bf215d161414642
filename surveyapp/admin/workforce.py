"""Workforce figures per wave and unit (FTE, turnover, agency, vacancy, caseload, sickness),
shown beside the results on the board view and in reports, for the units of a wave the admin
may see."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from surveyapp.accounts.access import administered_unit, administered_wave, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.models import Unit, WorkforceFigures
from surveyapp.services import audit
from surveyapp.services.workforce import FIELDS, figures_for_wave, set_figures

from .forms.workforce import WorkforceForm
from .routes import bp


@bp.get("/waves/<int:wave_id>/workforce")
@require(Role.ADMIN)
def workforce(wave_id: int) -> str:
    wave, members = administered_wave(wave_id)
    entered: dict[str, list[tuple[str, str]]] = {}
    for unit_name, label, value in figures_for_wave(db(), wave, [m.unit_id for m in members]):
        entered.setdefault(unit_name, []).append((label, value))
    return render_template("admin/workforce.html", wave=wave, members=members, entered=entered)


@bp.route("/waves/<int:wave_id>/units/<int:unit_id>/workforce", methods=["GET", "POST"])
@require(Role.ADMIN)
def edit_workforce(wave_id: int, unit_id: int) -> Any:
    wave, member = administered_unit(wave_id, unit_id)
    unit = db().get(Unit, unit_id)
    stored = db().get(WorkforceFigures, (wave_id, unit_id))
    form = WorkforceForm(obj=stored)
    if form.validate_on_submit():
        set_figures(db(), wave, unit, form.figures())
        given = sum(1 for value in form.figures().values() if value is not None)
        audit.record(
            db(), signed_in_user().email, "workforce.set", wave_id, unit_id, f"{given} figures"
        )
        flash(_("Workforce figures for %(name)s saved.", name=member.name))
        return redirect(url_for(".workforce", wave_id=wave_id), 303)
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "admin/workforce_edit.html", wave=wave, member=member, form=form, fields=list(FIELDS)
    )
    return page, status
