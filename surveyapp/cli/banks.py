"""``surveyapp banks``: check question bank files before a wave uses them."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from surveyapp.domain.banks import BankError, load_bank, reworded_keys
from surveyapp.domain.banks.fingerprint import LANGUAGE_MARK
from surveyapp.paths import SURVEYS, WORDING_LOCK

from .language import gettext as _
from .language import lazy_gettext as _l
from .language import said

banks_group = AppGroup("banks", help=_l("Check and list question banks in surveys/."))


def _in_words(key: str) -> str:
    """A wording lock key as a reader says it: ``morale_valued_v1@cy`` is its Welsh (cy) words."""
    question, _mark, language = key.partition(LANGUAGE_MARK)
    return (
        _("%(question)s (in %(language)s)", question=question, language=language)
        if language
        else question
    )


@banks_group.command(
    "check",
    help=_l(
        "Validate bank files (default: every bank in surveys/), and refuse new words "
        "under a key recorded in surveys/wording.lock.json."
    ),
)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    lock = json.loads(WORDING_LOCK.read_text(encoding="utf-8"))
    failed = False
    for path in files or tuple(sorted(SURVEYS.glob("*.toml"))):
        try:
            bank = load_bank(path)
        except BankError as exc:
            click.echo(_("Error: %(problem)s", problem=said(exc)), err=True)
            failed = True
            continue
        reworded = reworded_keys(bank, lock.get(bank.key, {}))
        if reworded:
            named = ", ".join(_in_words(key) for key in reworded)
            click.echo(
                _(
                    "Error: %(file)s: the words of %(keys)s changed; give each a new key (e.g. "
                    "_v2) so trends do not mix wordings",
                    file=path.name,
                    keys=named,
                ),
                err=True,
            )
            failed = True
            continue
        click.echo(
            _(
                "%(file)s: %(title)s v%(version)s, %(count)s questions, in %(languages)s",
                file=path.name,
                title=bank.title,
                version=bank.version,
                count=len(bank.questions),
                languages=_(" and ").join(bank.languages),
            )
        )
    if failed:
        raise SystemExit(1)
