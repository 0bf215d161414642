"""Staff accounts in Welsh, and the set-password email in both languages.

The email goes through the real mail path (a local SMTP server): an account keeps no language,
so every message says it all in English and in Welsh, the first of ``SURVEYAPP_LANGUAGES``
first. The pages are checked in the states the route inventory's database does not reach: a
form sent back with its errors, flashed confirmations, a refusal, a deactivated account, the
set-password page refusing a weak password."""

from __future__ import annotations

import datetime as dt
import html
import re

from flask.testing import FlaskClient

from surveyapp.domain.mail_wording import long_date
from tests.support.smtp import text_of
from tests.support.welsh_pages import english_on

from .conftest import Office, csrf
from .test_staff_pages import LINK, account, add, add_staff_in

WELSH_LINK_TEXT = "Mae’r ddolen yn gweithio unwaith, tan "
ENGLISH_LINK_TEXT = "The link works once, until "


def in_welsh(office: Office) -> FlaskClient:
    office.client.get("/admin/staff/", query_string={"lang": "cy"})
    return office.client


def test_the_password_link_email_is_in_english_and_welsh_the_deployments_first_first(
    office: Office,
) -> None:
    add(office)
    (message,) = office.mail.messages()
    assert message["Subject"] == (
        "Set your password for Staff Voice / Gosodwch eich cyfrinair ar gyfer Staff Voice"
    )
    assert message["Content-Language"] == "en, cy"
    text = text_of(message)
    english, welsh = text.split("\n---\n")
    assert ENGLISH_LINK_TEXT in english and WELSH_LINK_TEXT in welsh
    assert "Defnyddiwch y ddolen hon i osod cyfrinair eich cyfrif Staff Voice" in welsh
    assert LINK.search(english) and LINK.search(welsh)
    expires = (office.clock.now + dt.timedelta(hours=48)).astimezone().date()
    assert long_date(expires, "cy") in welsh and long_date(expires) in english
    part = str(message.get_body(preferencelist=("html",)).get_content())  # type: ignore[union-attr]
    assert '<div lang="cy">' in part and "Mae’r ddolen yn gweithio unwaith" in part

    office.app.config["LANGUAGES"] = ("cy", "en")
    user = account(office, "lee.smith@example.org")
    page = f"/admin/staff/{user.id}"
    assert office.post(f"{page}/password-link", page=page).status_code == 303
    again = office.mail.messages()[-1]
    assert again["Subject"].startswith("Gosodwch eich cyfrinair")
    assert again["Content-Language"] == "cy, en"
    welsh, english = text_of(again).split("\n---\n")
    assert WELSH_LINK_TEXT in welsh and ENGLISH_LINK_TEXT in english


def test_the_staff_account_pages_are_welsh_in_every_state(office: Office) -> None:
    client = in_welsh(office)
    app = office.app
    for url in ("/admin/staff/", "/admin/staff/new"):
        assert english_on(app, client.get(url).get_data(as_text=True)) == [], url

    refused = add(office, email="not an address", role="", viewer_max_depth="11")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    depth = "Rhowch rif o 0 i 10"
    assert "Dewiswch rôl" in page and depth in page
    # Said in Welsh (above); the word-by-word check can lose its short words to other strings'
    # patterns, depending on what the database holds.
    assert english_on(app, page, typed=(depth,)) == []
    add_staff_in(office, "sam.jones@example.org")
    taken = add(office, email="sam.jones@example.org").get_data(as_text=True)
    assert "Mae defnyddiwr â’r e-bost sam.jones@example.org yn bodoli eisoes" in taken
    assert english_on(app, taken) == []

    added = add(office)
    shown = client.get(added.headers["Location"]).get_data(as_text=True)
    assert "Mae’r cyfrif ar gyfer lee.smith@example.org wedi’i ychwanegu." in shown
    assert "Mae dolen i osod eu cyfrinair wedi’i hanfon atynt drwy e-bost." in shown
    assert english_on(app, shown) == []

    user = account(office, "lee.smith@example.org")
    page = f"/admin/staff/{user.id}"
    assert office.post(f"{page}/deactivate", page=page).status_code == 303
    deactivated = client.get(page).get_data(as_text=True)
    assert "wedi’i ddadactifadu: wedi’i allgofnodi" in deactivated
    assert "Ailactifadu’r cyfrif" in deactivated
    assert english_on(app, deactivated) == []

    own = f"/admin/staff/{office.admin_id}"
    itself = office.post(f"{own}/deactivate", page=own)
    assert itself.status_code == 400
    page_text = itself.get_data(as_text=True)
    assert "Ni allwch ddadactifadu eich cyfrif eich hun" in page_text
    assert english_on(app, page_text) == []


