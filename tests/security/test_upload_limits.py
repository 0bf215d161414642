"""Request size limits: the verify page takes a whole report bundle, every other form stays small.

The app refuses bodies over 256 KB (``MAX_CONTENT_LENGTH``); only ``/reports/verify`` takes up to
its own 32 MB, and it must do so before the CSRF check reads the form.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from surveyapp.reporting.signing import sign_report
from surveyapp.runtime import runtime

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
APP_LIMIT = 256 * 1024


def csrf_of(client: FlaskClient, path: str) -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


def signed_bundle(app: Flask, folder: Path, size: int) -> dict[str, bytes]:
    folder.mkdir()
    (folder / "board-pack.pdf").write_bytes(os.urandom(size))  # incompressible, like a PDF
    sign_report(folder, {"layout": "board-pack"}, runtime(app).keyring.current())
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def upload(client: FlaskClient, files: dict[str, bytes]):  # type: ignore[no-untyped-def]
    """Post the files as a browser would; the body is built in memory (the test client would
    spool a large one to a temporary file and leave it open)."""
    fields = MultiDict([("csrf_token", csrf_of(client, "/reports/verify"))])
    for name, content in files.items():
        fields.add("files", FileStorage(io.BytesIO(content), filename=name))
    boundary, body = encode_multipart(fields)
    return client.post(
        "/reports/verify", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def test_a_one_megabyte_report_is_verified(sqlite_app: Flask, tmp_path: Path) -> None:
    client = sqlite_app.test_client()
    files = signed_bundle(sqlite_app, tmp_path / "pack", 1024 * 1024)
    good = upload(client, files)
    assert good.status_code == 200, good.status_code
    assert "Valid" in good.get_data(as_text=True)
    pdf = files["board-pack.pdf"]
    files["board-pack.pdf"] = pdf[:-1] + bytes([pdf[-1] ^ 0xFF])  # always a different byte
    bad = upload(client, files)
    assert bad.status_code == 422
    assert "board-pack.pdf does not match the manifest" in bad.get_data(as_text=True)


def test_a_bundle_over_the_verify_limit_is_still_refused(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    response = upload(client, {"board-pack.pdf": b"x" * (33 * 1024 * 1024)})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("path", "field"), [("/code", "code"), ("/sign-in", "email"), ("/survey", "comment_keep_v1")]
)
def test_other_forms_still_refuse_three_hundred_kilobytes(
    sqlite_app: Flask, path: str, field: str
) -> None:
    client = sqlite_app.test_client()
    token = csrf_of(client, "/code" if path == "/survey" else path)
    response = client.post(path, data={"csrf_token": token, field: "x" * (300 * 1024)})
    assert response.status_code == 413
    assert response.content_length is None or response.content_length < APP_LIMIT
