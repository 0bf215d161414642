"""The OpenID Connect client of a wave's provider (Authlib's Flask client).

Authorization code flow with PKCE (S256); Authlib keeps state, nonce and verifier in the
sign-in session and checks them, and checks the ID token's signature, issuer, audience, expiry
and nonce against the provider's discovery document. One client per request, from the wave's
stored settings, so every worker and server uses the same settings without a shared registry.
Authlib's Flask client (and Requests with it) is imported when a sign-in starts, not by every
web worker at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from surveyapp.models import WaveSignOn

if TYPE_CHECKING:
    from authlib.integrations.flask_client import FlaskOAuth2App

SCOPES = "openid profile email"
DISCOVERY = "/.well-known/openid-configuration"


def client_for(sign_on: WaveSignOn, secret: str) -> FlaskOAuth2App:
    from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App

    name = f"wave-{sign_on.wave_id}"
    return FlaskOAuth2App(
        FlaskIntegration(name),
        name=name,
        client_id=sign_on.client_id,
        client_secret=secret,
        server_metadata_url=sign_on.issuer_url + DISCOVERY,
        client_kwargs={"scope": SCOPES, "code_challenge_method": "S256", "timeout": 10},
    )


def provider_errors() -> tuple[type[Exception], ...]:
    """What a provider that cannot be reached, or answers wrongly, makes the client raise."""
    from authlib.integrations.base_client import OAuthError
    from requests import RequestException

    return (OAuthError, RequestException, ValueError)
