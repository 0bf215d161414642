from decimal import Decimal, InvalidOperation

import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.models import Wave
from surveyapp.services.units import unit_by_key
from surveyapp.services.workforce import FIELDS, set_figures

workforce_group = AppGroup("workforce", help="Workforce figures shown beside survey results.")


def _number(value: str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"{value!r} is not a number", param_hint=name) from None
    if number < 0 or (name.endswith("percent") and number > 100):
        raise click.BadParameter(f"{value} is out of range", param_hint=name)
    return number


@workforce_group.command("set")
@click.option("--wave", "wave_id", type=int, required=True)
@click.option("--unit", "unit_key", required=True, help="organisation or service unit key")
@click.option("--fte", "fte_in_post", help="FTE social workers in post")
@click.option("--turnover", "turnover_percent", help="turnover, %")
@click.option("--agency", "agency_percent", help="agency workers, %")
@click.option("--vacancy", "vacancy_percent", help="vacancy rate, %")
@click.option("--caseload", "average_caseload", help="average cases per case-holding FTE")
@click.option("--sickness", "sickness_absence_percent", help="sickness absence, %")
def set_command(wave_id: int, unit_key: str, **figures: str | None) -> None:
    """Enter the figures boards read beside the survey (shown as entered, not measured)."""
    values = {name: _number(value, name) for name, value in figures.items() if value is not None}
    if not values:
        raise click.UsageError(f"give at least one of: {', '.join(FIELDS)}")
    with session_scope() as session:
        wave = session.get(Wave, wave_id)
        unit = unit_by_key(session, unit_key)
        if wave is None or unit is None:
            raise click.ClickException(f"no wave {wave_id} or unit {unit_key!r}")
        set_figures(session, wave, unit, values)
    click.echo(f"Saved {len(values)} figure(s) for {unit_key} in wave {wave_id}.")
