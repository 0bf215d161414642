"""A failed statement's error, and so any traceback logged for it, carries no parameter: what
someone typed (a sign-in email) or a token's hash stays out of the logs (D7)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from surveyapp.database import make_engine

TYPED = "someone-typed-this@example.org"


def test_a_failing_statement_names_no_parameter(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection, pytest.raises(DBAPIError) as error:
            connection.execute(
                text("SELECT id FROM user_account WHERE email = :email AND no_such_column = 1"),
                {"email": TYPED},
            )
    finally:
        engine.dispose()
    message = str(error.value)
    assert "no_such_column" in message  # the statement is still there to debug with
    assert TYPED not in message
    assert "parameters hidden" in message
