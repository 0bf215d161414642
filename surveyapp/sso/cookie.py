"""The sign-in has a session of its own, sharing nothing with the session a respondent answers in.

Requests under ``/sso/`` (the sign-in, the provider's callback, getting the token) keep their
state (Authlib's state, nonce and PKCE verifier, then who signed in) in their own signed cookie:
another name, path ``/sso/``, and another signing salt, so neither cookie opens as the other.
Every other request uses the app's usual session cookie, which starting the sign-in expires (a
session begun before it must not reach the answers). Getting the token ends the sign-in
session, which deletes its cookie.
"""

from __future__ import annotations

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSessionInterface, SessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer

SIGN_IN_PATH = "/sso/"
SIGN_IN_COOKIE = "staffvoice_signin"
SERIALIZERS = "surveyapp.session_serializers"


class _UsualCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, with its serializer built once per app: Flask builds one to open
    the cookie and another to save it, on every request, from keys that do not change while
    the app runs."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        built: dict[str, URLSafeTimedSerializer | None] = app.extensions.setdefault(SERIALIZERS, {})
        if self.salt not in built:
            built[self.salt] = super().get_signing_serializer(app)
        return built[self.salt]


class _SignInCookie(_UsualCookie):
    salt = "staff-voice sign-in session"

    def get_cookie_name(self, app: Flask) -> str:
        return SIGN_IN_COOKIE

    def get_cookie_path(self, app: Flask) -> str:
        return SIGN_IN_PATH


class SessionsByPath(SessionInterface):
    """The sign-in cookie for ``/sso/`` requests, the usual one for every other."""

    def __init__(self) -> None:
        self.usual = _UsualCookie()
        self.sign_in = _SignInCookie()

    def _for(self, incoming: Request) -> SecureCookieSessionInterface:
        return self.sign_in if incoming.path.startswith(SIGN_IN_PATH) else self.usual

    def open_session(self, app: Flask, incoming: Request) -> SessionMixin | None:
        return self._for(incoming).open_session(app, incoming)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        self._for(request).save_session(app, session, response)


def forget_usual_session(app: Flask, response: Response) -> None:
    """Expire the usual session cookie: the browser would otherwise send it with every sign-in
    request (its path is ``/``), so whoever records cookies could see the same session, and its
    form token, at the sign-in and at the answers."""
    usual = SecureCookieSessionInterface()
    response.delete_cookie(
        usual.get_cookie_name(app),
        path=usual.get_cookie_path(app),
        domain=usual.get_cookie_domain(app),
        secure=usual.get_cookie_secure(app),
        httponly=usual.get_cookie_httponly(app),
        samesite=usual.get_cookie_samesite(app),
    )


def init_app(app: Flask) -> None:
    app.session_interface = SessionsByPath()
