"""Entering with a token: check its signature with the unit's key and that it is unused.

The token names its wave and the key it claims (``domain.blind_token``). Its signature is checked
with that key (RSASSA-PSS by OpenSSL, ``blind_rsa.verify``); if it does not check out, the wave's
other unit keys are tried only to say clearly what is wrong: signed with another unit's key,
or not signed by any (changed on the way). The entry's unit is that of the key that signed it.
Only reads: the message is spent when the answers are sent (``entry.submit``).
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.blind_rsa import BlindSignatureError, load_public_key_der, verify
from surveyapp.domain.blind_token import UnreadableToken, parse_token
from surveyapp.models import BlindMessageSpent, UnitSigningKey

from .entry import EntryError, EntryKind, EntryPoint, EntryProblem, check_wave_open, wave_facts


def message_hash(pepper: str, message: bytes) -> str:
    return hmac.new(pepper.encode(), b"blind message\x00" + message, hashlib.sha256).hexdigest()


def _checks_out(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        verify(load_public_key_der(public_key), message, signature)
    except BlindSignatureError:
        return False
    return True


def resolve_token(session: Session, pepper: str, text: str) -> EntryPoint:
    """The entry point a pasted token opens; ``EntryError`` saying what is wrong with it."""
    try:
        token = parse_token(text)
    except UnreadableToken:
        raise EntryError(EntryProblem.NOT_READABLE) from None
    keys = session.execute(
        select(UnitSigningKey.key_id, UnitSigningKey.unit_id, UnitSigningKey.public_key).where(
            UnitSigningKey.wave_id == token.wave_id
        )
    ).all()
    if not keys:
        raise EntryError(EntryProblem.NOT_READABLE)
    named = [(unit, key) for key_id, unit, key in keys if key_id == token.key_id]
    if not named or not _checks_out(named[0][1], token.message, token.signature):
        others = (key for key_id, _unit, key in keys if key_id != token.key_id)
        if any(_checks_out(key, token.message, token.signature) for key in others):
            raise EntryError(EntryProblem.OTHER_UNIT_KEY)
        raise EntryError(EntryProblem.SIGNATURE_FAILS)
    check_wave_open(wave_facts(session, token.wave_id))
    hashed = message_hash(pepper, token.message)
    if session.get(BlindMessageSpent, (token.wave_id, hashed)) is not None:
        raise EntryError(EntryProblem.MESSAGE_USED)
    return EntryPoint(EntryKind.SIGN_ON, hashed, token.wave_id, named[0][0])
