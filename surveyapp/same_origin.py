"""Refuse form posts that the browser says came from another site (CSRF, with the token).

Flask-WTF's own second check, on HTTPS, wants a ``Referer`` naming this host. Pages here keep
referrers from leaving the site (``headers.py``), and the invitation pages send none at all, so
that check refused every form behind a TLS proxy; a missing ``Referer`` proves nothing anyway, as
the sending page picks its own referrer policy. It is switched off and replaced by this one,
which reads what browsers send on every unsafe request and a page cannot forge:

- ``Sec-Fetch-Site``, when present, must be ``same-origin``;
- ``Origin``, when present and not ``null`` (a browser sends ``null`` from a page that sends no
  referrer), must be this app's origin;
- ``Referer``, when present, must be on this app's origin.

A request that any of them shows to be cross-site is refused with the friendly CSRF page
(``CSRFError``); one that carries none of them (an old browser, a script) still needs the CSRF
token, which Flask-WTF checks for every form. "This app's origin" is ``request.host_url`` (after
ProxyFix, so the browser's scheme, host and port) or that of ``SURVEYAPP_PUBLIC_URL``.

For these headers to say anything, pages send ``Referrer-Policy: same-origin`` (``headers.py``):
browsers then send a real ``Origin`` and ``Referer`` to this site and no referrer at all to any
other. An invitation token can never travel in a ``Referer``: ``/i/<token>`` and ``/t/<token>``
answer a redirect (never a document, so never anyone's referrer; the token moves into the
session), and their error pages, whose address does hold the token, send ``no-referrer``, so
nothing fetched or followed from them carries it, to this site or any other.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFError

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]


def init_app(app: Flask) -> None:
    """Run before Flask-WTF's token check: headers only, so nothing cross-site reads the body."""
    app.config["WTF_CSRF_SSL_STRICT"] = False
    app.before_request(refuse_cross_site)


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of a URL, default ports filled in; None if it names no origin."""
    try:
        parts = urlsplit(url.strip())
        scheme, host = parts.scheme.lower(), parts.hostname
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    if not host or port is None:
        return None
    return scheme, host, port


def own_origins() -> frozenset[Origin]:
    candidates = (request.host_url, current_app.config.get("PUBLIC_URL") or "")
    return frozenset(origin for url in candidates if (origin := origin_of(url)) is not None)


def cross_site_reason(headers: dict[str, str], own: frozenset[Origin]) -> str | None:
    """Why these request headers show a cross-site request, or None if none of them does."""
    fetch_site = headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        return f"The request came from another site (Sec-Fetch-Site: {fetch_site[:20]})."
    origin = headers.get("Origin")
    if origin is not None and origin != "null" and origin_of(origin) not in own:
        return "The request's Origin is not this site."
    referrer = headers.get("Referer")
    if referrer is not None and origin_of(referrer) not in own:
        return "The request's Referer is not on this site."
    return None


def refuse_cross_site() -> None:
    if request.method not in UNSAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    headers = {
        name: value
        for name in ("Sec-Fetch-Site", "Origin", "Referer")
        if (value := request.headers.get(name)) is not None
    }
    reason = cross_site_reason(headers, own_origins())
    if reason is not None:
        raise CSRFError(reason)
