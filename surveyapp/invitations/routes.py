"""Invitations for the units of an open wave, within the admin's scope: files of single-use
invitations (downloaded once: the tokens exist only in the response that carries the file), and
team links with their posters. Email and reminders are in ``mail_routes``."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext as _

from surveyapp.accounts.access import (
    administered_unit,
    administered_wave,
    require,
    signed_in_user,
)
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.languages import said
from surveyapp.models import Unit, Wave, WaveState, WaveUnit
from surveyapp.reporting.invitation_slips import (
    invitation_slips_pdf,
    invitations_csv,
    team_poster_pdf,
)
from surveyapp.runtime import runtime
from surveyapp.services import invitation_desk
from surveyapp.services.invitation_desk import FileFormat
from surveyapp.services.invitations import InvitationError
from surveyapp.services.issuance import Issuer, invitations_issued
from surveyapp.services.staff_pages import page_url, slug_for

from .forms import ConfirmForm, DownloadForm, PosterForm

bp = Blueprint("invitations", __name__, url_prefix="/admin")
UNIT_PAGE = "/waves/<int:wave_id>/invitations/units/<int:unit_id>"


@bp.after_request
def _not_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def base_url() -> str:
    return str(current_app.config["PUBLIC_URL"]).rstrip("/")


def pepper() -> str:
    return str(current_app.config["TOKEN_PEPPER"])


def live_unit(member: WaveUnit) -> Unit:
    unit = db().get(Unit, member.unit_id)
    assert unit is not None
    return unit


def issuer() -> Issuer:
    return Issuer.of(signed_in_user())


def attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/invitations")
@require(Role.ADMIN)
def waves() -> str:
    return render_template(
        "invitations/waves.html", waves=invitation_desk.open_waves(db(), signed_in_user())
    )


@bp.get("/waves/<int:wave_id>/invitations")
@require(Role.ADMIN)
def wave(wave_id: int) -> str:
    found, members = administered_wave(wave_id)
    return render_template(
        "invitations/wave.html",
        wave=found,
        units=invitation_desk.channels(db(), found, members),
        is_open=found.state is WaveState.OPEN,
    )


def _unit_page(wave: Wave, member: WaveUnit, form: DownloadForm, problem: str = "") -> str:
    return render_template(
        "invitations/unit.html",
        wave=wave,
        member=member,
        form=form,
        problem=problem,
        team_link=invitation_desk.team_link_of(db(), wave.id, member.unit_id),
        confirm=ConfirmForm(),
        is_open=wave.state is WaveState.OPEN,
        issued=invitations_issued(db(), wave.id).get(member.unit_id, 0),
        separate_duties=runtime().plan_settings.separate_duties,
    )


@bp.get(UNIT_PAGE)
@require(Role.ADMIN)
def unit(wave_id: int, unit_id: int) -> str:
    found, member = administered_unit(wave_id, unit_id)
    return _unit_page(found, member, DownloadForm(count=max(member.headcount, 1)))


@bp.post(f"{UNIT_PAGE}/download")
@require(Role.ADMIN)
def download(wave_id: int, unit_id: int) -> Any:
    """The only response that ever holds these tokens: they are stored as keyed hashes."""
    found, member = administered_unit(wave_id, unit_id)
    form = DownloadForm()
    if not form.validate():
        return _unit_page(found, member, form), 400
    file_format = FileFormat(form.file_format.data)
    team = live_unit(member)
    try:
        tokens = invitation_desk.issue_to_download(
            db(), found, team, form.count.data, file_format, pepper(), issuer()
        )
    except InvitationError as problem:
        return _unit_page(found, member, form, said(problem)), 400
    name = f"invitations-wave-{found.id}-{team.key}"
    if file_format is FileFormat.CSV:
        body = invitations_csv(tokens, base_url(), member.name)
        return attachment(body, "text/csv; charset=utf-8", f"{name}.csv")
    buffer = io.BytesIO()
    invitation_slips_pdf(tokens, base_url(), found.name, member.name, buffer)
    return attachment(buffer.getvalue(), "application/pdf", f"{name}.pdf")


@bp.post(f"{UNIT_PAGE}/team-link")
@require(Role.ADMIN)
def team_link(wave_id: int, unit_id: int) -> Any:
    """Issue the unit's team link and show it, once; the page offers its poster."""
    found, member = administered_unit(wave_id, unit_id)
    form = ConfirmForm()
    if not form.validate():
        problem = _("The form timed out: try again")
        return _unit_page(found, member, DownloadForm(), problem), 400
    try:
        token, link = invitation_desk.issue_link_for_team(
            db(), found, live_unit(member), pepper(), issuer()
        )
    except InvitationError as problem:
        return _unit_page(found, member, DownloadForm(), said(problem)), 400
    address = f"{base_url()}/t/{token}"
    return render_template(
        "invitations/team_link.html",
        wave=found,
        member=member,
        address=address,
        qr_svg=_qr_svg(address),
        link=link,
        poster=PosterForm(formdata=None, token=token),
    )


def _qr_svg(address: str) -> str:
    import segno

    return str(segno.make(address, error="m").svg_inline(scale=5, border=2))


@bp.post(f"{UNIT_PAGE}/team-link/poster")
@require(Role.ADMIN)
def poster(wave_id: int, unit_id: int) -> Any:
    """The A4 poster of the team link just shown, whose token the page posts back (it is not
    stored in plain, so the poster can only be made while someone holds it)."""
    found, member = administered_unit(wave_id, unit_id)
    form = PosterForm()
    token = form.token.data or ""
    if not form.validate() or not invitation_desk.is_current_team_link(
        db(), pepper(), found.id, member.unit_id, token
    ):
        problem = _("That team link has been replaced: issue a new one to print its poster")
        return _unit_page(found, member, DownloadForm(), problem), 400
    invitation_desk.record_poster(db(), found.id, member.unit_id, issuer())
    buffer = io.BytesIO()
    slug = slug_for(db(), found.id, member.unit_id)
    said = None if slug is None else page_url(base_url(), slug)  # "You said, we did"
    team_poster_pdf(token, base_url(), found.name, member.name, buffer, said)
    team = live_unit(member)
    return attachment(buffer.getvalue(), "application/pdf", f"team-link-{team.key}.pdf")
