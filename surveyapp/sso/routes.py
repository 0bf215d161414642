"""Sign in with the council's account, get one blind-signed token, and be signed out.

1. ``/sso/waves/<id>``: what this path does, that it needs JavaScript and WebCrypto, and the
   typed code for those without.
2. ``/sso/waves/<id>/sign-in`` sends the browser to the provider; ``/sso/callback`` comes back,
   checks the sign-in and places the person in a unit (claim or directory, never the request).
3. ``/sso/token``: the page blinds a random message with the unit's key; ``/sso/sign`` checks
   the person has had no token for the wave, signs, and ends the sign-in session.

Nothing here is logged per request, and no view writes the subject, the blinded message or the
signature anywhere but the response.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from surveyapp.accounts.access import public
from surveyapp.database import db
from surveyapp.domain.blind_rsa import BlindSignatureError, base64url
from surveyapp.domain.sign_on_hashes import subject_hash
from surveyapp.extensions import limiter
from surveyapp.languages import SESSION_KEY as LANGUAGE
from surveyapp.languages import keep_choice
from surveyapp.models import WaveSignOn
from surveyapp.runtime import runtime
from surveyapp.services.blind_issuance import issue_blind_signature
from surveyapp.services.entry import EntryError, WaveFacts, check_wave_open, wave_facts
from surveyapp.services.sign_on import client_secret, published_key, published_keys, sign_on_of
from surveyapp.services.sign_on_people import (
    SignOnError,
    SignOnProblem,
    had_token,
    unit_of,
)

from .client import client_for, provider_errors
from .cookie import forget_usual_session

bp = Blueprint("sso", __name__)
SIGNED_IN = "signed_in"
SIGNING_IN = "signing_in"

PROBLEMS = {
    SignOnProblem.NOT_SET_UP: (
        404,
        _l("Signing in is not set up for this survey"),
        _l("Use the code or link you were given instead."),
    ),
    SignOnProblem.NO_UNIT_CLAIM: (
        403,
        _l("Your account does not say which team you are in"),
        _l("Nothing was kept. Ask the survey team for a typed code instead."),
    ),
    SignOnProblem.UNKNOWN_UNIT: (
        403,
        _l("Your account's team is not one this survey asks"),
        _l(
            "Nothing was kept. If you think you should be asked, tell the survey team; they can "
            "give you a typed code."
        ),
    ),
    SignOnProblem.NOT_IN_DIRECTORY: (
        403,
        _l("You are not in this survey's staff directory"),
        _l(
            "Nothing was kept. If you think you should be asked, tell the survey team; they can "
            "give you a typed code."
        ),
    ),
    SignOnProblem.ALREADY_ISSUED: (
        409,
        _l("You have already had your token for this survey"),
        _l(
            "Each person gets one token for a survey round, so that answers are counted once. "
            "Use the token you saved (on the answer page it may still be in this browser). A "
            "lost token cannot be given again: nobody can tell which token was yours."
        ),
    ),
    SignOnProblem.SIGN_IN_FAILED: (
        400,
        _l("Signing in did not work"),
        _l("Nothing was kept. Start again from the survey's sign-in page."),
    ),
}
WAVE_PROBLEMS = {
    "not_open": (
        403,
        _l("This survey is not open yet"),
        _l("Come back when the survey round opens."),
    ),
    "closed": (
        410,
        _l("This survey has closed"),
        _l("Tokens can no longer be given for this round."),
    ),
}


def _end_session() -> None:
    """Forget the sign-in (all of this path's session) but the language the reader chose, so
    the token page and its messages stay in it; this cookie is only sent to ``/sso/``."""
    language = session.get(LANGUAGE)
    session.clear()
    keep_choice(language)


@bp.after_request
def _not_stored(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _problem(problem: SignOnProblem) -> tuple[str, int]:
    status, title, body = PROBLEMS[problem]
    return render_template("respond/problem.html", title=title, body=body), status


@bp.errorhandler(SignOnError)
def sign_on_failed(error: SignOnError) -> tuple[str, int]:
    _end_session()
    return _problem(error.problem)


@bp.errorhandler(EntryError)
def wave_not_open(error: EntryError) -> tuple[str, int]:
    _end_session()
    status, title, body = WAVE_PROBLEMS.get(error.problem.value, WAVE_PROBLEMS["closed"])
    return render_template("respond/problem.html", title=title, body=body), status


def _open_wave(wave_id: int) -> tuple[WaveFacts, WaveSignOn]:
    """The wave and its sign-on, if it has one and is open (else the error that says which)."""
    sign_on = sign_on_of(db(), wave_id)
    if sign_on is None:
        raise SignOnError(SignOnProblem.NOT_SET_UP)
    wave = wave_facts(db(), wave_id)
    check_wave_open(wave)
    return wave, sign_on


@bp.get("/sso/waves/<int:wave_id>")
@public
def landing(wave_id: int) -> str:
    wave, _sign_on = _open_wave(wave_id)
    return render_template("sso/landing.html", wave=wave)


@bp.get("/sso/waves/<int:wave_id>/sign-in")
@public
@limiter.limit("30/minute")
def sign_in(wave_id: int) -> Response:
    _wave, sign_on = _open_wave(wave_id)
    _end_session()
    session[SIGNING_IN] = wave_id
    client = client_for(sign_on, client_secret(runtime().sso_cipher, sign_on))
    try:
        to_provider: Response = client.authorize_redirect(url_for(".callback", _external=True))
    except provider_errors() as error:
        current_app.logger.warning("sign-in provider unreachable: %s", type(error).__name__)
        raise SignOnError(SignOnProblem.SIGN_IN_FAILED) from None
    forget_usual_session(current_app, to_provider)
    return to_provider


@bp.get("/sso/callback")
@public
@limiter.limit("30/minute")
def callback() -> Response:
    wave_id = session.get(SIGNING_IN)
    if not isinstance(wave_id, int):
        raise SignOnError(SignOnProblem.SIGN_IN_FAILED)
    _wave, sign_on = _open_wave(wave_id)
    client = client_for(sign_on, client_secret(runtime().sso_cipher, sign_on))
    try:
        token = client.authorize_access_token()
    except (*provider_errors(), KeyError) as error:
        current_app.logger.warning("sign-in refused: %s", type(error).__name__)
        raise SignOnError(SignOnProblem.SIGN_IN_FAILED) from None
    claims = token.get("userinfo") or {}
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not isinstance(issuer, str) or not isinstance(subject, str):
        raise SignOnError(SignOnProblem.SIGN_IN_FAILED)
    pepper = current_app.config["TOKEN_PEPPER"]
    person = subject_hash(pepper, wave_id, issuer, subject)
    if had_token(db(), wave_id, person):
        raise SignOnError(SignOnProblem.ALREADY_ISSUED)
    unit_id = unit_of(db(), pepper, sign_on, claims)
    _end_session()
    session[SIGNED_IN] = {"wave": wave_id, "person": person, "unit": unit_id}
    return redirect(url_for(".token_page"), 303)


def _signed_in() -> tuple[int, str, int]:
    found = session.get(SIGNED_IN)
    if not isinstance(found, dict):
        raise SignOnError(SignOnProblem.SIGN_IN_FAILED)
    return int(found["wave"]), str(found["person"]), int(found["unit"])


@bp.get("/sso/token")
@public
def token_page() -> str:
    wave_id, _person, unit_id = _signed_in()
    wave, _sign_on = _open_wave(wave_id)
    key = published_key(db(), wave_id, unit_id)
    if key is None:
        raise SignOnError(SignOnProblem.UNKNOWN_UNIT)
    return render_template("sso/token.html", wave=wave, key=key, script_messages=_script_messages())


def _script_messages() -> dict[str, str]:
    """What ``sso-token.js`` may tell the reader, in their language (the script has no
    catalogue of its own)."""
    return {
        "serverFailed": _("The server could not sign your token."),
        "keyMismatch": _("The team key does not match its fingerprint. Nothing was signed."),
        "keyUnreadable": _("The unit's public key could not be read."),
        "notBlinded": _("The message could not be blinded; please try again."),
        "badSignature": _("The signature from the server does not check out with this unit's key."),
        "failed": _("Your token could not be made."),
        "unsupported": _(
            "This browser cannot make a token here: it needs JavaScript and WebCrypto, which "
            "browsers offer on secure (HTTPS) pages. Ask the survey team for a typed code instead."
        ),
        "copied": _("The token was copied."),
        "selectToCopy": _("Select the token and copy it."),
    }


@bp.post("/sso/sign")
@public
@limiter.limit("30/minute")
def sign() -> tuple[Response, int]:
    """Sign one blinded message for the signed-in person, then end the sign-in session.

    The unit is the one found at sign-in; a unit, key or wave the request names is ignored."""
    try:
        wave_id, person, unit_id = _signed_in()
        _open_wave(wave_id)
    except (SignOnError, EntryError):
        _end_session()
        return jsonify(error=_("Your sign-in has ended. Start again from the sign-in page.")), 403
    body = request.get_json(silent=True)
    blinded = body.get("blinded_message") if isinstance(body, dict) else None
    try:
        blinded_message = base64url.decode(blinded if isinstance(blinded, str) else "!")
        signature = issue_blind_signature(
            db(), runtime().sso_cipher, wave_id, unit_id, person, blinded_message
        )
    except BlindSignatureError:
        return jsonify(error=_("The page sent something that cannot be signed. Reload it.")), 400
    except LookupError:  # the unit has no key: it joined after sign-in was set up
        _end_session()
        problem = PROBLEMS[SignOnProblem.UNKNOWN_UNIT]
        return jsonify(error=f"{problem[1]}."), problem[0]
    except SignOnError as error:
        _end_session()
        status, title, _body = PROBLEMS[error.problem]
        return jsonify(error=f"{title}."), status
    _end_session()
    return jsonify(blind_signature=base64url.encode(signature)), 200


@bp.get("/waves/<int:wave_id>/unit-keys")
@public
def unit_keys(wave_id: int) -> str:
    """Every unit's public key and fingerprint, for members to check they got the same one."""
    if sign_on_of(db(), wave_id) is None:
        abort(404)
    wave = wave_facts(db(), wave_id)
    return render_template("sso/unit_keys.html", wave=wave, keys=published_keys(db(), wave_id))
