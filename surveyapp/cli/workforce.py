from decimal import Decimal, InvalidOperation

import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.models import Wave
from surveyapp.services.units import unit_by_key
from surveyapp.services.workforce import FIELDS, set_figures

from .language import gettext as _
from .language import lazy_gettext as _l

workforce_group = AppGroup("workforce", help=_l("Workforce figures shown beside survey results."))


def _number(value: str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(
            _("%(value)r is not a number", value=value), param_hint=name
        ) from None
    if number < 0 or (name.endswith("percent") and number > 100):
        raise click.BadParameter(_("%(value)s is out of range", value=value), param_hint=name)
    return number


@workforce_group.command(
    "set",
    help=_l("Enter the figures boards read beside the survey (shown as entered, not measured)."),
)
@click.option("--wave", "wave_id", type=int, required=True)
@click.option("--unit", "unit_key", required=True, help=_l("organisation or service unit key"))
@click.option("--fte", "fte_in_post", help=_l("FTE social workers in post"))
@click.option("--turnover", "turnover_percent", help=_l("turnover, %"))
@click.option("--agency", "agency_percent", help=_l("agency workers, %"))
@click.option("--vacancy", "vacancy_percent", help=_l("vacancy rate, %"))
@click.option("--caseload", "average_caseload", help=_l("average cases per case-holding FTE"))
@click.option("--sickness", "sickness_absence_percent", help=_l("sickness absence, %"))
def set_command(wave_id: int, unit_key: str, **figures: str | None) -> None:
    values = {name: _number(value, name) for name, value in figures.items() if value is not None}
    if not values:
        raise click.UsageError(_("give at least one of: %(fields)s", fields=", ".join(FIELDS)))
    with session_scope() as session:
        wave = session.get(Wave, wave_id)
        unit = unit_by_key(session, unit_key)
        if wave is None or unit is None:
            raise click.ClickException(
                _("no wave %(wave)s or unit %(unit)r", wave=wave_id, unit=unit_key)
            )
        set_figures(session, wave, unit, values)
    click.echo(
        _(
            "Saved %(count)s figure(s) for %(unit)s in wave %(wave)s.",
            count=len(values),
            unit=unit_key,
            wave=wave_id,
        )
    )
