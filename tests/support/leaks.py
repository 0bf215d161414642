"""Search everything a deployment keeps for secrets that must not be there: the database's
bytes (the SQLite file and its WAL, or ``pg_dump``'s output), the audit trail and the logs."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import make_url

from surveyapp.database import session_scope
from surveyapp.models import AuditEntry
from tests.support.postgres import find_bin_dir


def database_bytes(app: Flask) -> bytes:
    url = make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        assert url.database
        files = [Path(url.database + suffix) for suffix in ("", "-wal", "-journal")]
        return b"".join(path.read_bytes() for path in files if path.exists())
    command = [
        str(find_bin_dir() / "pg_dump"),
        "--host", str(url.host), "--port", str(url.port),
        "--username", str(url.username), "--no-password", str(url.database),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, check=True, timeout=120).stdout


def audit_text(app: Flask) -> str:
    with app.app_context(), session_scope(app) as session:
        entries = session.scalars(select(AuditEntry)).all()
        return "\n".join(f"{e.actor} {e.action} {e.detail}" for e in entries)


def variants(secret: str) -> set[bytes]:
    return {form.encode() for form in (secret, secret.lower(), secret.upper())}


def assert_kept_nowhere(app: Flask, secrets: Iterable[str], logs: str = "") -> None:
    """None of ``secrets`` (addresses, tokens) in the database, the audit trail or ``logs``."""
    stored, trail = database_bytes(app), audit_text(app).encode()
    found = [
        (secret, where)
        for secret in secrets
        for where, haystack in (("database", stored), ("audit", trail), ("logs", logs.encode()))
        if any(form in haystack for form in variants(secret))
    ]
    assert not found, found
