"""Configuration from ``SURVEYAPP_*`` environment variables over a whitelist.

Unknown keys are refused rather than ignored: a misspelt ``SURVEYAPP_MIN_GRUOP_SIZE`` silently
falling back to a default would quietly weaken anonymity. In development, missing secrets are
generated once into the instance folder so the app starts with no set-up; in production they must
be given, because a generated secret lost with a container would orphan every sealed response,
and they must be strong: a short or repetitive signing key can be guessed offline from one
session cookie, and with it any session (an admin's included) forged.
"""

from __future__ import annotations

import json
import math
import os
import secrets
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from surveyapp.domain.address_list import normalised_address
from surveyapp.domain.disclosure.thresholds import MINIMUM_K
from surveyapp.domain.sealed.cipher import new_key, parse_key
from surveyapp.domain.smtp_url import Security, parse_smtp_url

PREFIX = "SURVEYAPP_"
SECRET_KEYS = ("SECRET_KEY", "TOKEN_PEPPER", "ANSWER_KEYS")
# Answer keys are checked when parsed; the other secrets are free text.
TEXT_SECRETS = ("SECRET_KEY", "TOKEN_PEPPER")
# Comments were Fernet-encrypted before they were sealed with the answer keys: these keys are
# read (from the environment, or the development secrets file) only by the migration that seals
# them, and never generated.
LEGACY_SECRETS = ("COMMENT_KEYS",)
MIN_DISTINCT_KEY_BYTES = 16
MIN_SECRET_LENGTH = 32
# Estimated as the text's length times the Shannon entropy of its characters: a random
# ``secrets.token_urlsafe(32)`` scores about 210, ``openssl rand -hex 32`` about 250, while a
# repeated character scores 0 and a 33-character phrase about 130.
MIN_SECRET_BITS = 160
DEVELOPMENT_SENDER = "Staff Voice <staff-voice@localhost>"
HOW_TO_GENERATE = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


class ConfigError(Exception):
    """A setting is missing or wrong; the message names the variable in one line."""


@dataclass(frozen=True)
class Setting:
    default: Any
    parse: Any = str
    help: str = ""


def _parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _parse_keys(value: str) -> tuple[str, ...]:
    keys = tuple(part.strip() for part in value.split(",") if part.strip())
    for key in keys:
        Fernet(key.encode())
    if not keys:
        raise ValueError("expected one or more comma-separated Fernet keys")
    return keys


def _parse_answer_keys(value: str) -> tuple[str, ...]:
    keys = tuple(part.strip() for part in value.split(",") if part.strip())
    if not keys:
        raise ValueError("expected one or more comma-separated keys, newest first")
    for key in keys:
        raw = parse_key(key)
        if len(set(raw)) < MIN_DISTINCT_KEY_BYTES:
            raise ValueError("a key does not look random; make one with new_key() (see the guide)")
    if len({parse_key(key) for key in keys}) != len(keys):
        raise ValueError("a key is listed twice")
    return keys


def _parse_count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(f"expected 0 or more, got {number}")
    return number


def _parse_positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"expected 1 or more, got {number}")
    return number


KNOWN_LANGUAGES = ("en", "cy")


def _parse_languages(value: str) -> tuple[str, ...]:
    """``en,cy`` or ``cy,en``: the languages offered, the default (Welsh-first or not) first."""
    codes = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [code for code in codes if code not in KNOWN_LANGUAGES]
    if not codes or unknown:
        raise ValueError(f"expected a comma-separated list of {', '.join(KNOWN_LANGUAGES)}")
    if len(set(codes)) != len(codes):
        raise ValueError("a language is listed twice")
    return codes


def _parse_smtp_url(value: str) -> str:
    parse_smtp_url(value)  # refused here, at start, rather than at the first send
    return value.strip()


def _parse_sender(value: str) -> str:
    """``Survey team <survey@example.org>`` or a bare address."""
    _, address = parseaddr(value)
    if not address or normalised_address(address) is None:
        raise ValueError("expected an email address, e.g. Staff Voice <survey@example.org>")
    return value.strip()


