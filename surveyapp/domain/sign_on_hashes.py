"""The keyed hashes that stand for a person who signs in, so that nobody is kept in plain.

HMAC-SHA256 under the deployment's pepper, with the wave in it, so the same person's hashes
in two waves differ and a leaked table cannot be checked against a staff list without the
pepper. The subject hash (issuer and subject, what the provider vouches for) records that a
person had their token; the person hash (a subject or email) looks them up in a directory.
"""

from __future__ import annotations

import hashlib
import hmac

from surveyapp.domain.sso_directory import normalised_person


def _keyed(pepper: str, *parts: str) -> str:
    return hmac.new(pepper.encode(), "\x00".join(parts).encode(), hashlib.sha256).hexdigest()


def subject_hash(pepper: str, wave_id: int, issuer: str, subject: str) -> str:
    return _keyed(pepper, "sign-on subject", str(wave_id), issuer, subject)


def person_hash(pepper: str, wave_id: int, person: str) -> str:
    return _keyed(pepper, "sign-on directory", str(wave_id), normalised_person(person))
