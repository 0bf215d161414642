import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.database import session_scope
from surveyapp.demo import demo_is_loaded, load_demo
from surveyapp.domain.comment_cipher import CommentCipher


@click.command("demo")
@with_appcontext
@click.option("--bank", default="social-work-pulse", show_default=True)
def demo_command(bank: str) -> None:
    """Load the fictional Northbridge council with six quarterly waves (once: skipped if any
    units exist)."""
    config = current_app.config
    with session_scope() as session:
        if demo_is_loaded(session):
            click.echo("The database already has units; demo data not loaded.")
            return
        summary = load_demo(
            session,
            current_app.extensions["surveyapp.banks"][bank],
            CommentCipher(config["COMMENT_KEYS"]),
            config["MIN_GROUP_SIZE"],
            config["MIN_COMMENT_GROUP_SIZE"],
        )
    click.echo(
        f"Loaded Northbridge: {summary.units} units, {summary.waves} waves,"
        f" {summary.responses} responses."
    )
