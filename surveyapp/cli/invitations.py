from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import TeamLink, Wave
from surveyapp.reporting.invitation_slips import (
    invitation_slips_pdf,
    invitations_csv,
    team_poster_pdf,
)
from surveyapp.services.invitations import (
    InvitationError,
    issue_invitations,
    issue_team_link,
    pooling_notice,
)
from surveyapp.services.issuance import Issuer, check_headcount, record_issue
from surveyapp.services.staff_pages import page_url, slug_for
from surveyapp.services.units import unit_by_key

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

invitations_group = AppGroup("invitations", help=_l("Issue single-use invitations and team links."))


def _wave_and_unit(session, wave_id: int, unit_key: str):  # type: ignore[no-untyped-def]
    wave = session.get(Wave, wave_id)
    if wave is None:
        raise click.ClickException(_("no wave %(wave)s", wave=wave_id))
    unit = unit_by_key(session, unit_key)
    if unit is None:
        raise click.ClickException(_("unknown unit %(unit)r", unit=unit_key))
    return wave, unit


@invitations_group.command(
    "issue",
    help=_l(
        "Create COUNT single-use invitations. The file is the only copy of the tokens: "
        "they are\nstored only as keyed hashes, so keep it safe and delete it once it "
        "has been sent."
    ),
)
@click.option("--wave", "wave_id", type=int, required=True)
@click.option("--unit", "unit_key", required=True, help=_l("unit key the invited people belong to"))
@click.option("--count", type=int, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "pdf"]), default="csv", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def issue_command(wave_id: int, unit_key: str, count: int, fmt: str, out: Path) -> None:
    if out.exists():
        raise click.ClickException(_("%(file)s exists; choose a new file name", file=out))
    base_url = current_app.config["PUBLIC_URL"].rstrip("/")
    with session_scope() as session:
        wave, unit = _wave_and_unit(session, wave_id, unit_key)
        operator = Issuer.command_line()
        try:
            check_headcount(session, wave, unit.id, count, operator)
            tokens = issue_invitations(
                session, wave, unit, count, current_app.config["TOKEN_PEPPER"]
            )
        except InvitationError as exc:
            raise click.ClickException(said(exc)) from None
        if fmt == "csv":
            out.write_text(invitations_csv(tokens, base_url, unit.name), encoding="utf-8")
        else:
            invitation_slips_pdf(tokens, base_url, wave.name, unit.name, out)
        action, detail = "invitations.issued", f"{count} invitations issued as a {fmt.upper()} file"
        record_issue(session, operator, action, wave.id, unit.id, detail)
        notice = pooling_notice(session, wave, unit)
    click.echo(
        _(
            "Wrote %(count)s invitations for %(unit)s to %(file)s.",
            count=count,
            unit=unit.name,
            file=out,
        )
    )
    if notice:
        click.echo(_("Note: %(notice)s", notice=said(notice)))


@invitations_group.command(
    "team-link",
    help=_l("Create (or replace) the open link for a unit, for answering in a team meeting."),
)
@click.option("--wave", "wave_id", type=int, required=True)
@click.option("--unit", "unit_key", required=True)
@click.option(
    "--poster",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_l("also write an A4 poster PDF with the QR code"),
)
def team_link_command(wave_id: int, unit_key: str, poster: Path | None) -> None:
    base_url = current_app.config["PUBLIC_URL"].rstrip("/")
    with session_scope() as session:
        wave, unit = _wave_and_unit(session, wave_id, unit_key)
        try:
            token = issue_team_link(session, wave, unit, current_app.config["TOKEN_PEPPER"])
        except InvitationError as exc:
            raise click.ClickException(said(exc)) from None
        detail = "team link issued" + (" with its poster" if poster is not None else "")
        record_issue(
            session, Issuer.command_line(), "invitations.team_link_issued", wave.id, unit.id, detail
        )
        if poster is not None:
            slug = slug_for(session, wave.id, unit.id)
            page = None if slug is None else page_url(base_url, slug)
            team_poster_pdf(token, base_url, wave.name, unit.name, poster, page)
        link = session.scalars(
            select(TeamLink).where(TeamLink.wave_id == wave.id, TeamLink.unit_id == unit.id)
        ).one()
        cap, accepted = link.response_cap, link.responses_accepted
        notice = pooling_notice(session, wave, unit)
    click.echo(f"{base_url}/t/{token}")
    click.echo(
        _(
            "It accepts %(cap)s responses in all for %(unit)s (%(accepted)s taken so far), the "
            "team's headcount plus a margin; participation shows when it is full.",
            cap=cap,
            unit=unit.name,
            accepted=accepted,
        ),
        err=True,
    )
    if notice:
        click.echo(_("Note: %(notice)s", notice=said(notice)), err=True)
