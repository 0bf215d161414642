"""``surveyapp backup --out FILE`` and ``surveyapp restore FILE``.

SQLite: the online backup API copies a consistent snapshot while the app keeps serving (WAL lets
readers and the one writer carry on). PostgreSQL: ``pg_dump`` in its custom format, restored by
``pg_restore`` in a single transaction, so a failed restore leaves the database as it was.

A backup holds everything in the database: hashed invitation tokens, staff accounts, stored
plans, and responses and comments sealed with ``SURVEYAPP_ANSWER_KEYS``. The keys are not in it
(they are never in the database): keep them, and the other secrets, backed up apart from the
backups, or the responses in a backup can never be read. The records of a wave that is still
open are rewritten in random order first (as at close), so that no backup keeps the order in
which they were sent.
Files are written with mode 0600, and only complete files are left behind: a backup is written
to a temporary name and renamed when done.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from surveyapp.database import get_engine, session_scope
from surveyapp.models import Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.sealed import reseal_in_random_order

from .language import gettext as _
from .language import lazy_gettext as _l

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(click.ClickException):
    """A backup or restore could not be done; the message says why in one line."""


@click.command(
    "backup",
    help=_l("Write a consistent copy of the whole database to FILE, while the app keeps serving."),
)
@with_appcontext
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help=_l("file to write (replaced only once the new backup is complete)"),
)
def backup_command(out: Path) -> None:
    url = make_url(current_app.config["DATABASE_URL"])
    _backend(url)
    rewritten = _shuffle_open_waves()
    if rewritten:
        waves, records = rewritten
        click.echo(
            _(
                "First rewrote the %(records)s sealed records of %(waves)s open wave(s) in random "
                "order, so that the backup does not keep the order they were sent in.",
                records=records,
                waves=waves,
            )
        )
    with _staging(out) as staging:
        if _backend(url) == "sqlite":
            _sqlite_backup(_sqlite_path(url), staging)
        else:
            # Rate-limit counters are a minute's worth of hashed client keys: never backed up.
            _pg_run(
                "pg_dump",
                url,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--exclude-table-data=rate_limit_window",
                f"--file={staging}",
            )
    click.echo(
        _("Backed up the %(backend)s database to %(file)s.", backend=_backend_name(url), file=out)
    )


def _shuffle_open_waves() -> tuple[int, int] | None:
    """Rewrite the records of every open wave in random order; (waves, records), if any."""
    if _is_missing_sqlite(make_url(current_app.config["DATABASE_URL"])):
        return None
    try:
        with session_scope() as session:
            open_waves = list(session.scalars(select(Wave.id).where(Wave.state == WaveState.OPEN)))
            records = sum(
                reseal_in_random_order(session, wave_id, runtime().answer_cipher)
                for wave_id in open_waves
            )
    except OperationalError:
        return None  # the database cannot be reached: the backup itself then says so
    return (len(open_waves), records) if records else None


def _is_missing_sqlite(url: URL) -> bool:
    return _backend(url) == "sqlite" and not (url.database and Path(url.database).exists())


@click.command(
    "restore",
    help=_l(
        "Replace the database's contents with BACKUP (made by ``surveyapp "
        "backup``).\n\nStop the app servers first: sessions and plans they hold would "
        "not match the restored data."
    ),
)
@with_appcontext
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help=_l("do not ask before replacing the database's contents"))
def restore_command(backup: Path, yes: bool) -> None:
    url = make_url(current_app.config["DATABASE_URL"])
    kind = _backup_kind(backup)
    if kind != _backend(url):
        raise BackupError(
            _(
                "%(file)s is a %(kind)s backup, but the configured database is %(backend)s",
                file=backup,
                kind=_NAMES.get(kind) or _("not a Staff Voice"),
                backend=_backend_name(url),
            )
        )
    if not yes:
        click.confirm(
            _(
                "Replace everything in the configured %(backend)s database with %(file)s?",
                backend=_backend_name(url),
                file=backup,
            ),
            abort=True,
        )
    get_engine().dispose()
    if kind == "sqlite":
        _sqlite_restore(backup, _sqlite_path(url))
    else:
        _pg_run(
            "pg_restore",
            url,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(backup),
        )
    click.echo(
        _(
            "Restored the %(backend)s database from %(file)s.",
            backend=_backend_name(url),
            file=backup,
        )
    )


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _backend(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in _NAMES:
        raise BackupError(_("backups of %(backend)s databases are not supported", backend=backend))
    return backend


def _backend_name(url: URL) -> str:
    return _NAMES[_backend(url)]


def _backup_kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(_("%(file)s is not a backup made by 'surveyapp backup'", file=path))


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A private temporary file beside ``out``, renamed onto it only if the block succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(descriptor)
    staging = Path(name)
    try:
        yield staging
        os.chmod(staging, 0o600)
        os.replace(staging, out)
    finally:
        staging.unlink(missing_ok=True)


# --- SQLite -------------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(
            _("there is no database at %(path)s; run 'surveyapp db upgrade' first", path=source)
        )
    target.unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source, timeout=30)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        # A backup is one self-contained file: no -wal or -shm beside it.
        dst.execute("PRAGMA journal_mode=DELETE")


def _sqlite_restore(backup: Path, target: Path) -> None:
    with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src:
        check = src.execute("PRAGMA integrity_check").fetchone()
        if check is None or check[0] != "ok":
            raise BackupError(
                _(
                    "%(file)s is damaged: %(why)s",
                    file=backup,
                    why=check[0] if check else _("unreadable"),
                )
            )
        tables = {row[0] for row in src.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            raise BackupError(_("%(file)s is not a Staff Voice database", file=backup))
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(target, timeout=30)) as dst:
            # The backup API replaces the target's pages in one step, under its write lock.
            src.backup(dst)


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_run(tool: str, url: URL, *arguments: str) -> None:
    """Run pg_dump or pg_restore against ``url``; the password travels in the environment only."""
    program = shutil.which(tool)
    if program is None:
        raise BackupError(
            _("%(tool)s was not found; install the PostgreSQL client tools", tool=tool)
        )
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None)
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from our own settings
        [program, f"--dbname={target.render_as_string(hide_password=False)}", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()
        raise BackupError(
            _(
                "%(tool)s failed: %(why)s",
                tool=tool,
                why=message[-1] if message else result.returncode,
            )
        )
