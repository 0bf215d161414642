from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.domain.unit_tree import UnitImportError
from surveyapp.services.units import import_units_csv, tree_rows

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
    click.echo(
        f"Imported {file.name}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged."
    )


@units_group.command("list")
def list_command() -> None:
    """The unit tree: key, name, the headcount of each unit and of it with the units below.

    A unit with fewer people in all than the minimum group size is marked: its answers are only
    ever published pooled with others.
    """
    k = current_app.config["MIN_GROUP_SIZE"]
    with session_scope() as session:
        rows = tree_rows(session)
        if not rows:
            click.echo("No units yet: import a unit file with `surveyapp units import FILE.csv`.")
        for row in rows:
            unit = row.unit
            counts = (
                f"{unit.headcount} here, {row.total} in all"
                if row.has_children
                else (f"{unit.headcount}")
            )
            inactive = "  (not in use)" if not unit.is_active else ""
            below = f"  [fewer than {k}: published only pooled]" if row.total < k else ""
            click.echo(f"{'  ' * row.depth}{unit.key}  {unit.name}  {counts}{inactive}{below}")
