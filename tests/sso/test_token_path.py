"""Sign in, get one blind-signed token, and answer with it later under another session.

Over HTTP with the real app and a local OpenID Connect provider, on SQLite and PostgreSQL. The
respondent's half of RFC 9474 is done in Python (the browser's half is held to it by the interop
test, and driven for real in tests/browser/test_sign_on_entry.py).
"""

from __future__ import annotations

import re

from flask import Flask

from surveyapp.domain.blind_rsa import base64url
from surveyapp.domain.blind_token import parse_token
from surveyapp.sso.cookie import SIGN_IN_COOKIE
from tests.support.sealed import stored_responses
from tests.support.sign_on import (
    add_person,
    answer_with,
    answered_units,
    ask_to_sign,
    get_token,
    present,
    sign_in,
    token_page,
)


def test_a_person_signs_in_gets_a_token_is_signed_out_and_answers_once(
    app: Flask, provider: str, wave_id: int
) -> None:
    add_person(provider, "alice", {"email": "alice@example.test", "department": "Team A"})
    signing_in = app.test_client()
    issued = get_token(signing_in, provider, wave_id, "alice")
    assert signing_in.get_cookie(SIGN_IN_COOKIE, path="/sso/") is None, "sign-in not ended"
    assert signing_in.get("/sso/token").status_code == 400, "the sign-in session still works"

    answering = app.test_client()  # another browser: nothing of the sign-in
    done = answer_with(answering, issued.token)
    assert done.status_code == 200
    assert "Your answers have been sent" in done.get_data(as_text=True)
    [response] = stored_responses(app)
    assert response.answers == {"morale_valued_v1": 4}
    assert answered_units(app) == ["team-a"]


def test_starting_the_sign_in_expires_a_session_begun_before_it(
    app: Flask, provider: str, wave_id: int
) -> None:
    """The usual cookie's path is /, so the browser would send a session begun on the answer
    page (and its form token) with every sign-in request: starting the sign-in ends it."""
    client = app.test_client()
    client.get("/token")
    assert client.get_cookie("session") is not None
    client.get(f"/sso/waves/{wave_id}/sign-in")
    assert client.get_cookie("session") is None


def test_a_token_naming_a_wave_no_key_can_hold_is_unreadable(app: Flask, wave_id: int) -> None:
    client = app.test_client()
    page = client.get("/token").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    sent = client.post(
        "/token",
        data={"csrf_token": csrf.group(1), "token": "sv1.99999999999.0123456789abcdef.AA.AA"},
    )
    assert sent.status_code == 400


def test_a_reused_token_is_refused_with_a_clear_message(
    app: Flask, provider: str, wave_id: int
) -> None:
    add_person(provider, "bob", {"department": "team-b"})
    issued = get_token(app.test_client(), provider, wave_id, "bob")
    assert answer_with(app.test_client(), issued.token).status_code == 200
    again = present(app.test_client(), issued.token)
    assert again.status_code == 410
    assert "This token has already been used" in again.get_data(as_text=True)
    assert len(stored_responses(app)) == 1


def test_a_token_entered_twice_before_sending_sends_once(
    app: Flask, provider: str, wave_id: int
) -> None:
    add_person(provider, "bea", {"department": "team-b"})
    issued = get_token(app.test_client(), provider, wave_id, "bea")
    first, second = app.test_client(), app.test_client()
    assert present(first, issued.token).status_code == 303
    assert present(second, issued.token).status_code == 303
    assert answer_with(first, issued.token).status_code == 200
    late = answer_with(second, issued.token)
    assert late.status_code == 410
    assert len(stored_responses(app)) == 1


def _with_signature(token: str, signature: bytes) -> str:
    parsed = parse_token(token)
    return parsed.__class__(parsed.wave_id, parsed.key_id, parsed.message, signature).text()


def test_a_tampered_signature_is_refused_with_a_clear_message(
    app: Flask, provider: str, wave_id: int
) -> None:
    add_person(provider, "carol", {"department": "Team A"})
    issued = get_token(app.test_client(), provider, wave_id, "carol")
    flipped = bytearray(issued.signature)
    flipped[10] ^= 1
    refused = present(app.test_client(), _with_signature(issued.token, bytes(flipped)))
    assert refused.status_code == 403
    assert "signature does not check out" in refused.get_data(as_text=True)
    other_message = issued.token.replace(
        base64url.encode(issued.message), base64url.encode(bytes(48))
    )
    assert present(app.test_client(), other_message).status_code == 403
    assert stored_responses(app) == []


