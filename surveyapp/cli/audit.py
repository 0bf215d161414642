import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.services.audit import verify

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

audit_group = AppGroup("audit", help=_l("The hash-chained audit trail of staff activity."))


@audit_group.command("verify", help=_l("Detect any edited, deleted or reordered entry."))
def verify_command() -> None:
    with session_scope() as session:
        problems = verify(session)
    if not problems:
        click.echo(_("Audit trail intact."))
        return
    for problem in problems:
        click.echo(_("Audit trail: %(problem)s", problem=said(problem.message)), err=True)
    raise SystemExit(1)
