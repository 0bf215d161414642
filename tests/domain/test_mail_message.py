"""Composed emails: a text and an HTML part saying the same, the link on its own line, nothing
that reaches outside the message."""

import re

from surveyapp.domain.mail_message import compose, plain_text
from surveyapp.domain.mail_wording import WORDING, MessageKind, wording_for

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


def test_an_untranslated_language_falls_back_to_english() -> None:
    assert wording_for(MessageKind.REMINDER, "cy") == WORDING["en"][MessageKind.REMINDER]
    message = compose(MessageKind.REMINDER, "sam@example.org", LINK, VALUES, language="cy")
    assert message["Content-Language"] == "cy"
