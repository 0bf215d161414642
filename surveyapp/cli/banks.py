from pathlib import Path

import click
from flask.cli import AppGroup

from surveyapp.domain.banks import BankError, load_bank
from surveyapp.paths import SURVEYS

banks_group = AppGroup("banks", help="Check and list question banks in surveys/.")


@banks_group.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Validate bank files (default: every bank in surveys/)."""
    failed = False
    for path in files or tuple(sorted(SURVEYS.glob("*.toml"))):
        try:
            bank = load_bank(path)
        except BankError as exc:
            click.echo(f"Error: {exc}", err=True)
            failed = True
        else:
            click.echo(
                f"{path.name}: {bank.title} v{bank.version}, {len(bank.questions)} questions"
            )
    if failed:
        raise SystemExit(1)
