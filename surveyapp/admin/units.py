"""Unit pages: the tree with headcounts, a unit file uploaded and previewed before it is
applied, one unit edited. Only the units the admin looks after, in the live tree."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from surveyapp.accounts.access import managed_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.domain.unit_changes import ChangeKind, ImportPreview
from surveyapp.languages import translated
from surveyapp.models import Unit
from surveyapp.services import audit
from surveyapp.services.units import (
    PreviewOutdated,
    UnitEditError,
    descendant_ids,
    edit_unit,
    import_units_csv,
    preview_units_csv,
    tree_rows,
)
from surveyapp.services.visibility import managed_unit_ids

from .forms.units import ApplyUnitsForm, EditUnitForm, UnitFileForm
from .routes import bp

OUTDATED = _l(
    "The units changed after this file was checked, so nothing was applied. "
    "Check what the file would change now."
)


@bp.get("/units/")
@require(Role.ADMIN)
def units() -> str:
    managed = managed_unit_ids(db(), signed_in_user())
    return render_template(
        "admin/units.html",
        rows=tree_rows(db(), managed),
        k=current_app.config["MIN_GROUP_SIZE"],
    )


@bp.get("/units/units.csv")
@require(Role.ADMIN)
def units_csv() -> Response:
    """The units as a unit file: download, change in a spreadsheet, upload again."""
    rows = tree_rows(db(), managed_unit_ids(db(), signed_in_user()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "name", "parent_key", "headcount"])
    for row in rows:
        unit = row.unit
        parent = unit.parent.key if unit.parent is not None else ""
        writer.writerow([unit.key, unit.name, parent, unit.headcount])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="units.csv"'},
    )


def _preview_page(
    text: str, preview: ImportPreview, notice: object = "", status: int | None = None
) -> tuple[str, int]:
    html = render_template(
        "admin/units_preview.html",
        form=UnitFileForm(formdata=None),
        apply_form=ApplyUnitsForm.carrying(text, preview.fingerprint()),
        preview=preview,
        kinds=ChangeKind,
        notice=notice,
        k=current_app.config["MIN_GROUP_SIZE"],
    )
    return html, status or (200 if preview.is_applicable else 400)


@bp.route("/units/upload", methods=["GET", "POST"])
@require(Role.ADMIN)
def upload_units() -> Any:
    form = UnitFileForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("admin/units_upload.html", form=form), status
    return _preview_page(form.text, preview_units_csv(db(), form.text, signed_in_user()))


@bp.post("/units/upload/apply")
@require(Role.ADMIN)
def apply_units() -> Any:
    form = ApplyUnitsForm()
    if not form.validate():
        upload = UnitFileForm(formdata=None)
        upload.file.errors = [_("Upload the unit file again: what was checked did not come back")]
        return render_template("admin/units_upload.html", form=upload), 400
    admin = signed_in_user()
    try:
        result = import_units_csv(db(), form.text, admin, form.fingerprint.data)
    except PreviewOutdated:
        return _preview_page(form.text, preview_units_csv(db(), form.text, admin), OUTDATED, 409)
    detail = f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged"
    audit.record(db(), admin.email, "units.import", detail=detail)
    flash(
        _(
            "Unit file applied: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )
    return redirect(url_for(".units"), 303)


def _parent_choices(unit: Unit) -> list[SelectChoice]:
    """The units it may move under: those the admin looks after, outside the unit itself."""
    inside = descendant_ids(db(), unit)
    rows = tree_rows(db(), managed_unit_ids(db(), signed_in_user()))
    return [
        SelectChoice(str(row.unit.id), "– " * row.depth + row.unit.name)
        for row in rows
        if row.unit.id not in inside
    ]


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@require(Role.ADMIN)
def edit_unit_page(unit_id: int) -> Any:
    unit = managed_unit(unit_id)
    admin = signed_in_user()
    may_move = unit.id != admin.scope_unit_id and unit.parent_id is not None
    form = EditUnitForm(obj=unit, parent=unit.parent_id)
    if may_move:
        form.parent.choices = _parent_choices(unit)
    else:
        del form.parent
    if form.validate_on_submit():
        parent = db().get(Unit, form.parent.data) if may_move else unit.parent
        try:
            edit_unit(db(), admin, unit, form.name.data, parent, form.headcount.data)
        except UnitEditError as exc:
            getattr(form, exc.field, form.name).errors.append(translated(exc.message))
        else:
            audit.record(db(), admin.email, "units.edit", unit_id=unit.id, detail=unit.key)
            flash(_("%(name)s saved.", name=unit.name))
            return redirect(url_for(".units"), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("admin/unit_edit.html", form=form, unit=unit), status
