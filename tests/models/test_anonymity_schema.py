"""The answer store can hold nothing that identifies or orders a respondent (DESIGN.md §3.1).

Read from the migrated database itself, on both engines, so a column added by hand in a
migration is caught as well as one added to a model. The answer store is sealed: a random id, the
wave and a ciphertext, nothing else. The one-time entries (``entry_nonce``) are written and
deleted in the same transactions as responses, so they are held to the same rules, as are the spent
token messages (``blind_message_spent``), written with them.
"""

import re

import pytest
from sqlalchemy import Integer, inspect

from surveyapp.database import make_engine

ANSWER_STORE = ("sealed_response", "sealed_comment")
PLAINTEXT_TABLES = ("response", "answer", "response_band", "comment")
CHECKED = (*ANSWER_STORE, "entry_nonce", "blind_message_spent")
IDENTIFYING_PARTS = {
    "at",
    "on",
    "ts",
    "ip",
    "ips",
    "addr",
    "address",
    "host",
    "no",
    "seq",
    "serial",
    "order",
    "position",
    "rank",
    "counter",
    "number",
    "created",
    "updated",
    "submitted",
    "modified",
    "session",
    "device",
    "browser",
    "email",
    "account",
    "login",
}
IDENTIFYING_WORDS = re.compile(r"time|date|agent|user|token|invit|sequence|cookie", re.IGNORECASE)


def looks_identifying(name: str) -> bool:
    parts = set(name.lower().split("_")) - {"id"}
    return bool(parts & IDENTIFYING_PARTS) or bool(IDENTIFYING_WORDS.search(name))


ALLOWED = {
    "sealed_response": {"id", "wave_id", "record"},
    "sealed_comment": {"id", "wave_id", "record"},
    "entry_nonce": {"nonce_hash", "wave_id", "unit_id", "via_team_link"},
    "blind_message_spent": {"wave_id", "message_hash"},
}


@pytest.fixture
def inspector(database_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    yield inspect(engine)
    engine.dispose()


@pytest.mark.parametrize("table", CHECKED)
def test_no_identifying_column(inspector, table: str) -> None:  # type: ignore[no-untyped-def]
    columns = {column["name"] for column in inspector.get_columns(table)}
    suspicious = sorted(name for name in columns if looks_identifying(name))
    assert not suspicious, f"{table} has columns that could identify or order someone: {suspicious}"
    assert columns == ALLOWED[table], f"{table} columns changed: review against DESIGN.md §3.1"


@pytest.mark.parametrize("table", CHECKED)
def test_no_sequential_key(inspector, table: str) -> None:  # type: ignore[no-untyped-def]
    for name in inspector.get_pk_constraint(table)["constrained_columns"]:
        column = next(c for c in inspector.get_columns(table) if c["name"] == name)
        if name in {"id", "nonce_hash"}:
            assert not isinstance(column["type"], Integer), f"{table}.{name} is a counter"


@pytest.mark.parametrize("table", CHECKED)
def test_rows_are_not_stored_in_insertion_order(sqlite_url: str, table: str) -> None:
    """On SQLite a rowid table keeps an ascending hidden counter per insert (PostgreSQL has no
    such column)."""
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
    engine.dispose()
    assert "WITHOUT ROWID" in sql, f"{table} keeps rows in insertion order"


@pytest.mark.parametrize("table", CHECKED)
def test_no_link_to_invitations_or_accounts(inspector, table: str) -> None:  # type: ignore[no-untyped-def]
    targets = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
    assert targets <= {"wave", "unit"}, "nothing stored with answers points at a person"


def test_no_answer_is_stored_in_plain(inspector) -> None:  # type: ignore[no-untyped-def]
    assert set(PLAINTEXT_TABLES).isdisjoint(inspector.get_table_names())


def test_the_check_can_fail() -> None:
    for bad in (
        "submitted_at",
        "ip_address",
        "user_agent",
        "invitation_id",
        "created",
        "sequence",
        "user_id",
        "token_hash",
        "timestamp",
        "client_ip",
        "row_no",
    ):
        assert looks_identifying(bad), bad
    for fine in ("record", "wave_id", "unit_id", "prompt_key", "question_key", "choice"):
        assert not looks_identifying(fine), fine
