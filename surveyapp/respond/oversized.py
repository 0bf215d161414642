"""A survey page too large to send: read it back, safely, so that no answer is lost.

The app refuses request bodies over ``MAX_CONTENT_LENGTH`` before anything parses them (the CSRF
check reads the form first), and on a respondent's page that would drop the answers carried in
its hidden fields. So the refused body is read here once more, as the URL-encoded form the
survey's pages send, with bounds on everything: it is read up to ``READ_LIMIT`` (beyond that the
browser may see a reset connection, as for any refused upload), at most ``FIELD_BYTES`` of each
field and ``KEPT_BYTES`` in all are kept, and the rest is thrown away as it streams past. So an
over-long comment is cut short while the fields after it (the other comment, the button that was
pressed) still arrive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import unquote_plus

from flask import Request
from werkzeug.exceptions import ClientDisconnected
from werkzeug.wsgi import get_input_stream

from surveyapp.domain.banks import Bank
from surveyapp.domain.carried_seal import UnreadableAnswers
from surveyapp.domain.wording import words

from .carried import SEALED_FIELD, form_answers
from .journey import answer_keys

READ_LIMIT = 1024 * 1024  # as much as the nginx example lets through (docs/PRODUCTION.md)
KEPT_BYTES = 256 * 1024
FIELD_BYTES = 64 * 1024  # a comment of several thousand characters, however it is encoded
MAX_FIELDS = 1000
CHUNK = 64 * 1024
CHOICE_LENGTH = 64
_CUT_ESCAPE = re.compile(rb"%[0-9A-Fa-f]?$")


@dataclass(frozen=True)
class OversizedForm:
    """The fields of an oversized form as far as they were kept, in the order they came."""

    fields: list[tuple[str, str]]
    cut: set[str] = field(default_factory=set)  # fields not kept whole

    def first(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)


def read_oversized_form(request: Request) -> OversizedForm | None:
    """The fields of a refused URL-encoded form, each cut to what can be kept; None if the body
    is not such a form or has no stated length (a stream of unknown length is not read)."""
    length = request.content_length
    if request.mimetype != "application/x-www-form-urlencoded" or length is None:
        return None
    stream = get_input_stream(request.environ, max_content_length=None)
    pieces: list[tuple[bytes, bool]] = []
    current, is_cut, kept, read = bytearray(), False, 0, 0
    for chunk in _chunks(stream, min(length, READ_LIMIT)):
        read += len(chunk)
        for index, piece in enumerate(chunk.split(b"&")):
            if index:
                pieces.append((bytes(current), is_cut))
                current, is_cut = bytearray(), False
            room = max(0, min(FIELD_BYTES - len(current), KEPT_BYTES - kept))
            if len(piece) > room:
                piece, is_cut = piece[:room], True
            current += piece
            kept += len(piece)
        if len(pieces) >= MAX_FIELDS:
            break
    pieces.append((bytes(current), is_cut or read < length))
    form = OversizedForm([])
    for raw, was_cut in pieces[:MAX_FIELDS]:
        name, _, value = (_CUT_ESCAPE.sub(b"", raw) if was_cut else raw).partition(b"=")
        if not name:
            continue
        key = unquote_plus(name.decode("ascii", "replace"), errors="replace")
        text = unquote_plus(value.decode("ascii", "replace"), errors="replace")
        if was_cut:
            form.cut.add(key)
            text = text.rstrip("\ufffd")  # a character split where the field was cut
        form.fields.append((key, text))
    return form


def _chunks(stream: IO[bytes], size: int) -> Iterator[bytes]:
    """The next ``size`` bytes of the body in chunks; stops early if the browser goes away."""
    seen = 0
    try:
        while seen < size:
            chunk = stream.read(min(CHUNK, size - seen))
            if not chunk:
                return
            seen += len(chunk)
            yield chunk
    except ClientDisconnected:
        return


def answers_that_fit(bank: Bank, form: OversizedForm) -> tuple[dict[str, str], dict[str, str]]:
    """The survey's answers in the form, each cut to what its field may hold, and an error for
    every comment that had to be cut (so the respondent checks where it now ends).

    The answers of the other pages come sealed in one field of fixed length, which is always
    kept whole; one that does not open (it was changed) is left out, as a browser never sends it.
    """
    known = answer_keys(bank)
    prompts = {prompt.key: prompt for prompt in bank.comments}
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, value in form.fields:
        if key not in known or key in answers:
            continue
        prompt = prompts.get(key)
        if prompt is None:
            if key in form.cut:
                continue  # a choice that was not kept whole means nothing
            value = value[:CHOICE_LENGTH]
        else:
            value = value.replace("\r\n", "\n")
            if key in form.cut or len(value.strip()) > prompt.max_length:
                value = value.strip()[: prompt.max_length]
                errors[key] = words(
                    "Your comment was too long to send. Its first %(most)s characters are"
                    " kept here: check where it now ends before you continue",
                    most=prompt.max_length,
                )
        if value.strip():
            answers[key] = value
    sealed = form.first(SEALED_FIELD)
    if sealed and SEALED_FIELD not in form.cut:
        try:
            carried = form_answers(bank, [(SEALED_FIELD, sealed)])
        except UnreadableAnswers:
            carried = {}
        answers = {**carried, **answers}
    return answers, errors
