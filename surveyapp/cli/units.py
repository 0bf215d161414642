from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.domain.unit_tree import UnitImportError
from surveyapp.services.units import import_units_csv, tree_rows

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

units_group = AppGroup("units", help=_l("Manage the unit tree (organisation > service > team)."))


@units_group.command(
    "import",
    help=_l(
        "Import or update units from a CSV file with columns "
        "key,name,parent_key,headcount.\n\nThe whole file is checked first; nothing is "
        "changed if any row is wrong."
    ),
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(_("%(file)s: not a UTF-8 text file", file=file.name)) from None
    try:
        with session_scope() as session:
            result = import_units_csv(session, text)
    except UnitImportError as exc:
        raise click.ClickException(
            _("%(file)s: %(problem)s", file=file.name, problem=said(exc))
        ) from None
    click.echo(
        _(
            "Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
            file=file.name,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )


@units_group.command(
    "list",
    help=_l(
        "The unit tree: key, name, the headcount of each unit and of it with the units "
        "below.\n\nA unit with fewer people in all than the minimum group size is "
        "marked: its answers are only ever published pooled with others."
    ),
)
def list_command() -> None:
    k = current_app.config["MIN_GROUP_SIZE"]
    with session_scope() as session:
        rows = tree_rows(session)
        if not rows:
            click.echo(
                _("No units yet: import a unit file with `surveyapp units import FILE.csv`.")
            )
        for row in rows:
            unit = row.unit
            counts = (
                _("%(here)s here, %(total)s in all", here=unit.headcount, total=row.total)
                if row.has_children
                else (f"{unit.headcount}")
            )
            inactive = "  " + _("(not in use)") if not unit.is_active else ""
            below = (
                "  " + _("[fewer than %(k)s: published only pooled]", k=k) if row.total < k else ""
            )
            click.echo(f"{'  ' * row.depth}{unit.key}  {unit.name}  {counts}{inactive}{below}")
