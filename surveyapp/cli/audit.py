import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.services.audit import verify

audit_group = AppGroup("audit", help="The hash-chained audit trail of staff activity.")


@audit_group.command("verify")
def verify_command() -> None:
    """Detect any edited, deleted or reordered entry."""
    with session_scope() as session:
        problems = verify(session)
    if not problems:
        click.echo("Audit trail intact.")
        return
    for problem in problems:
        click.echo(f"Audit trail: {problem.message}", err=True)
    raise SystemExit(1)
