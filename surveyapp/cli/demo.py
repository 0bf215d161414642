import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.database import session_scope
from surveyapp.demo import demo_is_loaded, load_demo
from surveyapp.domain.roles import Role
from surveyapp.runtime import runtime
from surveyapp.services.units import unit_by_key
from surveyapp.services.users import add_user

DEMO_ORGANISATION = "northbridge"
DEMO_ACCOUNTS = (
    (Role.ADMIN, "admin@northbridge.example"),
    (Role.ANALYST, "analyst@northbridge.example"),
    (Role.VIEWER, "board@northbridge.example"),
)


@click.command("demo")
@with_appcontext
@click.option("--bank", default="social-work-pulse", show_default=True)
def demo_command(bank: str) -> None:
    """Load the fictional Northbridge council with six quarterly waves and three demo accounts
    (once: skipped if any units exist)."""
    config = current_app.config
    with session_scope() as session:
        if demo_is_loaded(session):
            click.echo("The database already has units; demo data not loaded.")
            click.echo(
                "Demo passwords are printed only when it is loaded (just their hashes are"
                " stored). To sign in, add an account:\n"
                "  surveyapp users add --email you@example.org --role admin"
                f" --scope {DEMO_ORGANISATION}\n"
                "or give a demo account a new password:\n"
                f"  surveyapp users set-password --email {DEMO_ACCOUNTS[0][1]}"
            )
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
        accounts.extend(summary.accounts)
    click.echo(
        f"Loaded Northbridge: {summary.units} units, {summary.waves} waves,"
        f" {summary.responses} responses."
    )
    click.echo("\nDemo accounts (passwords are shown only now; sign in at /sign-in):")
    rows = [("role", "email", "password"), *accounts]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    click.echo("The viewer sees the organisation and its services, without comments.")
    if summary.accounts:
        click.echo("Each manager sees their service and the organisation, and records its actions.")
