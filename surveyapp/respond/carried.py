"""Answers carried from page to page in one sealed hidden field (``domain/carried_seal.py``).

A page's form sends the sealed answers of the other pages (field ``answers``) and its own
fields in plain; ``form_answers`` puts the two together, so the journey reads one mapping as
it did when every answer had a hidden field of its own. The sealed value is bound to the entry
in the respondent's session. Browsers send a textarea's line breaks as CRLF although its
``maxlength`` counts one character each, so comments are read with LF line breaks: a comment a
browser let through is never over its limit here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Blueprint, render_template, session
from flask_babel import lazy_gettext as _l

from surveyapp.domain.banks import Bank
from surveyapp.domain.carried_seal import UnreadableAnswers
from surveyapp.runtime import runtime

SEALED_FIELD = "answers"


def _entry_nonce() -> str:
    entry = session.get("entry")
    return str(entry.get("nonce", "")) if isinstance(entry, dict) else ""


def sealed(answers: Mapping[str, str], bank: Bank) -> str:
    """Template filter: the answers as the value of the one hidden field."""
    return runtime().carried_seal.seal(bank, answers, _entry_nonce())


def form_answers(bank: Bank, fields: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The sealed answers opened, then the page's own fields over them (first value of each).

    Raises ``UnreadableAnswers`` for a sealed value that does not open with this entry."""
    comments = {prompt.key for prompt in bank.comments}
    plain: dict[str, str] = {}
    carried: dict[str, str] = {}
    for key, value in fields:
        if key == SEALED_FIELD:
            if not carried:
                carried = runtime().carried_seal.open(bank, value, _entry_nonce()) if value else {}
        elif key not in plain:
            plain[key] = value.replace("\r\n", "\n") if key in comments else value
    return {**carried, **plain}


def opened(bank: Bank, form: Mapping[str, str]) -> dict[str, str]:
    """A request's form with the sealed answers opened (see ``form_answers``)."""
    return form_answers(bank, form.items())


def _unreadable(_error: UnreadableAnswers) -> tuple[str, int]:
    body = _l(
        "The answers this page carried could not be read: the page belongs to another visit to "
        "the survey, or it was changed. Nothing was saved. Open your link again or enter your "
        "code to start again."
    )
    return render_template(
        "respond/problem.html", title=_l("Your answers could not be read"), body=body
    ), 400


def init_blueprint(bp: Blueprint) -> None:
    bp.add_app_template_filter(sealed, "sealed")
    bp.register_error_handler(UnreadableAnswers, _unreadable)
