"""``SURVEYAPP_SMTP_URL``: where mail goes, in one setting.

- ``smtps://user:password@host:465``: TLS from the first byte (port 465 by default);
- ``smtp://user:password@host:587?starttls=1``: plain connection upgraded with STARTTLS;
- ``smtp://host:25``: no TLS and usually no login, for a relay on the same machine.

User name and password are percent-encoded where they hold ``@``, ``:`` or ``/``. Errors never
repeat the URL, which may hold a password.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class Security(enum.StrEnum):
    TLS = "tls"
    STARTTLS = "starttls"
    NONE = "none"


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: Security
    username: str | None
    password: str | None = None

    @property
    def is_local(self) -> bool:
        return self.host.lower() in LOCAL_HOSTS

    def __repr__(self) -> str:  # never the password, in a traceback or a log
        return f"SmtpServer({self.security} {self.host}:{self.port}, user={self.username!r})"


def parse_smtp_url(url: str) -> SmtpServer:
    """The server a URL names; ``ValueError`` saying what is wrong, without the URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError("it must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("it names no host")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("its port is not a number from 1 to 65535") from None
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"starttls"}
    if unknown:
        raise ValueError(f"unknown option {sorted(unknown)[0]!r} (only starttls is known)")
    starttls = query.get("starttls", "0")
    if starttls not in TRUE | FALSE:
        raise ValueError("starttls must be 1 or 0")
    if parts.scheme == "smtps":
        if starttls in TRUE:
            raise ValueError("smtps:// is TLS already; starttls applies to smtp:// only")
        security = Security.TLS
    else:
        security = Security.STARTTLS if starttls in TRUE else Security.NONE
    default_port = {Security.TLS: 465, Security.STARTTLS: 587, Security.NONE: 25}[security]
    return SmtpServer(
        host=parts.hostname,
        port=port or default_port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )
