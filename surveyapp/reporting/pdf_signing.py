"""A standard PDF signature (PAdES B-B, with pyHanko) on every report PDF, checked on its own.

A PDF reader shows the report as signed by "Staff Voice report signing"; whoever was sent only
the PDF can check it with ``surveyapp report verify FILE.pdf`` or on the verify page, against
the certificates this deployment publishes (``signing.Keyring.certificates``). A PDF verifies
only if its one signature covers the whole file, its digest matches, it was made with one of
those certificates, and the unused space reserved for the signature is still empty: a change to
any byte of the document, or of the signature value, fails. (Like any CMS signature, the
container's unsigned parts, such as its copy of the certificate, sign nothing and are not part
of the document.)

pyHanko (some 40 MB with what it imports) is imported when a PDF is signed or checked, not by
every web worker at start-up.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from surveyapp.domain.wording import words

from .signing import Verdict, certificate_id

T = TypeVar("T")
FIELD = "StaffVoiceSignature"
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
"""A damaged file makes pyHanko log its tracebacks; the verdict already says what is wrong."""
REASON = "Built from the publication plan and signed by Staff Voice"


def _on_a_thread_of_its_own(work: Callable[[], T]) -> T:
    """pyHanko's synchronous calls start an event loop of their own, which Python refuses in a
    thread already running one (an asynchronous worker; a browser driver in the tests), so they
    run on a thread of their own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign_pdf(path: Path, key: ec.EllipticCurvePrivateKey, certificate: x509.Certificate) -> None:
    """Sign the PDF at ``path`` in place (an incremental update holding the signature)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signing_cert = _asn1(certificate)
    private = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=signing_cert,
        signing_key=private,
        cert_registry=SimpleCertificateStore.from_certs([signing_cert]),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=REASON,
        name="Staff Voice",
    )
    output = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    _on_a_thread_of_its_own(
        lambda: signers.sign_pdf(writer, metadata, signer=signer, output=output)
    )
    path.write_bytes(output.getvalue())


def _der_length(data: bytes) -> int:
    """The length of the DER value at the start of ``data`` (tag, length and contents)."""
    if len(data) < 2:
        return len(data) + 1
    first = data[1]
    if first < 0x80:
        return 2 + first
    size = first & 0x7F
    return 2 + size + int.from_bytes(data[2 : 2 + size], "big")


def verify_pdf(data: bytes, certificates: Mapping[str, x509.Certificate]) -> Verdict:
    """ "valid" (no problems), or what is wrong, for a PDF on its own."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = [_asn1(c) for c in certificates.values()]
    try:
        signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
        if len(signatures) != 1:
            found = len(signatures)
            return Verdict(
                (
                    words(
                        "the PDF has %(found)s signatures; a Staff Voice report has one",
                        found=found,
                    ),
                )
            )
        signature = signatures[0]
        context = ValidationContext(trust_roots=roots)
        status = _on_a_thread_of_its_own(lambda: validate_pdf_signature(signature, context))
        contents = bytes(signature.sig_object["/Contents"])
    except Exception:  # any damage to the file, wherever it is, gets the same clear answer
        return Verdict((words("the file is not a readable signed PDF: it was changed or damaged"),))
    problems = []
    signer = certificate_id(x509.load_der_x509_certificate(status.signing_cert.dump()))
    if not status.intact or contents[_der_length(contents) :].strip(b"\x00"):
        problems.append(words("the PDF was changed after it was signed"))
    elif not status.valid:
        problems.append(words("the PDF's signature does not match its certificate"))
    if signer not in certificates or not status.trusted:
        problems.append(
            words(
                "the PDF was signed with certificate %(signer)s, which is not one of this"
                " deployment's published certificates",
                signer=repr(signer),
            )
        )
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        problems.append(words("the PDF was changed after it was signed: something was added"))
    return Verdict(tuple(problems))