def test_api_tokens_and_the_account_page_are_welsh(office: Office) -> None:
    client = in_welsh(office)
    app = office.app
    assert english_on(app, client.get("/account").get_data(as_text=True)) == []
    tokens = "/account/api-tokens/"
    empty = office.post(tokens, {"label": ""}, page=tokens)
    assert "Rhowch enw i’r tocyn" in empty.get_data(as_text=True)
    assert english_on(app, empty.get_data(as_text=True)) == []
    made = office.post(tokens, {"label": "Board spreadsheet"}, page=tokens)
    page = made.get_data(as_text=True)
    assert "Eich tocyn newydd, Board spreadsheet" in page
    token = re.search(r'<p class="token">([^<]+)</p>', page)
    assert token
    assert english_on(app, page, typed=(token.group(1),)) == []
    twice = office.post(tokens, {"label": "Board spreadsheet"}, page=tokens).get_data(as_text=True)
    assert "docyn o’r enw 'Board spreadsheet' yn barod" in html.unescape(twice)
    revoked = office.post(f"{tokens}revoke", {"label": "Board spreadsheet"}, page=tokens)
    listed = client.get(revoked.headers["Location"]).get_data(as_text=True)
    assert "Mae’r tocyn 'Board spreadsheet' wedi’i ddirymu." in html.unescape(listed)
    assert english_on(app, listed) == []


def test_setting_a_password_from_the_link_is_welsh(office: Office) -> None:
    add(office)
    link = LINK.search(text_of(office.mail.messages()[0]))
    assert link
    person = office.app.test_client()
    person.get("/sign-in", query_string={"lang": "cy"})
    opened = person.get(f"/set-password/{link.group(1)}", follow_redirects=True)
    page = opened.get_data(as_text=True)
    assert "Gosod eich cyfrinair" in page
    assert english_on(office.app, page) == []
    token = csrf(person, "/set-password")
    weak = person.post(
        "/set-password", data={"csrf_token": token, "password": "password1234", "confirm": "x"}
    )
    page = weak.get_data(as_text=True)
    assert weak.status_code == 400 and "Nid yw’r ddau gyfrinair yr un fath" in page
    assert english_on(office.app, page) == []
    guessable = person.post(
        "/set-password",
        data={"csrf_token": token, "password": "password1234", "confirm": "password1234"},
    )
    page = guessable.get_data(as_text=True)
    assert "Mae eich cyfrinair yn rhy hawdd ei ddyfalu" in page
    assert english_on(office.app, page) == []
    chosen = "staple orbit lantern cobble"
    done = person.post(
        "/set-password",
        data={"csrf_token": token, "password": chosen, "confirm": chosen},
        follow_redirects=True,
    )
    page = done.get_data(as_text=True)
    assert "Mae eich cyfrinair wedi’i osod" in page
    assert english_on(office.app, page) == []
    gone = person.get(f"/set-password/{link.group(1)}", follow_redirects=True)
    assert gone.status_code == 410 and english_on(office.app, gone.get_data(as_text=True)) == []

    wrong = person.post(
        "/sign-in",
        data={
            "csrf_token": csrf(person, "/sign-in"),
            "email": "lee.smith@example.org",
            "password": "not it at all",
        },
    )
    page = wrong.get_data(as_text=True)
    assert "Mae eich cyfeiriad e-bost neu’ch cyfrinair yn anghywir" in page
    assert english_on(office.app, page) == []
    signed_in = person.post(
        "/sign-in",
        data={
            "csrf_token": csrf(person, "/sign-in"),
            "email": "lee.smith@example.org",
            "password": chosen,
        },
    )
    assert signed_in.status_code == 303
    kept = person.get("/account").get_data(as_text=True)
    assert '<html lang="cy"' in kept and english_on(office.app, kept) == []
    out = person.post("/sign-out", data={"csrf_token": csrf(person, "/account")})
    signed_out = person.get(out.headers["Location"]).get_data(as_text=True)
    assert "Rydych wedi allgofnodi" in signed_out
    assert english_on(office.app, signed_out) == []