SETTINGS: dict[str, Setting] = {
    "ENV": Setting("development", str, "development or production"),
    "DATABASE_URL": Setting(None, str, "SQLAlchemy URL; default SQLite under instance/"),
    "SECRET_KEY": Setting(None, str, "signs session cookies"),
    "TOKEN_PEPPER": Setting(None, str, "HMAC key for invitation token hashes"),
    "ANSWER_KEYS": Setting(
        None, _parse_answer_keys, "AES-256 keys, newest first, sealing responses and comments"
    ),
    "COMMENT_KEYS": Setting(
        None, _parse_keys, "Fernet keys of comments stored before sealing (migration only)"
    ),
    "PUBLIC_URL": Setting("http://127.0.0.1:5000", str, "address respondents use, for links"),
    "MIN_GROUP_SIZE": Setting(5, int, "k: fewest responses behind any published score"),
    "MIN_COMMENT_GROUP_SIZE": Setting(10, int, "fewest people behind any published comments"),
    "LIVE_RESULTS": Setting(False, _parse_bool, "release snapshots of open waves"),
    "DEMO_DATA": Setting(True, _parse_bool, "load the demo council on first run"),
    "SIGNING_KEYS_DIR": Setting(None, str, "folder of report signing keys (default instance/)"),
    "RATELIMIT_STORAGE_URL": Setting("database://", str, "rate-limit storage, or redis://..."),
    "RATELIMIT_ENABLED": Setting(True, _parse_bool, "turn rate limiting off (tests, benchmarks)"),
    "PROXY_HOPS": Setting(0, _parse_count, "reverse proxies in front whose X-Forwarded-* to trust"),
    "BIND": Setting("127.0.0.1:8000", str, "address gunicorn listens on (gunicorn.conf.py)"),
    "WORKERS": Setting(0, _parse_count, "gunicorn workers; 0: twice the CPU cores plus one"),
    "SESSION_IDLE_MINUTES": Setting(
        30, _parse_positive, "a staff session unused this long ends (minutes)"
    ),
    "SESSION_MAX_HOURS": Setting(
        12, _parse_positive, "a staff session ends this long after sign-in, used or not (hours)"
    ),
    "SMTP_URL": Setting(
        None,
        _parse_smtp_url,
        "mail server for invitations, reminders and password links, e.g."
        " smtps://user:pass@host:465 or smtp://user:pass@host:587?starttls=1; unset in"
        " development: mail is printed to the console",
    ),
    "MAIL_FROM": Setting(
        DEVELOPMENT_SENDER,
        _parse_sender,
        "the From of every email, e.g. Staff Voice <survey@example.org> (required with SMTP_URL"
        " in production)",
    ),
    "SEPARATE_DUTIES": Setting(
        None,
        _parse_bool,
        "an account that issued a unit's invitations or team link may not read that unit's"
        " results for that wave (default: on in production, off in development)",
    ),
    "LANGUAGES": Setting(
        ("en", "cy"),
        _parse_languages,
        "the languages pages are offered in, the default first: en,cy, or cy,en for Welsh-first"
        " (Welsh Language Standards); the reader chooses with the link on every page",
    ),
    "SMTP_TIMEOUT_SECONDS": Setting(
        10, _parse_positive, "how long to wait for the mail server at each step (seconds)"
    ),
}


