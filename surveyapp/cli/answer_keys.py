"""``surveyapp keys rotate-answers``: re-seal every stored record under the newest answer key."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.sealed import reseal_in_random_order, sealed_key_ids
from surveyapp.services.sign_on import reseal_sign_on_secrets

from .language import gettext as _
from .language import lazy_gettext as _l


@click.command(
    "rotate-answers",
    help=_l(
        "Re-seal every response and comment under the newest key of "
        "SURVEYAPP_ANSWER_KEYS, and the single sign-on secrets (client secrets, units' "
        "signing keys) derived from it.\n\nPut the new key first in "
        "SURVEYAPP_ANSWER_KEYS on every app server (keeping the old ones after it) and "
        "restart them, then run this. One transaction: it all happens or nothing does."
    ),
)
@with_appcontext
def rotate_answers_command() -> None:
    cipher = runtime().answer_cipher
    with session_scope() as session:
        waves = list(session.scalars(select(Wave.id).order_by(Wave.id)))
        total = sum(reseal_in_random_order(session, wave_id, cipher) for wave_id in waves)
        secrets = reseal_sign_on_secrets(session, runtime().sso_cipher)
    with session_scope() as session:
        older = sum(n for key, n in sealed_key_ids(session).items() if key != cipher.newest_key_id)
    click.echo(
        _(
            "Re-sealed %(total)s records under key %(key)s.",
            total=total,
            key=cipher.newest_key_id.hex(),
        )
    )
    if secrets:
        click.echo(
            _("Re-sealed %(count)s sign-on secrets and signing keys under it too.", count=secrets)
        )
    if older:
        click.echo(
            _(
                "%(count)s records were sealed with an older key meanwhile (an app server still "
                "has the old setting?): restart every server with the new key first, then run "
                "this again.",
                count=older,
            )
        )
    else:
        click.echo(
            _(
                "No stored record needs an older key now. Keep the older keys listed for as long "
                "as you keep backups made before this rotation: those need them."
            )
        )
