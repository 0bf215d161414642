"""Composed emails: a text and an HTML part saying the same, the link on its own line, nothing
that reaches outside the message."""

import datetime as dt
import re

from surveyapp.domain.mail_message import compose, compose_bilingual, plain_text
from surveyapp.domain.mail_wording import BILINGUAL, WORDING, MessageKind, long_date, wording_for

LINK = "https://survey.example.org/i/ABCDEFGHIJKLMNOPQRSTUVWXYZ"
VALUES = {"survey": "Pulse: winter", "unit": "Team <A> & B", "closes": "Friday 18 December 2026"}


def html_of(message) -> str:  # type: ignore[no-untyped-def]
    return str(message.get_body(preferencelist=("html",)).get_content())


def test_an_invitation_has_both_parts_and_the_link_alone_on_a_line() -> None:
    message = compose(MessageKind.INVITATION, "sam@example.org", LINK, VALUES)
    assert message["To"] == "sam@example.org"
    assert message["Subject"] == "Your invitation: Pulse: winter"
    assert message["Content-Language"] == "en"
    text = plain_text(message)
    assert LINK in text.splitlines()
    assert "Friday 18 December 2026" in text
    html = html_of(message)
    assert f'<p><a href="{LINK}">{LINK}</a></p>' in html
    assert "Team &lt;A&gt; &amp; B" in html and "Team <A>" not in html


def test_no_remote_content_or_tracking() -> None:
    for kind in MessageKind:
        html = html_of(
            compose(kind, "sam@example.org", LINK, {**VALUES, "email": "x", "expires": "y"})
        )
        assert not re.search(r"<img|<script|<link|url\(|src=", html, re.I), kind
        assert re.findall(r'href="([^"]+)"', html) == [LINK], kind


def test_a_paragraph_with_no_value_is_left_out() -> None:
    message = compose(MessageKind.INVITATION, "sam@example.org", LINK, {**VALUES, "closes": ""})
    assert "closes" not in plain_text(message)
    assert "closes" not in html_of(message)


def test_a_reminder_is_thanks_if_answered_and_carries_no_invitation() -> None:
    code_page = "https://survey.example.org/code"
    text = plain_text(compose(MessageKind.REMINDER, "sam@example.org", code_page, VALUES))
    assert "If you have already answered Pulse: winter, thank you" in text
    assert code_page in text.splitlines()
    assert "/i/" not in text


def test_an_untranslated_message_falls_back_to_english(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delitem(WORDING["cy"], MessageKind.SET_PASSWORD)
    assert wording_for(MessageKind.SET_PASSWORD, "cy") == WORDING["en"][MessageKind.SET_PASSWORD]
    message = compose(MessageKind.SET_PASSWORD, "sam@example.org", LINK, VALUES, language="cy")
    assert message["Content-Language"] == "cy"


WELSH_VALUES = {**VALUES, "closes": long_date(dt.date(2026, 12, 18), "cy")}


def test_an_invitation_is_in_welsh_and_english_the_deployments_first_first() -> None:
    both = {"en": VALUES, "cy": WELSH_VALUES}
    message = compose_bilingual(MessageKind.INVITATION, "sam@example.org", LINK, both, ("cy", "en"))
    assert message["Subject"] == "Eich gwahoddiad: Pulse: winter / Your invitation: Pulse: winter"
    assert message["Content-Language"] == "cy, en"
    text = plain_text(message)
    welsh, english = text.split("\n---\n")
    assert "Fe’ch gwahoddir i ateb Pulse: winter" in welsh and LINK in welsh.splitlines()
    assert "Mae’r arolwg yn cau ar ddiwedd Dydd Gwener 18 Rhagfyr 2026." in welsh
    assert "You are invited to answer Pulse: winter" in english and LINK in english.splitlines()
    html = html_of(message)
    assert html.index('<div lang="cy">') < html.index('<div lang="en">')
    assert '<html lang="cy">' in html and "Team &lt;A&gt; &amp; B" in html
    assert set(re.findall(r'href="([^"]+)"', html)) == {LINK}


def test_a_reminder_is_in_both_languages_english_first_by_default() -> None:
    both = {"en": VALUES, "cy": WELSH_VALUES}
    code_page = "https://survey.example.org/code"
    text = plain_text(
        compose_bilingual(MessageKind.REMINDER, "sam@example.org", code_page, both, BILINGUAL)
    )
    assert text.index("If you have already answered") < text.index("Os ydych eisoes wedi ateb")
    assert "/i/" not in text


def test_a_message_with_one_wording_is_not_doubled(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delitem(WORDING["cy"], MessageKind.SET_PASSWORD)
    both = {"en": {**VALUES, "email": "x", "expires": "y"}, "cy": {}}
    message = compose_bilingual(MessageKind.SET_PASSWORD, "sam@example.org", LINK, both, BILINGUAL)
    assert message["Content-Language"] == "en" and "---" not in plain_text(message)