def test_a_token_signed_with_another_units_key_is_refused_with_a_clear_message(
    app: Flask, provider: str, wave_id: int
) -> None:
    """A member of Team B relabels their token as Team A's: the signature is Team B's."""
    add_person(provider, "dan", {"department": "Team A"})
    add_person(provider, "erin", {"department": "Team B"})
    team_a = get_token(app.test_client(), provider, wave_id, "dan")
    team_b = get_token(app.test_client(), provider, wave_id, "erin")
    relabelled = team_b.token.replace(f".{team_b.key_id}.", f".{team_a.key_id}.")
    refused = present(app.test_client(), relabelled)
    assert refused.status_code == 403
    assert "signed with another team" in refused.get_data(as_text=True)
    assert stored_responses(app) == []


def test_an_unreadable_token_is_refused_with_a_clear_message(app: Flask, wave_id: int) -> None:
    refused = present(app.test_client(), "sv1.not a token")
    assert refused.status_code == 400
    assert "We could not read that token" in refused.get_data(as_text=True)


def test_one_person_gets_one_token_per_wave(app: Flask, provider: str, wave_id: int) -> None:
    add_person(provider, "fay", {"department": "Team A"})
    get_token(app.test_client(), provider, wave_id, "fay")
    again = sign_in(app.test_client(), provider, wave_id, "fay")
    assert again.status_code == 409
    assert "You have already had your token for this survey" in again.get_data(as_text=True)


def test_a_person_signed_in_twice_at_once_gets_one_signature(
    app: Flask, provider: str, wave_id: int
) -> None:
    """Two browsers both past the sign-in, asking to sign at the same moment: one is signed."""
    from surveyapp.domain.blind_rsa import blind, load_public_key_base64url, prepare
    from tests.support.together import at_once

    add_person(provider, "gus", {"department": "Team B"})
    browsers = [app.test_client(), app.test_client()]
    pages = []
    for browser in browsers:
        assert sign_in(browser, provider, wave_id, "gus").status_code == 303
        pages.append(token_page(browser))
    key = load_public_key_base64url(pages[0]["public-key"])
    blinded = [blind(key, prepare(b"m" * 32)).blinded_message for _ in browsers]
    turns = iter(range(2))

    def ask() -> int:
        turn = next(turns)
        return int(ask_to_sign(browsers[turn], pages[turn], blinded[turn]).status_code)

    assert sorted(at_once(ask)) == [200, 409]


def test_the_unit_comes_from_the_claim_never_from_the_request(
    app: Flask, provider: str, wave_id: int
) -> None:
    """Asking to be signed as Team A (by unit, key or wave) while in Team B gets Team B's key."""
    add_person(provider, "hal", {"department": "Team A"})
    add_person(provider, "ivy", {"department": "Team B"})
    team_a = get_token(app.test_client(), provider, wave_id, "hal")
    team_b = get_token(
        app.test_client(), provider, wave_id, "ivy", unit="team-a", key_id=team_a.key_id
    )
    assert team_b.key_id != team_a.key_id
    assert answer_with(app.test_client(), team_b.token).status_code == 200
    assert answered_units(app) == ["team-b"]


def test_a_person_whose_claim_names_no_unit_of_the_wave_gets_no_token(
    app: Flask, provider: str, wave_id: int
) -> None:
    add_person(provider, "jo", {"department": "Finance"})
    refused = sign_in(app.test_client(), provider, wave_id, "jo")
    assert refused.status_code == 403
    assert "not one this survey asks" in refused.get_data(as_text=True)


def test_a_person_missing_from_the_directory_gets_no_token(app: Flask, provider: str) -> None:
    from surveyapp.database import session_scope
    from tests.factories import open_test_wave
    from tests.support.sign_on import turn_on

    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        found = wave.id
    turn_on(app, found, provider, unit_claim=None, directory={"kim@example.test": "team-b"})
    add_person(provider, "kim", {"email": "KIM@example.test"})
    add_person(provider, "lee", {"email": "lee@example.test"})
    refused = sign_in(app.test_client(), provider, found, "lee")
    assert refused.status_code == 403
    assert "staff directory" in refused.get_data(as_text=True)
    issued = get_token(app.test_client(), provider, found, "kim")
    assert answer_with(app.test_client(), issued.token).status_code == 200
    assert answered_units(app) == ["team-b"]


