"""Invitations by email: each address is sent its own single-use link, through the mailer.

The addresses and which token went to which address are held only in this call: they are not
stored, logged, audited or put in an exception. The invitations are issued and committed first
(so a link works the moment its message arrives), the mail is sent with no transaction open,
and the invitations whose message did not go out are then deleted, so none is left unsent and
uncounted; sending to those addresses again issues fresh ones. Each step is one transaction of
its own (``transaction``), and the audit trail says how many were issued, sent and withdrawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from surveyapp.domain.address_list import ListedAddress
from surveyapp.domain.mail_message import compose_bilingual
from surveyapp.domain.mail_wording import BILINGUAL, MessageKind, long_date
from surveyapp.domain.sealed_addresses import AddressListCipher
from surveyapp.domain.tokens import token_hash
from surveyapp.domain.wording import words
from surveyapp.models import Invitation, Unit, Wave

from .audit import record
from .invitations import InvitationError, issue_invitations
from .issuance import Issuer, check_headcount, record_issue
from .mailer import Mailer, MailUnavailable
from .reminders import add_to_list
from .transaction import Transaction


@dataclass(frozen=True)
class NotSent:
    listed: ListedAddress
    reason: str


@dataclass(frozen=True)
class EmailReport:
    """What a send did, for the admin's page: addresses are the admin's own input."""

    sent: tuple[ListedAddress, ...]
    not_sent: tuple[NotSent, ...]
    kept_for_reminders: int | None = None


@dataclass(frozen=True)
class EmailRequest:
    wave_id: int
    unit_id: int
    addresses: tuple[ListedAddress, ...]
    actor: str
    keep_for_reminders: bool = False
    issuer_id: int | None = None
    """The sending account (None: none signed in), kept for separation of duties."""

    @property
    def issuer(self) -> Issuer:
        return Issuer(self.actor, self.issuer_id)


def _wave_and_unit(session: Session, request: EmailRequest) -> tuple[Wave, Unit]:
    wave, unit = session.get(Wave, request.wave_id), session.get(Unit, request.unit_id)
    if wave is None or unit is None:
        raise InvitationError(words("no such wave or unit"))
    return wave, unit


def _withdraw(session: Session, pepper: str, tokens: Sequence[str]) -> int:
    if not tokens:
        return 0
    hashes = [token_hash(pepper, token) for token in tokens]
    result = session.execute(delete(Invitation).where(Invitation.token_hash.in_(hashes)))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def email_invitations(
    transaction: Transaction,
    mailer: Mailer,
    request: EmailRequest,
    pepper: str,
    public_url: str,
    cipher: AddressListCipher,
    languages: tuple[str, ...] = BILINGUAL,
) -> EmailReport:
    """Issue one invitation per address, send each its link, withdraw what did not go.

    Raises ``MailUnavailable`` (nothing issued) when this deployment cannot send mail, and
    ``InvitationError`` (nothing issued) when the wave does not take invitations.
    """
    if not mailer.can_send:
        raise MailUnavailable(getattr(mailer, "REFUSAL", words("email is not set up")))
    count = len(request.addresses)
    with transaction() as session:
        wave, unit = _wave_and_unit(session, request)
        check_headcount(session, wave, unit.id, count, request.issuer)
        tokens = issue_invitations(session, wave, unit, count, pepper)
        record_issue(
            session,
            request.issuer,
            "invitations.email_issued",
            wave.id,
            unit.id,
            f"{count} invitations issued to send by email",
        )
        values = {
            language: {
                "survey": wave.name,
                "unit": unit.name,
                "closes": long_date(wave.closes_on, language) if wave.closes_on else "",
            }
            for language in languages
        }
    base = public_url.rstrip("/")
    messages = [
        compose_bilingual(
            MessageKind.INVITATION, listed.address, f"{base}/i/{token}", values, languages
        )
        for listed, token in zip(request.addresses, tokens, strict=True)
    ]
    try:
        deliveries = mailer.deliver(messages)
    except BaseException:
        with transaction() as session:
            _withdraw(session, pepper, tokens)
        raise
    unsent = [t for t, d in zip(tokens, deliveries, strict=True) if not d.is_sent]
    sent = tuple(
        listed for listed, d in zip(request.addresses, deliveries, strict=True) if d.is_sent
    )
    not_sent = tuple(
        NotSent(listed, d.reason)
        for listed, d in zip(request.addresses, deliveries, strict=True)
        if not d.is_sent
    )
    kept = None
    with transaction() as session:
        withdrawn = _withdraw(session, pepper, unsent)
        record(
            session,
            request.actor,
            "invitations.emailed",
            request.wave_id,
            request.unit_id,
            f"{len(sent)} sent, {len(not_sent)} not sent ({withdrawn} withdrawn)",
        )
        if request.keep_for_reminders and sent:
            wave, unit = _wave_and_unit(session, request)
            addresses = [listed.address for listed in sent]
            kept = add_to_list(session, cipher, wave, unit, addresses, request.actor)
    return EmailReport(sent, not_sent, kept)
