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

reports_group = AppGroup("report", help="Build and verify signed reports.")
keys_group = AppGroup("keys", help="Report signing keys, and rotating the answer keys.")
STEPS = ("plan", "trends", "comments", "charts", "html", "pdf", "csv", "sign")


@reports_group.command("build")
@click.option("--wave", "wave_id", type=int, required=True)
@click.option("--from", "from_wave_id", type=int, help="earliest wave in the trends")
@click.option("--unit", "unit_key", required=True, help="unit key, e.g. the organisation")
@click.option(
    "--layout", type=click.Choice(available_layouts()), default="board-pack", show_default=True
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="repeat for several (default: html, pdf and csv)",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--language",
    help="the report's language, one of SURVEYAPP_LANGUAGES (default: the first)",
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
    """Build a report from the wave's publication plan and sign it."""
    offered = languages(current_app)
    if language is not None and language not in offered:
        raise click.BadParameter(f"not one of {', '.join(offered)}", param_hint="--language")
    if out.exists() and any(out.iterdir()):
        raise click.ClickException(f"{out} is not empty; choose a new folder")
    running = runtime()
    with session_scope() as session:
        wave = session.get(Wave, wave_id)
        if wave is None or wave.state is WaveState.DRAFT:
            raise click.ClickException(f"no wave {wave_id} with results")
        from_wave = session.get(Wave, from_wave_id) if from_wave_id else None
        unit = unit_by_key(session, unit_key)
        if unit is None:
            raise click.ClickException(f"unknown unit {unit_key!r}")
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
                raise click.ClickException(str(exc)) from None
    for name in built.files:
        click.echo(f"  {out / name}")
    click.echo(f"Signed: {out / 'manifest.json'} and manifest.sig (plan {built.plan_digest[:16]})")


@reports_group.command("verify")
@click.argument("target", type=click.Path(exists=True, path_type=Path))
def verify_command(target: Path) -> None:
    """Say whether a report folder (by its manifest) or a PDF on its own (by its signature) is
    exactly what this deployment signed."""
    keyring = runtime().keyring
    if target.is_dir():
        verdict = verify_report(target, keyring.public_keys())
    else:
        verdict = verify_pdf(target.read_bytes(), keyring.certificates())
    if verdict.is_valid:
        click.echo(f"{target.name}: valid")
        return
    for problem in verdict.problems:
        click.echo(f"{target.name}: {problem}", err=True)
    raise SystemExit(1)


@keys_group.command("rotate")
def rotate_command() -> None:
    """Make a new signing key and PDF certificate; reports signed before still verify."""
    keyring = runtime().keyring
    key = keyring.rotate()
    _, certificate = keyring.pdf_signing()
    click.echo(
        f"New signing key {key_id(key.public_key())} and PDF certificate "
        f"{certificate_id(certificate)}; {len(keyring.public_keys())} public keys published."
    )


@keys_group.command("list")
def list_command() -> None:
    """Public keys and PDF certificates reports can be verified against."""
    keyring = runtime().keyring
    for identifier in keyring.public_keys():
        click.echo(f"key {identifier}")
    for identifier, certificate in keyring.certificates().items():
        click.echo(f"certificate {identifier} sha256:{fingerprint(certificate)}")
