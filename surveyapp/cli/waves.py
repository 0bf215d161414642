import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.wording import words
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.participation import responses_per_wave
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import WaveError, close_wave, create_wave, open_wave

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

waves_group = AppGroup("wave", help=_l("Open, close and list survey waves."))


@waves_group.command(
    "open", help=_l("Open a wave: freezes the unit tree and the thresholds, prints the wave id.")
)
@click.option(
    "--bank", default="social-work-pulse", show_default=True, help=_l("question bank key")
)
@click.option(
    "--unit", "unit_key", required=True, help=_l("key of the root unit (e.g. the organisation)")
)
@click.option("--name", required=True, help=_l('e.g. "Pulse: winter 2026"'))
@click.option(
    "--closes", type=click.DateTime(["%Y-%m-%d"]), help=_l("last day to answer (YYYY-MM-DD)")
)
def open_command(bank: str, unit_key: str, name: str, closes: dt.datetime | None) -> None:
    banks = runtime().banks
    if bank not in banks:
        raise click.ClickException(
            _("unknown bank %(bank)r; known: %(known)s", bank=bank, known=", ".join(sorted(banks)))
        )
    config = current_app.config
    with session_scope() as session:
        root = unit_by_key(session, unit_key)
        if root is None:
            raise click.ClickException(_("unknown unit %(unit)r", unit=unit_key))
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
            raise click.ClickException(said(exc)) from None
        click.echo(wave.id)


@waves_group.command(
    "close",
    help=_l(
        "Close a wave: no more answers are accepted; its records are rewritten in random order."
    ),
)
@click.argument("wave_id", type=int)
def close_command(wave_id: int) -> None:
    with session_scope() as session:
        wave = session.get(Wave, wave_id)
        if wave is None:
            raise click.ClickException(_("no wave %(wave)s", wave=wave_id))
        try:
            close_wave(session, wave, dt.date.today(), runtime().answer_cipher)
        except WaveError as exc:
            raise click.ClickException(said(exc)) from None
    click.echo(_("Wave %(wave)s closed.", wave=wave_id))


@waves_group.command(
    "list", help=_l("Waves with their state, dates, thresholds and number of responses.")
)
def list_command() -> None:
    with session_scope() as session:
        counts = responses_per_wave(session)
        waves = list(session.scalars(select(Wave).order_by(Wave.id)))
        if not waves:
            click.echo(_("No waves yet."))
        for wave in waves:
            line = _(
                "%(id)4s  %(state)-6s  %(name)s  (%(bank)s %(version)s)  opens %(opens)s  "
                "closes %(closes)s  k=%(k)s/%(k_comments)s  responses=%(responses)s",
                id=wave.id,
                state=said(words(wave.state.value)),
                name=wave.name,
                bank=wave.bank_key,
                version=wave.bank_version,
                opens=wave.opens_on or "-",
                closes=wave.closes_on or "-",
                k=wave.min_group_size or "-",
                k_comments=wave.min_comment_group_size or "-",
                responses=counts.get(wave.id, 0),
            )
            click.echo(line)
