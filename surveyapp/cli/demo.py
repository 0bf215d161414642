import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.database import session_scope
from surveyapp.demo import demo_is_loaded, load_demo
from surveyapp.domain.roles import Role
from surveyapp.models import User, Wave, WaveUnit
from surveyapp.runtime import runtime
from surveyapp.services.issuance import Issuer, record_issue
from surveyapp.services.units import unit_by_key
from surveyapp.services.users import add_user

from .language import gettext as _
from .language import lazy_gettext as _l

DEMO_ORGANISATION = "northbridge"
DEMO_ISSUER = "invitations@northbridge.example"
"""An admin who handed out one team's invitations in the latest wave: with
``SURVEYAPP_SEPARATE_DUTIES`` on, that team's results (and every cell counting it) for that wave
are refused to them."""
DEMO_ACCOUNTS = (
    (Role.ADMIN, "admin@northbridge.example"),
    (Role.ANALYST, "analyst@northbridge.example"),
    (Role.VIEWER, "board@northbridge.example"),
    (Role.ADMIN, DEMO_ISSUER),
)


DEMO_ISSUED_TEAM = "safeguarding-01"


@click.command(
    "demo",
    help=_l(
        "Load the fictional Northbridge council with six quarterly waves and three "
        "demo accounts (once: skipped if any units exist)."
    ),
)
@with_appcontext
@click.option("--bank", default="social-work-pulse", show_default=True)
def demo_command(bank: str) -> None:
    config = current_app.config
    with session_scope() as session:
        if demo_is_loaded(session):
            click.echo(_("The database already has units; demo data not loaded."))
            click.echo(
                _(
                    "Demo passwords are printed only when it is loaded (just their hashes are "
                    "stored). To sign in, add an account:"
                )
            )
            click.echo(
                "  surveyapp users add --email you@example.org --role admin"
                f" --scope {DEMO_ORGANISATION}"
            )
            click.echo(_("or give a demo account a new password:"))
            click.echo(f"  surveyapp users set-password --email {DEMO_ACCOUNTS[0][1]}")
            return
        summary = load_demo(
            session,
            runtime().banks[bank],
            runtime().answer_cipher,
            config["MIN_GROUP_SIZE"],
            config["MIN_COMMENT_GROUP_SIZE"],
        )
        organisation = unit_by_key(session, DEMO_ORGANISATION)
        assert organisation is not None
        accounts = []
        for role, email in DEMO_ACCOUNTS:
            created = add_user(session, email, role, organisation)
            accounts.append((role.value, email, created.password or ""))
            if email == DEMO_ISSUER:
                _issued_in_latest_wave(session, created.user)
        accounts.extend(summary.accounts)
    click.echo(
        _(
            "Loaded Northbridge: %(units)s units, %(waves)s waves, %(responses)s responses.",
            units=summary.units,
            waves=summary.waves,
            responses=summary.responses,
        )
    )
    click.echo()
    click.echo(_("Demo accounts (passwords are shown only now; sign in at /sign-in):"))
    rows = [(_("role"), _("email"), _("password")), *accounts]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    click.echo(_("The viewer sees the organisation and its services, without comments."))
    click.echo(
        _(
            "%(issuer)s issued the invitations of Front Door and MASH in the latest wave: with "
            "SURVEYAPP_SEPARATE_DUTIES=true it cannot see that team's results for that wave, nor "
            "any that count it.",
            issuer=DEMO_ISSUER,
        )
    )
    if summary.accounts:
        click.echo(
            _("Each manager sees their service and the organisation, and records its actions.")
        )


def _issued_in_latest_wave(session: Session, issuer: User) -> None:
    """Record, as the admin pages would have, that ``issuer`` handed out one team's invitations
    while the latest demo wave was open (the demo's answers are loaded without invitations);
    nothing, for a demo without that wave or team (the tests' small stand-in)."""
    wave = session.scalars(select(Wave).order_by(Wave.opens_on.desc(), Wave.id.desc())).first()
    team = unit_by_key(session, DEMO_ISSUED_TEAM)
    if wave is None or team is None:
        return
    member = session.get(WaveUnit, (wave.id, team.id))
    assert member is not None
    detail = f"{member.headcount} invitations issued as a PDF file (demo)"
    record_issue(session, Issuer.of(issuer), "invitations.issued", wave.id, team.id, detail)
