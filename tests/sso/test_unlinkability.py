"""After 20 people got tokens and answered, nothing of issuance can be found on the answer side.

Every value issuance handled (each person's subject, email and subject hash, the blinded message
the browser sent and the blind signature it got back) is searched for, raw, as hex and as
base64 and base64url, in every value of the tables a submission writes, in the database file's
bytes (its write-ahead log included), and in every log line the app wrote. The one place a
subject hash may be is the issuance table, which shares no column but the wave with the answer
side, and holds no time or order.
"""

from __future__ import annotations

import base64
import logging
import random
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect, select, text

from surveyapp.database import get_engine, session_scope
from surveyapp.models import SignOnTokenIssued
from tests.factories import open_test_wave
from tests.models.test_anonymity_schema import looks_identifying
from tests.support.sign_on import add_person, answer_with, get_token, turn_on

PEOPLE = 20
ANSWER_SIDE = ("sealed_response", "sealed_comment", "blind_message_spent", "entry_nonce")
ISSUANCE_SIDE = ("sign_on_token_issued",)


def forms(value: bytes | str) -> set[bytes]:
    """The ways a value could be written down: raw, hex, base64 and base64url (unpadded)."""
    raw = value.encode() if isinstance(value, str) else value
    found = {raw, raw.hex().encode(), raw.hex().upper().encode()}
    found |= {base64.b64encode(raw), base64.urlsafe_b64encode(raw).rstrip(b"=")}
    found |= {base64.b64encode(raw).rstrip(b"=")}
    if isinstance(value, str) and len(value) == 64:  # a hex digest: its bytes too
        digest = bytes.fromhex(value)
        found |= {digest, base64.b64encode(digest), base64.urlsafe_b64encode(digest).rstrip(b"=")}
    return found


def cells(app: Flask, tables: tuple[str, ...]) -> bytes:
    chunks = []
    with get_engine(app).connect() as connection:
        for table in tables:
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    chunks.append(value if isinstance(value, bytes) else str(value).encode())
    return b"\x00".join(chunks)


def file_bytes(app: Flask) -> bytes:
    path = Path(str(get_engine(app).url.database))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def count(haystack: bytes, values: list[bytes | str]) -> int:
    return sum(1 for value in values for form in forms(value) if form in haystack)


def test_nothing_of_issuance_is_stored_or_logged_with_the_answers(
    sqlite_app: Flask, provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = sqlite_app
    with app.app_context(), session_scope(app) as session:
        wave_id = open_test_wave(session, app).id
    turn_on(app, wave_id, provider)
    subjects = [f"person-{number}-{random.random()}" for number in range(PEOPLE)]
    emails = [f"p{number}@example.test" for number in range(PEOPLE)]
    for number, (subject, email) in enumerate(zip(subjects, emails, strict=True)):
        department = ("Team A", "Team B")[number % 2]
        add_person(provider, subject, {"email": email, "department": department})
    caplog.clear()
    caplog.set_level(logging.DEBUG)  # from here on, every line the app and its client log
    blinded, blind_signatures, tokens = [], [], []
    for subject in subjects:
        issued = get_token(app.test_client(), provider, wave_id, subject)
        blinded.append(issued.blinded_message)
        blind_signatures.append(issued.blind_signature)
        tokens.append(issued.token)
    random.shuffle(tokens)
    for token in tokens:
        assert answer_with(app.test_client(), token).status_code == 200
    with app.app_context(), session_scope(app) as session:
        subject_hashes: list[bytes | str] = list(
            session.scalars(select(SignOnTokenIssued.subject_hash))
        )
    assert len(subject_hashes) == PEOPLE

    app_logs = "\n".join(
        record.getMessage() for record in caplog.records if record.threadName == "MainThread"
    ).encode()
    answer_side = cells(app, ANSWER_SIDE)
    database = file_bytes(app)
    people: list[bytes | str] = [*subjects, *emails]
    wire: list[bytes | str] = [*blinded, *blind_signatures]
    everything = [*people, *wire, *subject_hashes]
    found = {
        "answer-side tables": count(answer_side, everything),
        "database file and write-ahead log": count(database, [*people, *wire]),
        "logs": count(app_logs, everything),
    }
    log_lines = len(app_logs.splitlines())
    print(
        f"unlinkability: {len(everything)} issuance values ({PEOPLE} people: subject, email, "
        f"subject hash, blinded message, blind signature), each raw, hex, base64 and base64url; "
        f"matches: {found}; answer-side bytes {len(answer_side)}, database bytes "
        f"{len(database)}, log lines {log_lines}"
    )
    assert found == {key: 0 for key in found}

    columns = {
        table: {c["name"] for c in inspect(get_engine(app)).get_columns(table)}
        for table in (*ANSWER_SIDE, *ISSUANCE_SIDE)
    }
    issuance = set().union(*(columns[t] for t in ISSUANCE_SIDE))
    answers = set().union(*(columns[t] for t in ANSWER_SIDE))
    assert issuance & answers == {"wave_id"}, "a column to join issuance to answers by"
    assert not [c for c in issuance if looks_identifying(c)], "a time or order at issuance"
    with get_engine(app).connect() as connection:
        sql = connection.scalar(
            text("SELECT sql FROM sqlite_master WHERE name = 'sign_on_token_issued'")
        )
    assert "WITHOUT ROWID" in sql, "issuance rows kept in the order people signed in"
