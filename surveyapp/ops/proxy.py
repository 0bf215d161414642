"""Behind a reverse proxy: trust its ``X-Forwarded-*`` headers, and ask browsers to stay on HTTPS.

``SURVEYAPP_PROXY_HOPS`` is how many proxies stand in front of the app (0: none, the default, and
then no forwarded header is believed, since anyone could send one). With ProxyFix the app sees
the scheme the browser used, so ``request.is_secure`` is true behind a TLS-terminating proxy, and
the rate limiter keys on the browser's address rather than the proxy's (in its own storage only;
addresses never reach the answer store or the logs).

HSTS is sent only on requests that arrived over HTTPS: sending it over plain HTTP means nothing
to a browser, and on a development server it would be wrong.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

HSTS = "max-age=31536000"


def init_app(app: Flask) -> None:
    hops = int(app.config.get("PROXY_HOPS", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    app.after_request(_strict_transport_security)


def _strict_transport_security(response: Response) -> Response:
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
