"""Who signed in, as far as the survey needs to know: a keyed hash, and the unit they are in.

The unit comes from the sign-in only (a claim the provider signed, or the uploaded directory),
never from anything the browser sends. The person is kept only as a keyed hash
(``domain.sign_on_hashes``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.sign_on_hashes import person_hash
from surveyapp.models import SignOnDirectoryEntry, SignOnTokenIssued, WaveSignOn

from .sign_on import unit_ids_by_name


class SignOnProblem(enum.StrEnum):
    NOT_SET_UP = "not_set_up"
    NO_UNIT_CLAIM = "no_unit_claim"
    UNKNOWN_UNIT = "unknown_unit"
    NOT_IN_DIRECTORY = "not_in_directory"
    ALREADY_ISSUED = "already_issued"
    SIGN_IN_FAILED = "sign_in_failed"


class SignOnError(Exception):
    def __init__(self, problem: SignOnProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def unit_of(
    session: Session, pepper: str, sign_on: WaveSignOn, claims: Mapping[str, object]
) -> int:
    """The unit of the person the provider vouched for: by the configured claim, or by their
    subject or email in the directory. ``SignOnError`` if it names no unit of the wave."""
    wave_id = sign_on.wave_id
    if sign_on.unit_claim is not None:
        value = claims.get(sign_on.unit_claim)
        values = value if isinstance(value, list) else [value]
        names = [str(v).strip().casefold() for v in values if isinstance(v, (str, int))]
        if not names:
            raise SignOnError(SignOnProblem.NO_UNIT_CLAIM)
        units = unit_ids_by_name(session, wave_id)
        matched = {units[name] for name in names if name in units}
        if len(matched) != 1:
            raise SignOnError(SignOnProblem.UNKNOWN_UNIT)
        return matched.pop()
    people = [str(claims[c]) for c in ("sub", "email") if isinstance(claims.get(c), str)]
    hashes = [person_hash(pepper, wave_id, person) for person in people]
    unit = session.scalar(
        select(SignOnDirectoryEntry.unit_id).where(
            SignOnDirectoryEntry.wave_id == wave_id, SignOnDirectoryEntry.person_hash.in_(hashes)
        )
    )
    if unit is None:
        raise SignOnError(SignOnProblem.NOT_IN_DIRECTORY)
    return unit


def had_token(session: Session, wave_id: int, subject: str) -> bool:
    return session.get(SignOnTokenIssued, (wave_id, subject)) is not None


def tokens_given(session: Session, wave_id: int) -> bool:
    """Whether anyone has had a token for the wave: then its provider and client id are fixed,
    since a person's subject differs from one client (or provider) to another, and a new one
    would give everyone a second token."""
    return (
        session.scalar(
            select(SignOnTokenIssued.wave_id).where(SignOnTokenIssued.wave_id == wave_id).limit(1)
        )
        is not None
    )
