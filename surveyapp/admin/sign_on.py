"""A wave's sign-in with the council's account: provider, client, and how people map to units.

Saving makes one signing key per unit of the wave (``services.sign_on``); the client secret and
the private keys are stored sealed. Who changed it goes into the audit trail, never the secret.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from surveyapp.accounts.access import managed_wave, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.domain.sso_directory import DirectoryProblem, read_directory
from surveyapp.languages import translated
from surveyapp.models import WaveSignOn, WaveState
from surveyapp.runtime import runtime
from surveyapp.services import audit
from surveyapp.services.sign_on import (
    SignOnSettings,
    directory_size,
    enable_sign_on,
    published_keys,
    sign_on_of,
    unit_ids_by_name,
)
from surveyapp.services.sign_on_people import tokens_given

from .forms.sign_on import CLAIM, DIRECTORY, SignOnForm
from .routes import bp

MAX_PROBLEMS_SHOWN = 50


@bp.route("/waves/<int:wave_id>/sign-on", methods=["GET", "POST"])
@require(Role.ADMIN)
def wave_sign_on(wave_id: int) -> Any:
    wave = managed_wave(wave_id)
    stored = sign_on_of(db(), wave_id)
    people = directory_size(db(), wave_id)
    form = SignOnForm(
        has_secret=stored is not None,
        has_directory=people > 0,
        require_https=current_app.config["ENV"] == "production",
    )
    if stored is not None and not form.is_submitted():
        form.issuer_url.data, form.client_id.data = stored.issuer_url, stored.client_id
        form.mapping.data = CLAIM if stored.unit_claim else DIRECTORY
        form.unit_claim.data = stored.unit_claim or ""
    status, problem, row_problems = 200, "", []
    if wave.state is WaveState.CLOSED:
        problem, status = _("This wave has closed, so signing in cannot be set up for it"), 409
    elif form.validate_on_submit() and not _changes_who_people_are(form, stored, wave_id):
        directory = None
        if form.mapping.data == DIRECTORY and form.directory_text is not None:
            directory, problems = read_directory(
                form.directory_text, unit_ids_by_name(db(), wave_id)
            )
            row_problems = [_problem(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
            if problems:
                form.directory.errors = [
                    ngettext(
                        "The staff directory has %(num)d problem: correct the file and upload "
                        "it again",
                        "The staff directory has %(num)d problems: correct the file and upload "
                        "it again",
                        len(problems),
                    )
                ]
        if not form.directory.errors:
            made = enable_sign_on(
                db(),
                runtime().sso_cipher,
                current_app.config["TOKEN_PEPPER"],
                wave_id,
                SignOnSettings(
                    form.issuer_url.data,
                    form.client_id.data,
                    form.client_secret.data or None,
                    form.unit_claim.data if form.mapping.data == CLAIM else None,
                ),
                directory,
            )
            mapping = (
                f"claim {form.unit_claim.data}"
                if form.mapping.data == CLAIM
                else f"directory of {len(directory) if directory is not None else people}"
            )
            audit.record(
                db(),
                signed_in_user().email,
                "wave.sign_on",
                wave_id,
                detail=f"{form.issuer_url.data}, {mapping}, {made} unit keys made",
            )
            flash(_("Signing in is set up for %(name)s.", name=wave.name))
            return redirect(url_for(".wave_sign_on", wave_id=wave_id), 303)
        status = 400
    elif form.is_submitted():
        status = 400
    page = render_template(
        "admin/wave_sign_on.html",
        wave=wave,
        form=form,
        problem=problem,
        row_problems=row_problems,
        stored=stored,
        people=people,
        keys=published_keys(db(), wave_id) if stored else [],
    )
    return page, status


def _changes_who_people_are(form: SignOnForm, stored: WaveSignOn | None, wave_id: int) -> bool:
    """Another provider or client once tokens were given would give everyone a second one (a
    person's subject differs between clients): refused with a message on the field."""
    if stored is None or not tokens_given(db(), wave_id):
        return False
    changed = False
    for field, was in ((form.issuer_url, stored.issuer_url), (form.client_id, stored.client_id)):
        if field.data != was:
            field.errors = [
                _(
                    "Tokens have been given for this wave already: this cannot change now, or "
                    "everyone could get a second one"
                )
            ]
            changed = True
    return changed


def _problem(problem: DirectoryProblem) -> str:
    """A row of the staff directory and what is wrong with it, in the reader's language."""
    message = str(translated(problem.message))
    return (
        _("Row %(row)s: %(message)s", row=problem.row, message=message) if problem.row else message
    )
