"""Refuse input that cannot be read as text: a NUL character or bytes that are not UTF-8.

No one types either, and neither can be kept: PostgreSQL refuses NUL in text (the statement
failed with a 500), and Werkzeug drops a form body that is not UTF-8 without a word (the CSRF
check then said the form had timed out). Any such field, in the path, the query string or the
form, gets a 400 that says which field it was (a plain page, or JSON under ``/api/``); nothing
is stored and the value is not logged.

The address is checked by the first ``before_request`` handler registered after the database's,
ahead of the CSRF check. The form is checked when it is first parsed, whoever reads it first
(the CSRF check does, on every POST): a request class rather than a hook, so that no guard reads
a body before the body-size limits that apply to it are set.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote_to_bytes

from flask import Flask, Request, Response, jsonify, render_template, request
from werkzeug.exceptions import BadRequest

API_PREFIX = "/api/"
# What Werkzeug puts in a multipart field in place of bytes that are not UTF-8.
REPLACEMENT = "\ufffd"


class UnreadableInput(BadRequest):
    def __init__(self, field: str) -> None:
        super().__init__(f"{field} could not be read")
        self.field = field


def _is_unreadable(raw: bytes) -> bool:
    try:
        return "\x00" in raw.decode("utf-8")
    except UnicodeDecodeError:
        return True


def _is_garbled(text: str) -> bool:
    return "\x00" in text or REPLACEMENT in text


def _wsgi_bytes(text: str) -> bytes | None:
    """WSGI hands over the path and query as bytes decoded as Latin-1; None if not so."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


def _fields(encoded: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Name and value bytes of ``a=1&b=2`` (a query string or a URL-encoded form)."""
    for part in encoded.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            yield (
                unquote_to_bytes(name.replace(b"+", b" ")),
                unquote_to_bytes(value.replace(b"+", b" ")),
            )


def _check_encoded(encoded: bytes, describe: str) -> None:
    for name, value in _fields(encoded):
        if _is_unreadable(name):
            raise UnreadableInput(describe.format("a field name"))
        if _is_unreadable(value):
            raise UnreadableInput(describe.format(f"“{name.decode()}”"))


class GuardedRequest(Request):
    """Flask's request, whose form refuses to be read if a field cannot be."""

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        if self.mimetype == "application/x-www-form-urlencoded":
            _check_encoded(self.get_data(cache=True), "the {} field")
        super()._load_form_data()
        if self.mimetype == "multipart/form-data":
            for name, value in self.form.items(multi=True):
                if _is_garbled(name):
                    raise UnreadableInput("a field name")
                if _is_garbled(value):
                    raise UnreadableInput(f"the “{name}” field")


def _check_address() -> None:
    path = _wsgi_bytes(request.environ.get("PATH_INFO", ""))
    if path is None or _is_unreadable(path):
        raise UnreadableInput("the page address")
    query = _wsgi_bytes(request.environ.get("QUERY_STRING", ""))
    if query is None:
        raise UnreadableInput("the page address")
    _check_encoded(query, "{} in the page address")


def _refuse(error: UnreadableInput) -> tuple[Response | str, int, dict[str, str]]:
    headers = {"Cache-Control": "no-store"}
    if request.path.startswith(API_PREFIX):
        message = f"{error.field} could not be read: a NUL character or bytes that are not UTF-8"
        return jsonify(error=message), 400, headers
    return render_template("errors/unreadable.html", field=error.field), 400, headers


def init_app(app: Flask) -> None:
    app.request_class = GuardedRequest
    app.before_request(_check_address)
    app.register_error_handler(UnreadableInput, _refuse)