def load(
    environ: Mapping[str, str],
    instance_path: Path,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the settings as a dict keyed by the names without prefix.

    ``overrides`` (used by tests and embedding code) win over the environment and are checked
    against the same whitelist.
    """
    values: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(PREFIX):
            continue
        key = name[len(PREFIX) :]
        if key not in SETTINGS:
            raise ConfigError(f"{name} is not a known setting")
        try:
            values[key] = SETTINGS[key].parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{name} is not valid: {exc}") from None
    for key, value in (overrides or {}).items():
        if key not in SETTINGS:
            raise ConfigError(f"{PREFIX}{key} is not a known setting")
        values[key] = value

    config = {key: values.get(key, setting.default) for key, setting in SETTINGS.items()}
    if config["ENV"] not in {"development", "production"}:
        raise ConfigError(f"{PREFIX}ENV must be development or production")
    _check_thresholds(config)
    if config["SEPARATE_DUTIES"] is None:
        config["SEPARATE_DUTIES"] = config["ENV"] == "production"
    if config["SIGNING_KEYS_DIR"] is None:
        config["SIGNING_KEYS_DIR"] = str(instance_path / "signing-keys")
    if config["DATABASE_URL"] is None:
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'surveyapp.sqlite3'}"
    missing = [key for key in SECRET_KEYS if not config[key]]
    if missing and config["ENV"] == "production":
        raise ConfigError(f"{PREFIX}{missing[0]} must be set when {PREFIX}ENV=production")
    if config["ENV"] == "production":
        _check_secret_strength(config)
        _check_mail(config)
    else:
        legacy = [key for key in LEGACY_SECRETS if not config[key]]
        config.update(_development_secrets(instance_path, missing, legacy))
    return config


def _check_thresholds(config: dict[str, Any]) -> None:
    k, k_comments = config["MIN_GROUP_SIZE"], config["MIN_COMMENT_GROUP_SIZE"]
    if k < MINIMUM_K:
        raise ConfigError(f"{PREFIX}MIN_GROUP_SIZE must be at least {MINIMUM_K}, got {k}")
    if k_comments < k:
        raise ConfigError(
            f"{PREFIX}MIN_COMMENT_GROUP_SIZE must be at least MIN_GROUP_SIZE ({k}),"
            f" got {k_comments}"
        )


def _check_mail(config: dict[str, Any]) -> None:
    """In production mail must leave under the deployment's own name and, beyond the machine
    itself, encrypted: an SMTP login sent in the clear is a login given away."""
    if config["SMTP_URL"] is None:
        return
    if config["MAIL_FROM"] == DEVELOPMENT_SENDER:
        raise ConfigError(f"{PREFIX}MAIL_FROM must be set with {PREFIX}SMTP_URL in production")
    server = parse_smtp_url(config["SMTP_URL"])
    if server.security is Security.NONE and not server.is_local:
        raise ConfigError(
            f"{PREFIX}SMTP_URL must use smtps:// or ?starttls=1 for a server on another machine"
        )


def _estimated_bits(secret: str) -> float:
    """Length times the Shannon entropy of the characters: a rough upper bound on how much
    randomness a secret holds, enough to catch short, repetitive or hand-typed ones."""
    counts = Counter(secret)
    return -sum(n * math.log2(n / len(secret)) for n in counts.values())


def _check_secret_strength(config: dict[str, Any]) -> None:
    for key in TEXT_SECRETS:
        secret = str(config[key])
        if len(secret) < MIN_SECRET_LENGTH or _estimated_bits(secret) < MIN_SECRET_BITS:
            raise ConfigError(
                f"{PREFIX}{key} is too weak: use at least {MIN_SECRET_LENGTH} random characters,"
                f" e.g. from {HOW_TO_GENERATE}"
            )


def _development_secrets(
    instance_path: Path, wanted: list[str], legacy: list[str]
) -> dict[str, Any]:
    """Generate missing secrets once into ``instance/secrets.json`` (mode 0600) and reuse them.

    Legacy comment keys already in the file are read too (for the migration that seals
    comments), never generated.
    """
    path = instance_path / "secrets.json"
    stored: dict[str, Any] = {}
    if path.exists():
        stored = json.loads(path.read_text())
    generated = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(32),
        "TOKEN_PEPPER": lambda: secrets.token_urlsafe(32),
        "ANSWER_KEYS": lambda: [new_key()],
    }
    changed = False
    for key in wanted:
        if key not in stored:
            stored[key] = generated[key]()
            changed = True
    if changed:
        instance_path.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(stored, handle, indent=2)
    result = {key: stored[key] for key in wanted}
    result.update({key: stored[key] for key in legacy if key in stored})
    for key in ("ANSWER_KEYS", *LEGACY_SECRETS):
        if key in result:
            result[key] = tuple(result[key])
    return result
