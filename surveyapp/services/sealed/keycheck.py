"""Which key ids the stored records were sealed with: a start-up check that the keys fit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.domain.sealed import AnswerCipher
from surveyapp.domain.sealed.cipher import KEY_ID_BYTES

from .store import KINDS


def sealed_key_ids(session: Session) -> dict[bytes, int]:
    """key id -> how many stored records (responses and comments) it sealed."""
    found: dict[bytes, int] = {}
    for table in KINDS.values():
        prefix = func.substr(table.record, 1, KEY_ID_BYTES)
        for key, count in session.execute(select(prefix, func.count()).group_by(prefix)):
            found[bytes(key)] = found.get(bytes(key), 0) + count
    return found


def unknown_key_ids(session: Session, cipher: AnswerCipher) -> dict[bytes, int]:
    """Key ids of stored records that none of the configured keys has."""
    return {key: n for key, n in sealed_key_ids(session).items() if key not in cipher.key_ids}
