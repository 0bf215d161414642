"""Response headers that keep identifying data from leaking out of pages.

``Referrer-Policy: same-origin``: a browser sends a referrer (and a real ``Origin``) only to this
app, which its same-origin check needs (``same_origin.py``), and never to another site. Pages
whose own address holds an invitation, team-link or set-password token (``/i/…``, ``/t/…``,
``/set-password/…``: the redirect that moves the token into the session, or an error page such
as "already used") send ``no-referrer``, so not even a request to this app carries the token.
The CSP allows only this app's own origin, so no third party ever learns that someone opened a
survey page.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
TOKEN_PATHS = ("/i/", "/t/", "/set-password/")


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)


def referrer_policy(path: str) -> str:
    return "no-referrer" if path.startswith(TOKEN_PATHS) else "same-origin"


def _add_headers(response: Response) -> Response:
    response.headers.setdefault("Referrer-Policy", referrer_policy(request.path))
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response
