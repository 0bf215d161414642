"""The ``surveyapp`` command: Flask's CLI group with the project's own commands.

Configuration errors end in one line naming the variable, not a traceback.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from surveyapp.config import ConfigError

from . import language
from .answer_keys import rotate_answers_command
from .api_tokens import api_tokens_group
from .audit import audit_group
from .backup import backup_command, restore_command
from .banks import banks_group
from .database import db_group
from .demo import demo_command
from .invitations import invitations_group
from .language import gettext, lazy_gettext
from .plans import plans_group
from .reports import keys_group, reports_group
from .tick import tick_command
from .units import units_group
from .users import users_group
from .waves import waves_group
from .workforce import workforce_group


def init_app(app: Flask) -> None:
    language.offer(app)
    keys_group.add_command(rotate_answers_command)
    for command in (
        db_group,
        units_group,
        waves_group,
        invitations_group,
        plans_group,
        demo_command,
        banks_group,
        users_group,
        api_tokens_group,
        reports_group,
        keys_group,
        audit_group,
        workforce_group,
        backup_command,
        restore_command,
        tick_command,
    ):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from surveyapp import create_app

    return create_app()


def main() -> None:
    try:
        app = _create_app()
    except ConfigError as exc:
        click.echo(gettext("Error: %(problem)s", problem=exc), err=True)
        sys.exit(2)
    language.speak_for_click()
    group = FlaskGroup(
        create_app=lambda: app,
        add_version_option=False,
        load_dotenv=False,
        set_debug_flag=False,
        help=lazy_gettext("Staff Voice: an anonymous staff survey platform."),
    )
    # Flask's --app/--env-file/--debug options make no sense for this one app.
    group.params = [p for p in group.params if p.name not in {"app", "env_file", "debug"}]
    group.main(prog_name="surveyapp")
