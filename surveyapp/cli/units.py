from pathlib import Path

import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.domain.unit_tree import UnitImportError
from surveyapp.services.units import import_units_csv

units_group = AppGroup("units", help="Manage the unit tree (organisation > service > team).")


@units_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import or update units from a CSV file with columns key,name,parent_key,headcount.

    The whole file is checked first; nothing is changed if any row is wrong.
    """
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{file.name}: not a UTF-8 text file") from None
    try:
        with session_scope() as session:
            result = import_units_csv(session, text)
    except UnitImportError as exc:
        raise click.ClickException(f"{file.name}: {exc}") from None
    click.echo(f"Imported {file.name}: {result.created} created, {result.updated} updated.")
