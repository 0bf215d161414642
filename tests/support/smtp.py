"""A real SMTP server on loopback for the tests (aiosmtpd), and one that never answers.

``MailCatcher`` keeps every message it accepts; ``refuse`` makes it answer 550 to chosen
recipients, as a real server does for an unknown mailbox, and ``hang_on_data`` makes it stall
after the recipients, as an overloaded server does.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

REFUSAL = "550 5.1.1 No such mailbox here"


@dataclass
class MailCatcher:
    host: str = "127.0.0.1"
    port: int = 0
    received: list[bytes] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    hang_on_data: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address.lower() in self.refuse:
            return REFUSAL
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.hang_on_data:
            await asyncio.sleep(self.hang_on_data)
        with self.lock:
            self.received.append(bytes(envelope.original_content or envelope.content))
        return "250 Message accepted"

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = list(self.received)
        parsed = [message_from_bytes(data, policy=policy.default) for data in raw]
        return [m for m in parsed if isinstance(m, EmailMessage)]

    def to(self) -> list[str]:
        return [str(message["To"]) for message in self.messages()]

    def raw(self) -> bytes:
        with self.lock:
            return b"\n".join(self.received)


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


@contextmanager
def mail_catcher(smtputf8: bool = True) -> Iterator[MailCatcher]:
    """The server logs every line it reads to ``mail.log``; that is the test's server talking,
    not the app, so it is kept out of the logs the tests search."""
    server_log = logging.getLogger("mail.log")
    server_log.propagate, server_log.disabled = False, True
    catcher = MailCatcher()
    controller = Controller(
        catcher, hostname="127.0.0.1", port=_free_port(), enable_SMTPUTF8=smtputf8
    )
    controller.start()
    catcher.port = controller.port
    try:
        yield catcher
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[str]:
    """A port that accepts connections and never says a word: smtplib waits for the greeting."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"smtp://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
