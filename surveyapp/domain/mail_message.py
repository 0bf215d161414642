"""Compose an email from its wording: a plain-text part and an HTML part saying the same.

Nothing in a message reaches outside it: no remote image, no tracking pixel, no style sheet,
no script. The HTML is the text's paragraphs, escaped, with the link on a line of its own,
written out in full so people can see where it goes before they open it.
"""

from __future__ import annotations

import html
import string
from collections.abc import Mapping
from email.message import EmailMessage

from .mail_wording import DEFAULT_LANGUAGE, MessageKind, Wording, wording_for


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _filled(paragraphs: tuple[str, ...], values: Mapping[str, str]) -> list[str]:
    """Each paragraph with its fields filled; one whose field has no value is left out."""
    return [
        paragraph.format_map(values)
        for paragraph in paragraphs
        if all(values.get(name) for name in _fields(paragraph))
    ]


def _html(language: str, subject: str, before: list[str], link: str, after: list[str]) -> str:
    def paragraph(text: str) -> str:
        return f"<p>{html.escape(text)}</p>"

    escaped = html.escape(link, quote=True)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{html.escape(language)}">',
            '<head><meta charset="utf-8">',
            f"<title>{html.escape(subject)}</title></head>",
            '<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5">',
            *(paragraph(text) for text in before),
            f'<p><a href="{escaped}">{escaped}</a></p>',
            *(paragraph(text) for text in after),
            "</body>",
            "</html>",
        ]
    )


def compose(
    kind: MessageKind,
    to: str,
    link: str,
    values: Mapping[str, str],
    language: str = DEFAULT_LANGUAGE,
) -> EmailMessage:
    """A message to ``to``; the sender and the date are the mailer's to add."""
    wording: Wording = wording_for(kind, language)
    subject = wording.subject.format_map(values)
    before = _filled(wording.before_link, values)
    after = _filled(wording.after_link, values)
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message["Auto-Submitted"] = "auto-generated"
    text = "\n\n".join([*before, link, *after]) + "\n"
    message.set_content(text)
    message.add_alternative(_html(language, subject, before, link, after), subtype="html")
    message["Content-Language"] = language  # after the parts: setting content drops it
    return message


def plain_text(message: EmailMessage) -> str:
    """The text part of a composed message (for the development console, and tests)."""
    part = message.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())
