import click
from flask import current_app
from flask.cli import AppGroup

from surveyapp.answer_keys import answer_cipher
from surveyapp.database import session_scope
from surveyapp.models import Wave, WaveState
from surveyapp.services.publication import PlanSettings, current_plan

plans_group = AppGroup("plan", help="Publication plans: what each wave may show.")


def settings_from_config() -> PlanSettings:
    return PlanSettings(
        live_results=current_app.config["LIVE_RESULTS"], answer_cipher=answer_cipher()
    )


@plans_group.command("show")
@click.option("--wave", "wave_id", type=int, help="one wave (default: every wave that has opened)")
def show_command(wave_id: int | None) -> None:
    """Compute (once) and summarise the plan: cells published, and what suppression cost."""
    banks = current_app.extensions["surveyapp.banks"]
    with session_scope() as session:
        query = session.query(Wave).filter(Wave.state != WaveState.DRAFT).order_by(Wave.id)
        waves = [session.get(Wave, wave_id)] if wave_id else list(query)
        if not waves or waves[0] is None:
            raise click.ClickException(f"no wave {wave_id}")
        for wave in waves:
            assert wave is not None
            plan = current_plan(session, wave, banks[wave.bank_key], settings_from_config())
            use = plan.usefulness
            click.echo(
                f"wave {wave.id} {wave.name!r}: k={plan.k}/{plan.k_comments}"
                f"  published {use.published} of {use.candidate_cells} cells"
                f" ({use.share_published:.1%}; primary rule alone {use.share_primary_only:.1%})"
                f"  plan {plan.digest()[:16]}"
            )
