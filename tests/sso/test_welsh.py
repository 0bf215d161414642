"""Signing in for a token, in Welsh: the language chosen on the landing page is kept through
the council's sign-in (its session is cleared, but for the language), so the token page, the
messages its script shows and the refusals are Welsh; the token entry page refuses in Welsh."""

from __future__ import annotations

import html
import json
import os
import re

from flask import Flask

from surveyapp.domain.blind_rsa import blind, load_public_key_base64url, prepare
from tests.support.sign_on import CSRF, add_person, ask_to_sign, sign_in, token_page
from tests.support.welsh_pages import english_on

MESSAGES = re.compile(r'data-messages="([^"]*)"')


def test_the_token_path_is_welsh_from_the_landing_page_on(
    app: Flask, provider: str, wave_id: int
) -> None:
    add_person(provider, "nia", {"department": "Team A"})
    client = app.test_client()
    landing = client.get(f"/sso/waves/{wave_id}", query_string={"lang": "cy"})
    assert english_on(app, landing.get_data(as_text=True)) == []
    assert sign_in(client, provider, wave_id, "nia").status_code == 303
    page = client.get("/sso/token").get_data(as_text=True)
    assert "Cael eich tocyn" in page and english_on(app, page) == []
    said = json.loads(html.unescape(MESSAGES.search(page).group(1)))  # type: ignore[union-attr]
    assert said["copied"] == "Cafodd y tocyn ei gopïo."
    assert said["unsupported"].startswith("Ni all y porwr hwn wneud tocyn yma")

    data = token_page(client)
    public_key = load_public_key_base64url(data["public-key"])
    blinded = blind(public_key, prepare(os.urandom(32))).blinded_message
    garbled = ask_to_sign(client, data, b"not a blinded message")
    assert garbled.status_code == 400
    assert garbled.get_json()["error"] == (
        "Anfonodd y dudalen rywbeth na ellir ei lofnodi. Ail-lwythwch hi."
    )
    assert ask_to_sign(client, data, blinded).status_code == 200

    twice = app.test_client()
    twice.get(f"/sso/waves/{wave_id}", query_string={"lang": "cy"})
    refused = sign_in(twice, provider, wave_id, "nia")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Rydych eisoes wedi cael eich tocyn ar gyfer yr arolwg hwn" in page
    assert english_on(app, page) == []


def test_the_token_entry_page_refuses_in_welsh(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/token", query_string={"lang": "cy"}).get_data(as_text=True)
    assert english_on(app, page) == []
    csrf = CSRF.search(page)
    assert csrf is not None
    empty = client.post("/token", data={"csrf_token": csrf.group(1), "token": ""})
    assert empty.status_code == 400
    page = empty.get_data(as_text=True)
    assert "Gludwch eich tocyn" in page and english_on(app, page) == []
    long = client.post("/token", data={"csrf_token": csrf.group(1), "token": "x" * 5000})
    assert "Mae hynny’n hirach nag y gall tocyn fod" in long.get_data(as_text=True)
