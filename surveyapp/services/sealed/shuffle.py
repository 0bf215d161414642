"""Rewrite a wave's sealed records in random order, re-sealed, under new ids: no order is kept.

Records are written as respondents send them, so until this runs the storage of an open wave
follows submission order (on SQLite, cells are laid out in a page in the order they arrive; on
PostgreSQL, a row's ``ctid`` and ``xmin`` grow with time). At close, at each live release, on a
backup of an open wave and on key rotation, every record of the wave is opened, sealed again
under the newest key with a fresh nonce (so no ciphertext matches an older copy), and written
back in a random order under a new random id, in the caller's transaction; the old pages are
scrubbed once it commits (``scrub``). The spent messages of sign-in tokens, and the sign-ins
that got one, are rewritten in random order with them.

Submissions that arrive meanwhile are not lost: exactly the rows read are deleted, and on
PostgreSQL they are locked when read (``FOR UPDATE``), so a concurrent rewrite waits; on SQLite
the transaction holds the database's one write lock.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.orm import Session

from surveyapp.domain.sealed import COMMENT, RESPONSE, AnswerCipher
from surveyapp.models import BlindMessageSpent, SignOnTokenIssued

from .layouts import stored_layout
from .scrub import scrub_after_commit
from .store import KINDS, aad, insert_records, needed

_shuffle = random.SystemRandom().shuffle


def reseal_in_random_order(session: Session, wave_id: int, cipher: AnswerCipher | None) -> int:
    """Rewrite every record of the wave; return how many. The caller's commit makes it whole."""
    layout = stored_layout(session, wave_id)
    if layout is None:
        return 0
    cipher = needed(cipher, wave_id)
    rewritten = 0
    for kind in (RESPONSE, COMMENT):
        table = KINDS[kind]
        rows = session.execute(
            select(table.id, table.record).where(table.wave_id == wave_id).with_for_update()
        ).all()
        if not rows:
            continue
        associated = aad(kind, wave_id, layout)
        records = [cipher.reseal(bytes(record), associated) for _id, record in rows]
        _delete(session, kind, wave_id, [bytes(record_id) for record_id, _record in rows])
        _shuffle(records)
        insert_records(session, kind, wave_id, records)
        rewritten += len(records)
    for spent_or_issued in (BlindMessageSpent, SignOnTokenIssued):
        _rewrite_in_random_order(session, spent_or_issued, wave_id)
    scrub_after_commit(session)
    return rewritten


def _rewrite_in_random_order(
    session: Session, model: type[BlindMessageSpent] | type[SignOnTokenIssued], wave_id: int
) -> None:
    """The tokens' spent messages (written with each response) and the sign-ins that got one
    keep their order of arrival on disk like the records do, and would pair up by it: rewritten
    in random order with them."""
    table: Table = model.__table__  # type: ignore[assignment]
    rows = [
        dict(row)
        for row in session.execute(
            select(table).where(table.c.wave_id == wave_id).with_for_update()
        ).mappings()
    ]
    if not rows:
        return
    session.execute(delete(table).where(table.c.wave_id == wave_id))
    _shuffle(rows)
    session.execute(table.insert(), rows)


def _delete(session: Session, kind: str, wave_id: int, ids: Sequence[bytes]) -> None:
    table = KINDS[kind]
    session.connection().execute(
        delete(table).where(table.wave_id == bindparam("w"), table.id == bindparam("i")),
        [{"w": wave_id, "i": record_id} for record_id in ids],
    )
