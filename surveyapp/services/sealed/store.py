"""Read and write a wave's sealed records; open them in memory only.

The one module that reads the sealed tables' records (with ``shuffle``, which rewrites them,
and ``keycheck``, which reads only their key ids): the choke-point test in the suite lists it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import LargeBinary, cast, func, insert, literal, select
from sqlalchemy.orm import Session

from surveyapp.domain.sealed import (
    COMMENT,
    RESPONSE,
    AnswerCipher,
    Layout,
    OpenedResponses,
    associated_data,
)
from surveyapp.domain.sealed.cipher import OVERHEAD
from surveyapp.models import SealedComment, SealedResponse
from surveyapp.models.sealed import ID_BYTES

from .layouts import stored_layout

SealedTable = type[SealedResponse] | type[SealedComment]
KINDS: dict[str, SealedTable] = {RESPONSE: SealedResponse, COMMENT: SealedComment}
_INSERTS = {kind: insert(table) for kind, table in KINDS.items()}  # built once: every submission


def new_id() -> bytes:
    return os.urandom(ID_BYTES)


def aad(kind: str, wave_id: int, layout: Layout) -> bytes:
    return associated_data(kind, wave_id, layout.digest)


def insert_records(session: Session, kind: str, wave_id: int, records: Sequence[bytes]) -> None:
    """Insert records of one wave under new random ids, in the order given."""
    if records:
        session.connection().execute(
            _INSERTS[kind],
            [{"wave_id": wave_id, "id": new_id(), "record": record} for record in records],
        )


def records_per_wave(session: Session, kind: str) -> dict[int, int]:
    """wave id -> how many records of one kind it holds: counted without opening any."""
    table = KINDS[kind]
    return dict(session.execute(select(table.wave_id, func.count()).group_by(table.wave_id)).all())


def read_records(session: Session, kind: str, wave_id: int) -> list[bytes]:
    """Every record of one kind of a wave, read on the driver's own cursor.

    A national wave has some 36,000 responses; made into SQLAlchemy rows first, they took longer
    to read than to open and count.
    """
    table = KINDS[kind]
    rows = _plain_rows(session, select(table.record).where(table.wave_id == wave_id))
    return [bytes(record) for (record,) in rows]


class KeysNeeded(ValueError):
    """Records were asked for without the answer keys that open them."""


def opened_responses(
    session: Session, wave_id: int, cipher: AnswerCipher | None
) -> OpenedResponses:
    """A wave's responses opened, as columns in memory (empty if nothing was ever sealed)."""
    layout = stored_layout(session, wave_id)
    if layout is None:
        return OpenedResponses([], Layout((), ()))
    joined = joined_responses(session, wave_id)
    size = layout.width + OVERHEAD
    opened = needed(cipher, wave_id).open_joined(joined, size, aad(RESPONSE, wave_id, layout))
    return OpenedResponses(opened, layout)


def joined_responses(session: Session, wave_id: int) -> bytes:
    """Every response record of a wave, end to end, read as one value.

    They all have one size, so nothing is lost by joining them; read one row per record, a
    national wave's 36,000 took longer to fetch than to open.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # In binary, so that 2 MB of records do not travel as 4 MB of hex.
        cursor = connection.connection.driver_connection.cursor(binary=True)  # type: ignore[union-attr]
        try:
            cursor.execute(_JOINED_POSTGRES, (wave_id,))
            (value,) = cursor.fetchone()
        finally:
            cursor.close()
    else:  # SQLite joins blobs byte for byte as text; cast back, they are bytes again
        joined = cast(func.group_concat(SealedResponse.record, literal("")), LargeBinary)
        value = session.scalar(select(joined).where(SealedResponse.wave_id == wave_id))
    return bytes(value) if value is not None else b""


_JOINED_POSTGRES = "SELECT string_agg(record, ''::bytea) FROM sealed_response WHERE wave_id = %s"


def opened_comments(
    session: Session, wave_id: int, cipher: AnswerCipher | None
) -> tuple[list[bytes], tuple[str, ...]]:
    """A wave's comments opened in memory (``domain.sealed.comments`` reads them), and its
    prompts, which a comment's prompt number indexes."""
    layout = stored_layout(session, wave_id)
    if layout is None:
        return [], ()
    records = read_records(session, COMMENT, wave_id)
    return needed(cipher, wave_id).open_all(records, aad(COMMENT, wave_id, layout)), layout.prompts


def needed(cipher: AnswerCipher | None, wave_id: int) -> AnswerCipher:
    if cipher is None:
        raise KeysNeeded(f"reading wave {wave_id}'s sealed records needs the answer keys")
    return cipher


def _plain_rows(session: Session, statement: Any) -> Iterable[tuple[Any, ...]]:
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    values = compiled.construct_params()
    arguments: Any = (
        tuple(values[name] for name in compiled.positiontup or ())
        if connection.dialect.positional
        else values
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), arguments)
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()
