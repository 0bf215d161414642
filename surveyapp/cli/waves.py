import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.participation import responses_per_wave
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import WaveError, close_wave, create_wave, open_wave

waves_group = AppGroup("wave", help="Open, close and list survey waves.")


@waves_group.command("open")
@click.option("--bank", default="social-work-pulse", show_default=True, help="question bank key")
@click.option(
    "--unit", "unit_key", required=True, help="key of the root unit (e.g. the organisation)"
)
@click.option("--name", required=True, help='e.g. "Pulse: winter 2026"')
@click.option("--closes", type=click.DateTime(["%Y-%m-%d"]), help="last day to answer (YYYY-MM-DD)")
def open_command(bank: str, unit_key: str, name: str, closes: dt.datetime | None) -> None:
    """Open a wave: freezes the unit tree and the thresholds, prints the wave id."""
    banks = runtime().banks
    if bank not in banks:
        raise click.ClickException(f"unknown bank {bank!r}; known: {', '.join(sorted(banks))}")
    config = current_app.config
    with session_scope() as session:
        root = unit_by_key(session, unit_key)
        if root is None:
            raise click.ClickException(f"unknown unit {unit_key!r}")
        try:
            wave = create_wave(session, banks[bank], root, name, closes.date() if closes else None)
            open_wave(
                session,
                wave,
                config["MIN_GROUP_SIZE"],
                config["MIN_COMMENT_GROUP_SIZE"],
                dt.date.today(),
            )
        except WaveError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(wave.id)


@waves_group.command("close")
@click.argument("wave_id", type=int)
def close_command(wave_id: int) -> None:
    """Close a wave: no more answers are accepted; its records are rewritten in random order."""
    with session_scope() as session:
        wave = session.get(Wave, wave_id)
        if wave is None:
            raise click.ClickException(f"no wave {wave_id}")
        try:
            close_wave(session, wave, dt.date.today(), runtime().answer_cipher)
        except WaveError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Wave {wave_id} closed.")


@waves_group.command("list")
def list_command() -> None:
    """Waves with their state, dates, thresholds and number of responses."""
    with session_scope() as session:
        counts = responses_per_wave(session)
        waves = list(session.scalars(select(Wave).order_by(Wave.id)))
        if not waves:
            click.echo("No waves yet.")
        for wave in waves:
            click.echo(
                f"{wave.id:>4}  {wave.state:<6}  {wave.name}  ({wave.bank_key} {wave.bank_version})"
                f"  opens {wave.opens_on or '-'}  closes {wave.closes_on or '-'}"
                f"  k={wave.min_group_size or '-'}/{wave.min_comment_group_size or '-'}"
                f"  responses={counts.get(wave.id, 0)}"
            )
