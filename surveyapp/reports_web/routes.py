from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from surveyapp.accounts.access import public
from surveyapp.extensions import limiter
from surveyapp.reporting.signing import public_pem, verify_files
from surveyapp.runtime import runtime

bp = Blueprint("reports_web", __name__, url_prefix="/reports")
MAX_FILES = 10
MAX_UPLOAD = 32 * 1024 * 1024


@bp.url_value_preprocessor
def _allow_report_uploads(endpoint: str | None, _values: dict[str, object] | None) -> None:
    """Let the verify form take a whole report bundle; every other route keeps the app's limit.

    The limit must be raised before anything reads the form, and the CSRF check (an app-wide
    ``before_request`` registered before any blueprint's) is first to read it. Flask calls URL
    value preprocessors before every ``before_request`` function, whatever the order they were
    registered in, so this is the one place early enough that does not depend on that order.
    """
    if endpoint == "reports_web.verify":
        request.max_content_length = MAX_UPLOAD


@bp.route("/verify", methods=["GET", "POST"])
@public
@limiter.limit("30/minute", methods=["POST"])
def verify() -> tuple[str, int] | str:
    """Upload a report's files (including manifest.json and manifest.sig) to check them."""
    if request.method == "GET":
        return render_template("reports_web/verify.html", verdict=None, names=[])
    uploads = request.files.getlist("files")[:MAX_FILES]
    files = {
        upload.filename.rsplit("/", 1)[-1]: upload.read() for upload in uploads if upload.filename
    }
    verdict = verify_files(files, runtime().keyring.public_keys())
    return render_template(
        "reports_web/verify.html", verdict=verdict, names=sorted(files)
    ), 200 if verdict.is_valid else 422


@bp.get("/public-keys")
@public
def public_keys() -> Response:
    """Every key this deployment has signed reports with, newest signing key included."""
    keyring = runtime().keyring
    keys = keyring.public_keys()
    if not keys:
        keyring.current()
        keys = keyring.public_keys()
    body = "".join(f"# key {identifier}\n{public_pem(key)}" for identifier, key in keys.items())
    return Response(body, mimetype="text/plain")


@bp.get("/public-keys/<string:identifier>.pem")
@public
def public_key(identifier: str) -> Response:
    key = runtime().keyring.public_keys().get(identifier)
    if key is None:
        abort(404)
    return Response(public_pem(key), mimetype="application/x-pem-file")
