"""The public side of signed reports: the verify page and the published keys and certificates."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from surveyapp.accounts.access import public
from surveyapp.domain.wording import Words, words
from surveyapp.extensions import limiter
from surveyapp.reporting.pdf_signing import verify_pdf
from surveyapp.reporting.signing import (
    MANIFEST,
    Keyring,
    Verdict,
    certificate_pem,
    fingerprint,
    public_pem,
    verify_files,
)
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
    """Upload a report's PDF on its own (checked by its PDF signature), or its files with
    manifest.json and manifest.sig (checked by the manifest)."""
    if request.method == "GET":
        return render_template("reports_web/verify.html", verdict=None, names=[])
    uploads = request.files.getlist("files")[:MAX_FILES]
    files = {
        upload.filename.rsplit("/", 1)[-1]: upload.read() for upload in uploads if upload.filename
    }
    verdict = _verdict(files, runtime().keyring)
    return render_template(
        "reports_web/verify.html", verdict=verdict, names=sorted(files)
    ), 200 if verdict.is_valid else 422


def _verdict(files: dict[str, bytes], keyring: Keyring) -> Verdict:
    pdfs = [name for name in files if name.lower().endswith(".pdf")]
    if MANIFEST in files or not pdfs:
        return verify_files(files, keyring.public_keys())
    problems: list[str] = [
        # No words of its own to translate (so not in the catalogue): the problem is.
        Words("%(name)s: %(problem)s", {"name": name, "problem": problem})
        for name in sorted(pdfs)
        for problem in verify_pdf(files[name], keyring.certificates()).problems
    ]
    problems += [
        words("%(name)s is not a PDF: send it with manifest.json", name=name)
        for name in files
        if name not in pdfs
    ]
    return Verdict(tuple(problems))


def _published(keyring: Keyring) -> Keyring:
    if not keyring.public_keys():
        keyring.current()
    return keyring


@bp.get("/public-keys")
@public
def public_keys() -> str:
    """Every key and certificate this deployment has signed reports with, newest included."""
    keyring = _published(runtime().keyring)
    return render_template(
        "reports_web/public_keys.html",
        keys=[(identifier, public_pem(key)) for identifier, key in keyring.public_keys().items()],
        certificates=[
            (identifier, fingerprint(c), c.not_valid_before_utc, certificate_pem(c))
            for identifier, c in keyring.certificates().items()
        ],
        current=keyring.pdf_signing()[1],
    )


@bp.get("/public-keys.txt")
@public
def public_keys_text() -> Response:
    """The same as plain text, for scripts."""
    keyring = _published(runtime().keyring)
    body = "".join(
        f"# key {identifier}\n{public_pem(key)}"
        for identifier, key in keyring.public_keys().items()
    )
    body += "".join(
        f"# certificate {identifier} sha256 {fingerprint(c)}\n{certificate_pem(c)}"
        for identifier, c in keyring.certificates().items()
    )
    return Response(body, mimetype="text/plain")


@bp.get("/public-keys/<string:identifier>.pem")
@public
def public_key(identifier: str) -> Response:
    key = runtime().keyring.public_keys().get(identifier)
    if key is None:
        abort(404)
    return Response(public_pem(key), mimetype="application/x-pem-file")


@bp.get("/public-keys/<string:identifier>.crt")
@public
def certificate(identifier: str) -> Response:
    found = runtime().keyring.certificates().get(identifier)
    if found is None:
        abort(404)
    return Response(certificate_pem(found), mimetype="application/x-pem-file")
