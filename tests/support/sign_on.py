"""Driving the sign-in and token path over HTTP, as a browser would, with a local provider.

The provider is ``oidc-provider-mock`` (an OpenID Connect provider on Authlib's server side),
started on loopback by the tests. The browser's half of RFC 9474 (prepare, blind, finalize) is
done with ``surveyapp.domain.blind_rsa``, which the interop test holds to the browser's.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

import requests
from authlib.deprecate import AuthlibDeprecationWarning
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import session_scope
from surveyapp.domain.blind_rsa import (
    base64url,
    blind,
    finalize,
    load_public_key_base64url,
    prepare,
)
from surveyapp.domain.blind_token import BlindToken
from surveyapp.runtime import runtime
from surveyapp.services.sign_on import SignOnSettings, enable_sign_on, unit_ids_by_name

CLIENT_ID = "staff-voice-tests"
CLIENT_SECRET = "a client secret only the tests know"
DATA = re.compile(r'data-([a-z-]+)="([^"]*)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ONE_ANSWER = {"morale_valued_v1": "4"}


@contextmanager
def local_provider() -> Iterator[str]:
    """An OpenID Connect provider on loopback; its issuer URL."""
    with warnings.catch_warnings():
        # The mock provider imports Authlib's older modules, which warn; the app does not.
        warnings.simplefilter("ignore", AuthlibDeprecationWarning)
        import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def add_person(provider: str, subject: str, claims: Mapping[str, object]) -> None:
    response = requests.put(
        f"{provider}/users/{quote(subject, safe='')}", json=dict(claims), timeout=10
    )
    assert response.status_code == 204, response.text


def turn_on(
    app: Flask,
    wave_id: int,
    provider: str,
    unit_claim: str | None = "department",
    directory: Mapping[str, str] | None = None,
) -> None:
    """Sign-on for the wave through the service the admin page calls; ``directory`` maps a
    person to a unit key."""
    with app.app_context(), session_scope(app) as session:
        units = unit_ids_by_name(session, wave_id)
        enable_sign_on(
            session,
            runtime(app).sso_cipher,
            app.config["TOKEN_PEPPER"],
            wave_id,
            SignOnSettings(provider, CLIENT_ID, CLIENT_SECRET, unit_claim),
            None if directory is None else {p: units[u] for p, u in directory.items()},
        )


@dataclass(frozen=True)
class Issued:
    """What one person's token issuance put on the wire, and the token they keep."""

    token: str
    blinded_message: bytes
    blind_signature: bytes
    message: bytes
    signature: bytes
    key_id: str


def sign_in(client: FlaskClient, provider: str, wave_id: int, subject: str):  # type: ignore[no-untyped-def]
    """Sign in at the provider as ``subject``; the app's answer to the provider's callback."""
    start = client.get(f"/sso/waves/{wave_id}/sign-in")
    assert start.status_code == 302, start.get_data(as_text=True)[:500]
    authorised = requests.post(
        start.headers["Location"], data={"sub": subject}, allow_redirects=False, timeout=10
    )
    assert authorised.status_code == 302, authorised.text[:500]
    return client.get(authorised.headers["Location"])


def token_page(client: FlaskClient) -> dict[str, str]:
    page = client.get("/sso/token")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    return dict(DATA.findall(page.get_data(as_text=True)))


def ask_to_sign(client: FlaskClient, data: Mapping[str, str], blinded: bytes, **extra: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/sso/sign",
        json={"blinded_message": base64url.encode(blinded), **extra},
        headers={"X-CSRFToken": data["csrf"]},
    )


def get_token(
    client: FlaskClient, provider: str, wave_id: int, subject: str, **extra: object
) -> Issued:
    """Sign in, blind a fresh message, have it signed, and finalize: the whole issuance."""
    assert sign_in(client, provider, wave_id, subject).status_code == 303
    data = token_page(client)
    public_key = load_public_key_base64url(data["public-key"])
    message = prepare(os.urandom(32))
    blinded = blind(public_key, message)
    answer = ask_to_sign(client, data, blinded.blinded_message, **extra)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    blind_signature = base64url.decode(answer.get_json()["blind_signature"])
    signature = finalize(public_key, message, blind_signature, blinded.inverse)
    token = BlindToken(wave_id, data["key-id"], message, signature).text()
    return Issued(
        token, blinded.blinded_message, blind_signature, message, signature, data["key-id"]
    )


def present(client: FlaskClient, token: str):  # type: ignore[no-untyped-def]
    """Paste the token on the answer page; the app's answer."""
    page = client.get("/token").get_data(as_text=True)
    csrf = CSRF.search(page)
    assert csrf is not None
    return client.post("/token", data={"csrf_token": csrf.group(1), "token": token})


def answer_with(client: FlaskClient, token: str, answers: Mapping[str, str] = ONE_ANSWER):  # type: ignore[no-untyped-def]
    """Enter with the token and send the answers from the check page; the final answer."""
    entered = present(client, token)
    if entered.status_code != 303:
        return entered
    start = client.get("/survey").get_data(as_text=True)
    csrf = CSRF.search(start)
    assert csrf is not None
    return client.post(
        "/survey", data={"csrf_token": csrf.group(1), "page": "0", "action": "submit", **answers}
    )


def answered_units(app: Flask) -> list[str]:
    """The unit key of every stored response, sorted (opened with the app's keys)."""
    from surveyapp.models import Unit
    from tests.support.sealed import stored_responses

    with app.app_context(), session_scope(app) as session:
        keys = {unit.id: unit.key for unit in session.query(Unit)}
    return sorted(keys[response.unit_id] for response in stored_responses(app))
