import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.models import Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.publication import current_plan

plans_group = AppGroup("plan", help="Publication plans: what each wave may show.")


@plans_group.command("show")
@click.option("--wave", "wave_id", type=int, help="one wave (default: every wave that has opened)")
def show_command(wave_id: int | None) -> None:
    """Compute (once) and summarise the plan: cells published, and what suppression cost."""
    running = runtime()
    with session_scope() as session:
        query = session.query(Wave).filter(Wave.state != WaveState.DRAFT).order_by(Wave.id)
        waves = [session.get(Wave, wave_id)] if wave_id else list(query)
        if not waves or waves[0] is None:
            raise click.ClickException(f"no wave {wave_id}")
        for wave in waves:
            assert wave is not None
            plan = current_plan(session, wave, running.banks[wave.bank_key], running.plan_settings)
            use = plan.usefulness
            click.echo(
                f"wave {wave.id} {wave.name!r}: k={plan.k}/{plan.k_comments}"
                f"  published {use.published} of {use.candidate_cells} cells"
                f" ({use.share_published:.1%}; primary rule alone {use.share_primary_only:.1%})"
                f"  plan {plan.digest()[:16]}"
            )
