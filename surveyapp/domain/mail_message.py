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

from .mail_wording import DEFAULT_LANGUAGE, WORDING, MessageKind, Wording, wording_for


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


def compose_bilingual(
    kind: MessageKind,
    to: str,
    link: str,
    values: Mapping[str, Mapping[str, str]],
    languages: tuple[str, ...],
) -> EmailMessage:
    """A message in each of ``languages`` that has its wording, the first first, one after the
    other in one email (the Welsh Language Standards: Welsh no less favourably than English);
    ``values`` gives each language's values (dates are written in each)."""
    shown = [language for language in languages if kind in WORDING.get(language, {})]
    if len(shown) < 2:
        return compose(kind, to, link, values[shown[0] if shown else DEFAULT_LANGUAGE])
    parts = []
    for language in shown:
        wording = wording_for(kind, language)
        parts.append(
            (
                language,
                wording.subject.format_map(values[language]),
                _filled(wording.before_link, values[language]),
                _filled(wording.after_link, values[language]),
            )
        )
    subject = " / ".join(part[1] for part in parts)
    text = "\n\n---\n\n".join(
        "\n\n".join([*before, link, *after]) for _language, _subject, before, after in parts
    )
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text + "\n")
    message.add_alternative(_bilingual_html(subject, parts, link), subtype="html")
    message["Content-Language"] = ", ".join(shown)
    return message


def _bilingual_html(
    subject: str, parts: list[tuple[str, str, list[str], list[str]]], link: str
) -> str:
    escaped = html.escape(link, quote=True)
    blocks = []
    for language, _subject, before, after in parts:
        blocks += [
            f'<div lang="{html.escape(language)}">',
            *(f"<p>{html.escape(text)}</p>" for text in before),
            f'<p><a href="{escaped}">{escaped}</a></p>',
            *(f"<p>{html.escape(text)}</p>" for text in after),
            "</div>",
            "<hr>",
        ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{html.escape(parts[0][0])}">',
            '<head><meta charset="utf-8">',
            f"<title>{html.escape(subject)}</title></head>",
            '<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5">',
            *blocks[:-1],
            "</body>",
            "</html>",
        ]
    )


def plain_text(message: EmailMessage) -> str:
    """The text part of a composed message (for the development console, and tests)."""
    part = message.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())
