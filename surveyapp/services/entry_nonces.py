"""One-time entry nonces: each entry into the survey can send answers once, server-side.

The signed session cookie says where a respondent came in, but a cookie can be copied and
replayed, and a team link can be opened again and again. So every entry also gets a random
nonce: the plain value goes into the session, only its keyed hash into ``entry_nonce``, and the
submission deletes that row with a conditional DELETE in its own transaction. Whoever sends
second with the same nonce finds no row and is refused.
"""

from __future__ import annotations

import secrets

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    bindparam,
    delete,
    false,
    func,
    insert,
    select,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from surveyapp.domain.entry_limits import unfinished_entries_allowed
from surveyapp.domain.tokens import new_token, token_hash
from surveyapp.models import EntryNonce, WaveUnit

# Built once: every respondent's entry and submission runs them, and building a statement
# cost more than running it. Run on the session's connection: the ORM adds only cost here.
_WAY_IN = (
    EntryNonce.wave_id == bindparam("wave_id"),
    EntryNonce.unit_id == bindparam("unit_id"),
    EntryNonce.via_team_link == bindparam("via_team_link"),
)
_HEADCOUNT_AND_UNFINISHED = select(
    select(WaveUnit.headcount)
    .where(WaveUnit.wave_id == bindparam("wave_id"), WaveUnit.unit_id == bindparam("unit_id"))
    .scalar_subquery(),
    select(func.count()).select_from(EntryNonce).where(*_WAY_IN).scalar_subquery(),
)
_ADD = insert(EntryNonce)
_SPEND = (
    delete(EntryNonce)
    .where(EntryNonce.nonce_hash == bindparam("nonce_hash"), *_WAY_IN)
    .execution_options(synchronize_session=False)
)


def headcount_and_unfinished(
    wave_id: InstrumentedAttribute[int], unit_id: InstrumentedAttribute[int], via_team_link: bool
) -> tuple[ScalarSelect[int], ScalarSelect[int]]:
    """A unit's headcount in the wave and its unfinished entries by one way in, as columns of
    the query that checks that way in: entering then reads them in the same statement."""
    return (
        select(WaveUnit.headcount)
        .where(WaveUnit.wave_id == wave_id, WaveUnit.unit_id == unit_id)
        .scalar_subquery(),
        select(func.count())
        .select_from(EntryNonce)
        .where(
            EntryNonce.wave_id == wave_id,
            EntryNonce.unit_id == unit_id,
            EntryNonce.via_team_link == (true() if via_team_link else false()),
        )
        .scalar_subquery(),
    )


def at_bound(headcount: int | None, unfinished: int | None) -> bool:
    """Whether a unit keeps as many unfinished entries by one way in as it may."""
    return (unfinished or 0) >= unfinished_entries_allowed(headcount or 0)


def issue_nonce(
    session: Session,
    pepper: str,
    wave_id: int,
    unit_id: int,
    via_team_link: bool,
    full: bool | None = None,
) -> str:
    """Record a new unfinished entry into the unit's survey and return its plain nonce.

    When the unit already has as many unfinished entries by this way in as it may keep
    (``full``, as read with the way in, or read here), one of them chosen at random is dropped
    first (nothing records which is oldest). The count is read without a lock: concurrent
    entries can pass the bound by a few, which only delays the dropping, never loses a
    response that was sent.
    """
    where = {"wave_id": wave_id, "unit_id": unit_id, "via_team_link": via_team_link}
    connection = session.connection()
    if full is None:
        full = at_bound(*connection.execute(_HEADCOUNT_AND_UNFINISHED, where).one())
    if full:
        way_in = (
            EntryNonce.wave_id == wave_id,
            EntryNonce.unit_id == unit_id,
            EntryNonce.via_team_link == via_team_link,
        )
        _drop_one_at_random(session, way_in)
    nonce = new_token()
    connection.execute(_ADD, {"nonce_hash": token_hash(pepper, nonce), **where})
    return nonce


def _drop_one_at_random(session: Session, way_in: tuple[ColumnElement[bool], ...]) -> None:
    """Delete the unfinished entry whose (uniformly random) hash follows a random point."""
    point = secrets.token_hex(32)
    after = select(EntryNonce.nonce_hash).where(*way_in).order_by(EntryNonce.nonce_hash).limit(1)
    victim = session.scalar(after.where(EntryNonce.nonce_hash >= point)) or session.scalar(after)
    if victim is not None:
        session.execute(delete(EntryNonce).where(EntryNonce.nonce_hash == victim))


def spend_nonce(
    session: Session, pepper: str, nonce: str, wave_id: int, unit_id: int, via_team_link: bool
) -> bool:
    """Use the entry up, in the caller's transaction; False if it was already used or dropped.

    A conditional DELETE: of two transactions holding the same nonce only one deletes the row
    (the other waits for it on PostgreSQL, or for the write lock on SQLite, then finds none).
    """
    spent = session.connection().execute(
        _SPEND,
        {
            "nonce_hash": token_hash(pepper, nonce),
            "wave_id": wave_id,
            "unit_id": unit_id,
            "via_team_link": via_team_link,
        },
    )
    return bool(spent.rowcount == 1)


def drop_unfinished_entries(
    session: Session, wave_id: int, unit_id: int | None = None, via_team_link: bool | None = None
) -> None:
    """Forget unfinished entries: all of a wave's when it closes, or one unit's link's."""
    query = delete(EntryNonce).where(EntryNonce.wave_id == wave_id)
    if unit_id is not None:
        query = query.where(EntryNonce.unit_id == unit_id)
    if via_team_link is not None:
        query = query.where(EntryNonce.via_team_link == via_team_link)
    session.execute(query.execution_options(synchronize_session=False))