def test_after_the_wave_closes_tokens_are_neither_given_nor_taken(
    app: Flask, provider: str, wave_id: int
) -> None:
    import datetime as dt

    from surveyapp.database import session_scope
    from surveyapp.models import Wave
    from surveyapp.runtime import runtime
    from surveyapp.services.waves import close_wave

    add_person(provider, "max", {"department": "Team A"})
    issued = get_token(app.test_client(), provider, wave_id, "max")
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        close_wave(session, wave, dt.date.today(), runtime(app).answer_cipher)
    refused = present(app.test_client(), issued.token)
    assert refused.status_code == 410
    assert "This survey has closed" in refused.get_data(as_text=True)
    closed = app.test_client().get(f"/sso/waves/{wave_id}/sign-in")
    assert closed.status_code == 410
    assert "This survey has closed" in closed.get_data(as_text=True)


def test_the_unit_keys_are_published_with_their_fingerprints(
    app: Flask, provider: str, wave_id: int
) -> None:
    page = app.test_client().get(f"/waves/{wave_id}/unit-keys").get_data(as_text=True)
    prints = re.findall(r'<code class="key__print">([0-9a-f]{64})</code>', page)
    assert len(prints) == len(set(prints)) == 4  # the council's four units
    assert "BEGIN PUBLIC KEY" in page


def test_one_token_sent_from_two_browsers_at_once_is_stored_once(
    app: Flask, provider: str, wave_id: int
) -> None:
    from tests.support.sign_on import CSRF
    from tests.support.together import at_once

    add_person(provider, "nia", {"department": "Team A"})
    issued = get_token(app.test_client(), provider, wave_id, "nia")
    browsers = [app.test_client(), app.test_client()]
    forms = []
    for browser in browsers:
        assert present(browser, issued.token).status_code == 303
        csrf = CSRF.search(browser.get("/survey").get_data(as_text=True))
        assert csrf is not None
        forms.append(
            {"csrf_token": csrf.group(1), "page": "0", "action": "submit", "morale_valued_v1": "2"}
        )
    turns = iter(range(2))

    def send() -> int:
        turn = next(turns)
        return int(browsers[turn].post("/survey", data=forms[turn]).status_code)

    assert sorted(at_once(send)) == [200, 410]
    assert len(stored_responses(app)) == 1


def test_spent_messages_are_kept_when_the_records_are_rewritten_in_random_order(
    app: Flask, provider: str, wave_id: int
) -> None:
    """They are rewritten with the records (their order on disk follows the answers'), and a
    used token stays used."""
    from sqlalchemy import select

    from surveyapp.database import session_scope
    from surveyapp.models import BlindMessageSpent, SignOnTokenIssued
    from surveyapp.runtime import runtime
    from surveyapp.services.sealed import reseal_in_random_order

    tokens = []
    for person, team in (("carol", "team-a"), ("dan", "team-a"), ("erin", "team-b")):
        add_person(provider, person, {"department": team})
        tokens.append(get_token(app.test_client(), provider, wave_id, person).token)
        assert answer_with(app.test_client(), tokens[-1]).status_code == 200

    def kept() -> tuple[set[str], set[str]]:
        with session_scope(app) as session:
            spent = set(session.scalars(select(BlindMessageSpent.message_hash)))
            issued = set(session.scalars(select(SignOnTokenIssued.subject_hash)))
        return spent, issued

    before = kept()
    with session_scope(app) as session:
        reseal_in_random_order(session, wave_id, runtime(app).answer_cipher)
    assert kept() == before and len(before[0]) == len(before[1]) == 3
    assert present(app.test_client(), tokens[0]).status_code == 410


def test_a_unit_whose_key_is_gone_is_told_so_not_a_server_error(
    app: Flask, provider: str, wave_id: int
) -> None:
    from sqlalchemy import delete

    from surveyapp.database import session_scope
    from surveyapp.models import UnitSigningKey

    add_person(provider, "fay", {"department": "team-a"})
    client = app.test_client()
    assert sign_in(client, provider, wave_id, "fay").status_code == 303
    data = token_page(client)
    with session_scope(app) as session:
        session.execute(delete(UnitSigningKey).where(UnitSigningKey.wave_id == wave_id))
    answer = ask_to_sign(client, data, b"\x01" * 256)
    assert answer.status_code == 403
    assert "team is not one this survey asks" in answer.get_json()["error"]
