"""``surveyapp keys rotate-answers`` re-seals the sign-on secrets too, so the old key can go."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from surveyapp.database import get_engine, session_scope
from surveyapp.models import UnitSigningKey, WaveSignOn
from surveyapp.runtime import runtime
from surveyapp.services.sign_on import client_secret, private_key
from tests.conftest import make_app
from tests.factories import open_test_wave
from tests.ops.test_answer_keys import NEW, OLD
from tests.support.sign_on import CLIENT_SECRET, turn_on


def test_after_rotation_the_newest_answer_key_alone_opens_the_sign_on_secrets(
    sqlite_url: str, tmp_path: Path
) -> None:
    before = make_app(sqlite_url, tmp_path / "before")
    with before.app_context(), session_scope(before) as session:
        wave_id = open_test_wave(session, before).id
    turn_on(before, wave_id, "https://login.example.test")
    get_engine(before).dispose()

    rotating = make_app(sqlite_url, tmp_path / "rotating", ANSWER_KEYS=(NEW, OLD))
    result = rotating.test_cli_runner().invoke(args=["keys", "rotate-answers"])
    assert result.exit_code == 0, result.output
    assert "Re-sealed 5 sign-on secrets and signing keys" in result.output  # 1 secret, 4 keys
    get_engine(rotating).dispose()

    after = make_app(sqlite_url, tmp_path / "after", ANSWER_KEYS=(NEW,))
    cipher = runtime(after).sso_cipher
    with after.app_context(), session_scope(after) as session:
        sign_on = session.get(WaveSignOn, wave_id)
        assert sign_on is not None
        assert client_secret(cipher, sign_on) == CLIENT_SECRET
        for unit_id in session.scalars(select(UnitSigningKey.unit_id)):
            assert private_key(session, cipher, wave_id, unit_id).key_size == 2048
    get_engine(after).dispose()
