"""Issuing a token: sign the blinded message, and record that the person had their token.

The record is written in the caller's transaction, and the signature leaves only in a response
whose transaction committed. Its primary key (wave, subject hash) makes it once per person: a
second request, also one sent at the same moment from another browser, fails on the key and
gets no signature. The record holds nothing of the unit, the
blinded message or the signature, and no time. The signature is made with the unit's key only
(RFC 9474 BlindSign, which checks the signature before returning it).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surveyapp.domain.blind_rsa import blind_sign
from surveyapp.domain.sso_secrets import SsoSecretCipher
from surveyapp.models import SignOnTokenIssued

from .sign_on import private_key
from .sign_on_people import SignOnError, SignOnProblem


def issue_blind_signature(
    session: Session,
    cipher: SsoSecretCipher,
    wave_id: int,
    unit_id: int,
    subject: str,
    blinded_message: bytes,
) -> bytes:
    """The blind signature for one person's one token; ``SignOnError`` if they had one.

    A blinded message the core refuses (wrong length, out of range) raises its
    ``BlindSignatureError`` before anything is recorded."""
    key = private_key(session, cipher, wave_id, unit_id)
    signature = blind_sign(key, blinded_message)
    session.add(SignOnTokenIssued(wave_id=wave_id, subject_hash=subject))
    try:
        session.flush()
    except IntegrityError:
        raise SignOnError(SignOnProblem.ALREADY_ISSUED) from None
    return signature
