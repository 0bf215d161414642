import click
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.models import Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.publication import current_plan

from .language import gettext as _
from .language import lazy_gettext as _l

plans_group = AppGroup("plan", help=_l("Publication plans: what each wave may show."))


@plans_group.command(
    "show",
    help=_l("Compute (once) and summarise the plan: cells published, and what suppression cost."),
)
@click.option(
    "--wave", "wave_id", type=int, help=_l("one wave (default: every wave that has opened)")
)
def show_command(wave_id: int | None) -> None:
    running = runtime()
    with session_scope() as session:
        query = session.query(Wave).filter(Wave.state != WaveState.DRAFT).order_by(Wave.id)
        waves = [session.get(Wave, wave_id)] if wave_id else list(query)
        if not waves or waves[0] is None:
            raise click.ClickException(_("no wave %(wave)s", wave=wave_id))
        for wave in waves:
            assert wave is not None
            plan = current_plan(session, wave, running.banks[wave.bank_key], running.plan_settings)
            use = plan.usefulness
            click.echo(
                _(
                    "wave %(wave)s %(name)r: k=%(k)s/%(k_comments)s  published %(published)s of "
                    "%(cells)s cells (%(share)s; primary rule alone %(primary)s)  plan %(plan)s",
                    wave=wave.id,
                    name=wave.name,
                    k=plan.k,
                    k_comments=plan.k_comments,
                    published=use.published,
                    cells=use.candidate_cells,
                    share=format(use.share_published, ".1%"),
                    primary=format(use.share_primary_only, ".1%"),
                    plan=plan.digest()[:16],
                )
            )
