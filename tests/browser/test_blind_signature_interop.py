"""The browser's blind signatures (vendored blindrsa-ts via static/blind-entry.js) and ours agree.

Chromium blinds a random message for a key made by the Python side, ``blind_sign`` signs it,
Chromium unblinds and checks, and ``verify`` accepts the result; a tampered or wrong-key answer
is refused by the browser. The page is served by a throwaway Flask app made here (not a product
route) from the package's own static folder, under the product's Content-Security-Policy, so the
test also proves the modules load from 'self' alone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, Response
from playwright.sync_api import Page
from werkzeug.serving import make_server

import surveyapp
from surveyapp.domain.blind_rsa import (
    PREFIX_LENGTH,
    InvalidSignatureError,
    base64url,
    blind_sign,
    generate_signing_key,
    key_fingerprint,
    public_key_base64url,
    verify,
)
from surveyapp.headers import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.browser
STATIC = Path(surveyapp.__file__).parent / "static"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Blind signature interop</title>
<link rel="icon" href="data:,">
<script type="module" src="/static/blind-entry.js"></script></head>
<body><h1>Blind signature interop</h1></body></html>
"""
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
START = """async (publicKey) => {
  const entry = await import("/static/blind-entry.js");
  return await entry.startEntry(publicKey);
}"""
FINISH = """async ([publicKey, started, blindSignature]) => {
  const entry = await import("/static/blind-entry.js");
  try {
    return {ok: await entry.finishEntry(publicKey, started, blindSignature)};
  } catch (error) {
    return {error: error.name + ": " + error.message};
  }
}"""
FINGERPRINT = """async ([publicKey, expected]) => {
  const entry = await import("/static/blind-entry.js");
  return [entry.isSupported(), await entry.keyFingerprint(publicKey),
          await entry.checkKeyFingerprint(publicKey, expected)];
}"""


@pytest.fixture(scope="module")
def static_server() -> Iterator[str]:
    app = Flask("blind_signature_interop", static_folder=str(STATIC))

    @app.get("/")
    def page() -> Response:
        return Response(PAGE, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})

    @app.after_request
    def same_policy_everywhere(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def unit_keys() -> dict[int, rsa.RSAPrivateKey]:
    return {2048: generate_signing_key(2048), 4096: generate_signing_key(4096)}


@pytest.fixture
def entry_page(desktop: Page, static_server: str) -> Iterator[Page]:
    requested: list[tuple[str, int]] = []
    errors: list[str] = []
    desktop.on("response", lambda response: requested.append((response.url, response.status)))
    desktop.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    desktop.on("pageerror", lambda error: errors.append(str(error)))
    desktop.add_init_script(WATCH_CSP)
    desktop.goto(static_server + "/")
    desktop.wait_for_function("document.readyState === 'complete'")
    yield desktop
    assert desktop.evaluate("window.cspViolations") == []
    assert errors == []
    assert all(url.startswith(static_server + "/") for url, _ in requested), requested
    assert all(status == 200 for _, status in requested), requested
    vendored = {url.rsplit("/static/", 1)[-1] for url, _ in requested if "/vendor/" in url}
    assert (
        "vendor/blindrsa-ts/index.js" in vendored and "vendor/blindrsa-ts/sjcl/index.js" in vendored
    )


def sign_in_python(key: rsa.RSAPrivateKey, started: dict[str, Any]) -> str:
    blinded = base64url.decode(started["blindedMessage"], "blinded message")
    return base64url.encode(blind_sign(key, blinded))


@pytest.mark.parametrize("bits", [2048, 4096])
def test_browser_blinds_python_signs_browser_finalizes_python_verifies(
    entry_page: Page, unit_keys: dict[int, rsa.RSAPrivateKey], bits: int
) -> None:
    key = unit_keys[bits]
    public_key = public_key_base64url(key.public_key())
    started = entry_page.evaluate(START, public_key)
    message = base64url.decode(started["message"])
    assert len(message) == PREFIX_LENGTH + 32
    assert len(base64url.decode(started["blindedMessage"])) == bits // 8

    finished = entry_page.evaluate(FINISH, [public_key, started, sign_in_python(key, started)])
    assert "error" not in finished, finished
    assert finished["ok"]["message"] == started["message"]
    signature = base64url.decode(finished["ok"]["signature"])
    verify(key.public_key(), message, signature)
    with pytest.raises(InvalidSignatureError):
        verify(unit_keys[4096 if bits == 2048 else 2048].public_key(), message, signature)


def test_browser_refuses_a_tampered_blind_signature(
    entry_page: Page, unit_keys: dict[int, rsa.RSAPrivateKey]
) -> None:
    key = unit_keys[2048]
    public_key = public_key_base64url(key.public_key())
    started = entry_page.evaluate(START, public_key)
    answer = bytearray(base64url.decode(sign_in_python(key, started)))
    answer[7] ^= 0x01
    finished = entry_page.evaluate(FINISH, [public_key, started, base64url.encode(bytes(answer))])
    assert finished == {
        "error": "BlindEntryError: The signature from the server does not check out with this"
        " unit's key."
    }


def test_browser_refuses_a_blind_signature_from_another_units_key(entry_page: Page) -> None:
    ours, theirs = generate_signing_key(), generate_signing_key()
    public_key = public_key_base64url(ours.public_key())
    started = entry_page.evaluate(START, public_key)
    finished = entry_page.evaluate(FINISH, [public_key, started, sign_in_python(theirs, started)])
    assert finished["error"].startswith("BlindEntryError: The signature from the server")


def test_browser_fingerprint_matches_the_server_fingerprint(
    entry_page: Page, unit_keys: dict[int, rsa.RSAPrivateKey]
) -> None:
    public_key = unit_keys[2048].public_key()
    fingerprint = key_fingerprint(public_key)
    spaced = " ".join(fingerprint.upper()[i : i + 4] for i in range(0, 64, 4))
    supported, computed, matches = entry_page.evaluate(
        FINGERPRINT, [public_key_base64url(public_key), spaced]
    )
    assert supported is True
    assert computed == fingerprint
    assert matches is True
    other = key_fingerprint(unit_keys[4096].public_key())
    _, _, matches_other = entry_page.evaluate(
        FINGERPRINT, [public_key_base64url(public_key), other]
    )
    assert matches_other is False
