"""How a respondent gets in (invitation or team link), and the one transaction that submits.

The entry keeps only the keyed hash of the token, in the respondent's own signed session
cookie. At submission the invitation is burned by a conditional UPDATE, so two concurrent
submissions with one token cannot both succeed, and the response rows are then written with no
reference to the invitation at all.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import bindparam, literal, select, update
from sqlalchemy.orm import Session

from surveyapp.domain.comment_cipher import CommentCipher
from surveyapp.domain.submission import Submission
from surveyapp.domain.tokens import token_hash
from surveyapp.models import Invitation, TeamLink, Wave, WaveState

from .responses import record_response


class EntryKind(enum.StrEnum):
    INVITATION = "invitation"
    TEAM_LINK = "team"


class EntryProblem(enum.StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    NOT_OPEN = "not_open"
    CLOSED = "closed"


class EntryError(Exception):
    def __init__(self, problem: EntryProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    hash: str
    wave_id: int
    unit_id: int

    def to_session(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "hash": self.hash,
            "wave": self.wave_id,
            "unit": self.unit_id,
        }

    @classmethod
    def from_session(cls, data: object) -> Entry | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                EntryKind(data["kind"]), str(data["hash"]), int(data["wave"]), int(data["unit"])
            )
        except (KeyError, ValueError, TypeError):
            return None


@dataclass(frozen=True)
class WaveFacts:
    """What the respondent's pages need of a wave.

    Read as plain columns rather than an ORM object: every page of every respondent reads it,
    and loading a mapped object cost more than the rest of the read.
    """

    id: int
    name: str
    bank_key: str
    state: WaveState
    closes_on: dt.date | None
    min_group_size: int | None
    min_comment_group_size: int | None


_WAVE_FACTS = select(
    Wave.id,
    Wave.name,
    Wave.bank_key,
    Wave.state,
    Wave.closes_on,
    Wave.min_group_size,
    Wave.min_comment_group_size,
).where(Wave.id == bindparam("wave_id"))


def wave_facts(session: Session, wave_id: int) -> WaveFacts:
    return WaveFacts(*session.execute(_WAVE_FACTS, {"wave_id": wave_id}).one())


def resolve_entry(session: Session, pepper: str, token: str, kind: EntryKind) -> Entry:
    """Check a token from a link or a typed code; raise ``EntryError`` saying what is wrong."""
    hashed = token_hash(pepper, token)
    if kind is EntryKind.INVITATION:
        query = select(Invitation.wave_id, Invitation.unit_id, Invitation.is_used).where(
            Invitation.token_hash == hashed
        )
    else:
        query = select(TeamLink.wave_id, TeamLink.unit_id, literal(False)).where(
            TeamLink.token_hash == hashed
        )
    row = session.execute(query).first()
    if row is None:
        raise EntryError(EntryProblem.UNKNOWN)
    wave_id, unit_id, is_used = row
    if is_used:
        raise EntryError(EntryProblem.USED)
    check_wave_open(wave_facts(session, wave_id))
    return Entry(kind, hashed, wave_id, unit_id)


def check_wave_open(wave: WaveFacts | Wave, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if wave.state is WaveState.DRAFT:
        raise EntryError(EntryProblem.NOT_OPEN)
    if wave.state is WaveState.CLOSED or (wave.closes_on is not None and wave.closes_on < today):
        raise EntryError(EntryProblem.CLOSED)


def submit(
    session: Session,
    entry: Entry,
    wave: WaveFacts,
    submission: Submission,
    cipher: CommentCipher,
) -> None:
    """Burn the invitation (if any) and write the response, in the caller's one transaction.

    ``wave`` is the entry's wave as read earlier in that same transaction.
    """
    check_wave_open(wave)
    if entry.kind is EntryKind.INVITATION:
        burned = session.execute(
            update(Invitation)
            .where(Invitation.token_hash == entry.hash, Invitation.is_used.is_(False))
            .values(is_used=True)
            .execution_options(synchronize_session=False)
        )
        if burned.rowcount != 1:  # type: ignore[attr-defined]
            raise EntryError(EntryProblem.USED)
    else:
        link = session.scalar(select(TeamLink).where(TeamLink.token_hash == entry.hash))
        if link is None:
            raise EntryError(EntryProblem.UNKNOWN)
    record_response(session, entry.wave_id, entry.unit_id, submission, cipher)
