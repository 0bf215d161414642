"""Sending email: through SMTP where ``SURVEYAPP_SMTP_URL`` is set, to the console in
development, and nowhere in production without it (a clear refusal, before anything is issued).

A mailer takes composed messages and says, for each, whether the server took it and if not why
(the server's own reply, for the page of the admin who typed the address: it is never logged,
stored, or put in an exception). One connection carries a whole batch; a server that stops
answering fails the rest of the batch at once instead of waiting on every message, and a batch
stops when its time is up, so a send always ends well inside a web worker's timeout. What was
not sent can be sent again.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any, Protocol, TextIO

from surveyapp.domain.mail_message import plain_text
from surveyapp.domain.smtp_url import Security, SmtpServer, parse_smtp_url
from surveyapp.domain.wording import words

# A batch ends this long after it began, whatever is left (web workers are killed at 30 s).
BATCH_SECONDS = 20.0
OUT_OF_TIME = "not sent: the batch ran out of time; send these again"
CONSOLE_RULE = "-" * 72
NO_SMTPUTF8 = (
    "not sent: the address has letters beyond plain English ones, which this mail server"
    " does not take (SMTPUTF8)"
)


@dataclass(frozen=True)
class Delivery:
    """What became of one message: taken by the server, or not and why."""

    is_sent: bool
    reason: str = ""


class MailUnavailable(RuntimeError):
    """No mail can be sent from this deployment; the message says what to set."""


class Mailer(Protocol):
    sender: str

    @property
    def can_send(self) -> bool: ...

    def deliver(self, messages: Sequence[EmailMessage]) -> list[Delivery]: ...


def _stamped(message: EmailMessage, sender: str) -> EmailMessage:
    for header in ("From", "Date", "Message-ID"):
        del message[header]
    message["From"] = sender
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    return message


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"refused by the mail server: {code} {' '.join(said.split())}"


def _timed_out(exc: BaseException) -> bool:
    """smtplib reports a read that timed out as a lost connection; the cause tells."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _connection_problem(exc: BaseException, server: SmtpServer, timeout: float) -> str:
    if _timed_out(exc):
        unit = "second" if timeout == 1 else "seconds"
        return f"not sent: the mail server did not answer within {timeout:g} {unit}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"not sent: the mail server refused the login ({exc.smtp_code})"
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return "not sent: a secure connection to the mail server could not be made"
    if isinstance(exc, socket.gaierror):
        return f"not sent: the mail server's name {server.host} was not found"
    if isinstance(exc, ConnectionRefusedError):
        return f"not sent: {server.host}:{server.port} refused the connection"
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    return "not sent: the connection to the mail server was lost"


class SmtpMailer:
    """Sends through one SMTP server, over TLS or STARTTLS with certificate checks."""

    def __init__(
        self,
        server: SmtpServer,
        sender: str,
        timeout: float,
        batch_seconds: float = BATCH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server, self.sender, self.timeout = server, sender, timeout
        self._batch_seconds, self._clock = batch_seconds, clock

    @property
    def can_send(self) -> bool:
        return True

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        host, port = self.server.host, self.server.port
        connection: smtplib.SMTP
        if self.server.security is Security.TLS:
            connection = smtplib.SMTP_SSL(host, port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(host, port, timeout=self.timeout)
        try:
            connection.ehlo()
            if self.server.security is Security.STARTTLS:
                connection.starttls(context=context)
                connection.ehlo()
            if self.server.username:
                connection.login(self.server.username, self.server.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def deliver(self, messages: Sequence[EmailMessage]) -> list[Delivery]:
        if not messages:
            return []
        ends_at = self._clock() + self._batch_seconds
        try:
            connection = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            problem = _connection_problem(exc, self.server, self.timeout)
            return [Delivery(False, problem)] * len(messages)
        outcomes: list[Delivery] = []
        try:
            for message in messages:
                if self._clock() > ends_at:
                    break
                try:
                    connection.send_message(_stamped(message, self.sender))
                except smtplib.SMTPRecipientsRefused as exc:
                    code, text = next(iter(exc.recipients.values()))
                    outcomes.append(Delivery(False, _reply(code, text)))
                except smtplib.SMTPResponseException as exc:
                    outcomes.append(Delivery(False, _reply(exc.smtp_code, exc.smtp_error)))
                except smtplib.SMTPNotSupportedError:
                    outcomes.append(Delivery(False, NO_SMTPUTF8))
                except (OSError, smtplib.SMTPException) as exc:
                    problem = _connection_problem(exc, self.server, self.timeout)
                    outcomes += [Delivery(False, problem)] * (len(messages) - len(outcomes))
                else:
                    outcomes.append(Delivery(True))
                if len(outcomes) == len(messages):
                    break
        finally:
            _close_quietly(connection)
        return outcomes + [Delivery(False, OUT_OF_TIME)] * (len(messages) - len(outcomes))


def _close_quietly(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


class ConsoleMailer:
    """Development only: each message is printed to standard output, where ``make run`` shows
    it, and never to a log (a log file would keep the links). Nothing is sent."""

    def __init__(self, sender: str, stream: TextIO | None = None) -> None:
        self.sender, self._stream = sender, stream

    @property
    def can_send(self) -> bool:
        return True

    def deliver(self, messages: Sequence[EmailMessage]) -> list[Delivery]:
        stream = self._stream or sys.stdout
        for message in messages:
            stamped = _stamped(message, self.sender)
            print(CONSOLE_RULE, file=stream)
            print("Email (development: printed here, not sent)", file=stream)
            for header in ("From", "To", "Subject"):
                print(f"{header}: {stamped[header]}", file=stream)
            print(file=stream)
            print(plain_text(stamped), file=stream)
            print(CONSOLE_RULE, file=stream, flush=True)
        return [Delivery(True)] * len(messages)


class NoMailer:
    """Production without ``SURVEYAPP_SMTP_URL``: every send is refused, saying what to set."""

    REFUSAL = words(
        "Email is not set up on this service: its administrator needs to set SURVEYAPP_SMTP_URL"
        " and SURVEYAPP_MAIL_FROM (see docs/PRODUCTION.md)"
    )

    def __init__(self, sender: str) -> None:
        self.sender = sender

    @property
    def can_send(self) -> bool:
        return False

    def deliver(self, messages: Sequence[EmailMessage]) -> list[Delivery]:
        raise MailUnavailable(self.REFUSAL)


def mailer_from_config(config: Mapping[str, Any]) -> Mailer:
    """The mailer a loaded configuration (``config.load``) asks for."""
    sender = config["MAIL_FROM"]
    if config.get("SMTP_URL"):
        server = parse_smtp_url(config["SMTP_URL"])
        return SmtpMailer(server, sender, float(config["SMTP_TIMEOUT_SECONDS"]))
    if config["ENV"] == "production":
        return NoMailer(sender)
    return ConsoleMailer(sender)
