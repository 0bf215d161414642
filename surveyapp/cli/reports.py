from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from surveyapp.database import session_scope
from surveyapp.languages import languages
from surveyapp.models import Wave, WaveState
from surveyapp.reporting.builder import FORMATS, ReportRequest, build_report
from surveyapp.reporting.layouts import LayoutError, available_layouts
from surveyapp.reporting.pdf_signing import verify_pdf
from surveyapp.reporting.signing import certificate_id, fingerprint, key_id, verify_report
from surveyapp.reporting.workforce_source import workforce_figures
from surveyapp.runtime import runtime
from surveyapp.services.units import unit_by_key

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

reports_group = AppGroup("report", help=_l("Build and verify signed reports."))
keys_group = AppGroup("keys", help=_l("Report signing keys, and rotating the answer keys."))
STEPS = ("plan", "trends", "comments", "charts", "html", "pdf", "csv", "sign")


@reports_group.command(
    "build", help=_l("Build a report from the wave's publication plan and sign it.")
)
@click.option("--wave", "wave_id", type=int, required=True)
@click.option("--from", "from_wave_id", type=int, help=_l("earliest wave in the trends"))
@click.option("--unit", "unit_key", required=True, help=_l("unit key, e.g. the organisation"))
@click.option(
    "--layout", type=click.Choice(available_layouts()), default="board-pack", show_default=True
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help=_l("repeat for several (default: html, pdf and csv)"),
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--language",
    help=_l("the report's language, one of SURVEYAPP_LANGUAGES (default: the first)"),
)
def build_command(
    wave_id: int,
    from_wave_id: int | None,
    unit_key: str,
    layout: str,
    formats: tuple[str, ...],
    out: Path,
    language: str | None,
) -> None:
    offered = languages(current_app)
    if language is not None and language not in offered:
        raise click.BadParameter(
            _("not one of %(languages)s", languages=", ".join(offered)), param_hint="--language"
        )
    if out.exists() and any(out.iterdir()):
        raise click.ClickException(_("%(folder)s is not empty; choose a new folder", folder=out))
    running = runtime()
    with session_scope() as session:
        wave = session.get(Wave, wave_id)
        if wave is None or wave.state is WaveState.DRAFT:
            raise click.ClickException(_("no wave %(wave)s with results", wave=wave_id))
        from_wave = session.get(Wave, from_wave_id) if from_wave_id else None
        unit = unit_by_key(session, unit_key)
        if unit is None:
            raise click.ClickException(_("unknown unit %(unit)r", unit=unit_key))
        request = ReportRequest(
            wave,
            unit.id,
            layout,
            formats or FORMATS,
            out,
            from_wave,
            workforce_figures(session, wave, unit.id),
            language=language or offered[0],
        )
        with click.progressbar(length=len(STEPS), label="Building report") as bar:
            try:
                built = build_report(
                    session,
                    running.banks,
                    request,
                    running.keyring,
                    running.answer_cipher,
                    running.redactor,
                    running.plan_settings,
                    progress=lambda _step: bar.update(1),
                    public_url=current_app.config["PUBLIC_URL"],
                )
            except (LayoutError, ValueError) as exc:
                raise click.ClickException(said(exc)) from None
    for name in built.files:
        click.echo(f"  {out / name}")
    click.echo(
        _(
            "Signed: %(manifest)s and manifest.sig (plan %(plan)s)",
            manifest=out / "manifest.json",
            plan=built.plan_digest[:16],
        )
    )


@reports_group.command(
    "verify",
    help=_l(
        "Say whether a report folder (by its manifest) or a PDF on its own (by its "
        "signature) is\nexactly what this deployment signed."
    ),
)
@click.argument("target", type=click.Path(exists=True, path_type=Path))
def verify_command(target: Path) -> None:
    keyring = runtime().keyring
    if target.is_dir():
        verdict = verify_report(target, keyring.public_keys())
    else:
        verdict = verify_pdf(target.read_bytes(), keyring.certificates())
    if verdict.is_valid:
        click.echo(_("%(file)s: valid", file=target.name))
        return
    for problem in verdict.problems:
        click.echo(_("%(file)s: %(problem)s", file=target.name, problem=said(problem)), err=True)
    raise SystemExit(1)


@keys_group.command(
    "rotate",
    help=_l("Make a new signing key and PDF certificate; reports signed before still verify."),
)
def rotate_command() -> None:
    keyring = runtime().keyring
    key = keyring.rotate()
    _signer, certificate = keyring.pdf_signing()
    click.echo(
        _(
            "New signing key %(key)s and PDF certificate %(certificate)s; %(count)s public keys "
            "published.",
            key=key_id(key.public_key()),
            certificate=certificate_id(certificate),
            count=len(keyring.public_keys()),
        )
    )


@keys_group.command(
    "list", help=_l("Public keys and PDF certificates reports can be verified against.")
)
def list_command() -> None:
    keyring = runtime().keyring
    for identifier in keyring.public_keys():
        click.echo(_("key %(key)s", key=identifier))
    for identifier, certificate in keyring.certificates().items():
        click.echo(
            _(
                "certificate %(certificate)s sha256:%(fingerprint)s",
                certificate=identifier,
                fingerprint=fingerprint(certificate),
            )
        )
