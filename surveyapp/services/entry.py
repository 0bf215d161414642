"""How a respondent gets in (invitation, team link or blind-signature token), and the one
transaction that submits.

Entering checks the link or code and records a one-time entry nonce (``entry_nonces``); the
respondent's own signed session cookie then holds the keyed hash of the token and the plain
nonce. At submission the nonce is spent and the invitation burned (or the team link's count
raised below its cap) by conditional statements, so neither a copied cookie, nor two tabs, nor
concurrent submissions can send twice; the response is written as one sealed record (see
``responses``) with no reference to the invitation, the link or the nonce. A token (``blind_entry``)
is spent the same way: the keyed hash of its message is recorded in the same transaction, once.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from surveyapp.domain.banks import Bank
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.domain.submission import Submission
from surveyapp.domain.tokens import token_hash
from surveyapp.models import BlindMessageSpent, Invitation, TeamLink, Wave, WaveState

from .entry_nonces import at_bound, headcount_and_unfinished, issue_nonce, spend_nonce
from .responses import record_response


class EntryKind(enum.StrEnum):
    INVITATION = "invitation"
    TEAM_LINK = "team"
    SIGN_ON = "sign_on"


class EntryProblem(enum.StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    SPENT = "spent"
    FULL = "full"
    NOT_READABLE = "not_readable"
    OTHER_UNIT_KEY = "other_unit_key"
    SIGNATURE_FAILS = "signature_fails"
    MESSAGE_USED = "message_used"


class EntryError(Exception):
    def __init__(self, problem: EntryProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class EntryPoint:
    """A link or code that was checked: where it lets someone in, before they are let in."""

    kind: EntryKind
    hash: str
    wave_id: int
    unit_id: int
    full: bool | None = None
    """Whether the unit keeps as many unfinished entries this way in as it may, if read."""


@dataclass(frozen=True)
class Entry:
    """Someone let in: the way they came, and the plain one-time nonce only they hold."""

    kind: EntryKind
    hash: str
    wave_id: int
    unit_id: int
    nonce: str

    @property
    def via_team_link(self) -> bool:
        return self.kind is EntryKind.TEAM_LINK

    def to_session(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "hash": self.hash,
            "wave": self.wave_id,
            "unit": self.unit_id,
            "nonce": self.nonce,
        }

    @classmethod
    def from_session(cls, data: object) -> Entry | None:
        """The entry in a session, or None (also for sessions from before entries had nonces)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                EntryKind(data["kind"]),
                str(data["hash"]),
                int(data["wave"]),
                int(data["unit"]),
                str(data["nonce"]),
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
    asks_follow_up: bool


_WAVE_COLUMNS = (
    Wave.id,
    Wave.name,
    Wave.bank_key,
    Wave.state,
    Wave.closes_on,
    Wave.min_group_size,
    Wave.min_comment_group_size,
    Wave.asks_follow_up,
)
_WAVE_FACTS = select(*_WAVE_COLUMNS).where(Wave.id == bindparam("wave_id"))


def wave_facts(session: Session, wave_id: int) -> WaveFacts:
    return WaveFacts(*session.connection().execute(_WAVE_FACTS, {"wave_id": wave_id}).one())


# An alias, so that a value's own query of waves (``staff_pages.PREVIOUS_SLUG``) is not
# correlated with the respondent's wave.
_ASKED = aliased(Wave)


@cache
def _facts_and(values: tuple[Select[Any], ...]) -> Select[tuple[Any, ...]]:
    columns = (getattr(_ASKED, column.key) for column in _WAVE_COLUMNS)
    found = (value.scalar_subquery() for value in values)
    return select(*columns, *found).where(_ASKED.id == bindparam("wave_id"))


def wave_facts_and(
    session: Session, wave_id: int, unit_id: int, *values: Select[Any]
) -> tuple[WaveFacts, tuple[Any, ...]]:
    """The wave's facts and values about it and the respondent's unit, in one statement.

    Each value is a one-column query built once, with ``:wave_id`` and ``:unit_id`` parameters
    (a staff page's slug, the wave's sealed layout): a respondent page that needs them costs
    one round trip, not several.
    """
    row = (
        session.connection()
        .execute(_facts_and(values), {"wave_id": wave_id, "unit_id": unit_id})
        .one()
    )
    width = len(_WAVE_COLUMNS)
    return WaveFacts(*row[:width]), tuple(row[width:])


# Built once, like _WAVE_FACTS: every code typed and every submission runs them. A code's row
# comes with its wave's facts, which say whether it may be used now: one statement, not two.
# Each respondent's requests run these on the session's connection: the ORM's execution
# (autoflush, loading) brings nothing to plain columns and cost more than the statement.
_INVITATION_POINT = (
    select(
        Invitation.unit_id,
        Invitation.is_used,
        literal(False),
        *headcount_and_unfinished(Invitation.wave_id, Invitation.unit_id, via_team_link=False),
        *_WAVE_COLUMNS,
    )
    .join(Wave, Wave.id == Invitation.wave_id)
    .where(Invitation.token_hash == bindparam("token_hash"))
)
_TEAM_LINK_POINT = (
    select(
        TeamLink.unit_id,
        literal(False),
        TeamLink.responses_accepted >= TeamLink.response_cap,
        *headcount_and_unfinished(TeamLink.wave_id, TeamLink.unit_id, via_team_link=True),
        *_WAVE_COLUMNS,
    )
    .join(Wave, Wave.id == TeamLink.wave_id)
    .where(TeamLink.token_hash == bindparam("token_hash"))
)
_BURN = (
    update(Invitation)
    .where(Invitation.token_hash == bindparam("burned_hash"), Invitation.is_used.is_(False))
    .values(is_used=True)
    .execution_options(synchronize_session=False)
)


def resolve_entry_point(session: Session, pepper: str, token: str, kind: EntryKind) -> EntryPoint:
    """Check a token from a link or a typed code; raise ``EntryError`` saying what is wrong.

    Only reads: a wrong code costs no write.
    """
    hashed = token_hash(pepper, token)
    query = _INVITATION_POINT if kind is EntryKind.INVITATION else _TEAM_LINK_POINT
    row = session.connection().execute(query, {"token_hash": hashed}).first()
    if row is None:
        raise EntryError(EntryProblem.UNKNOWN)
    unit_id, is_used, is_full, headcount, unfinished, *wave = row
    if is_used:
        raise EntryError(EntryProblem.USED)
    facts = WaveFacts(*wave)
    check_wave_open(facts)
    if is_full:
        raise EntryError(EntryProblem.FULL)
    return EntryPoint(kind, hashed, facts.id, unit_id, at_bound(headcount, unfinished))


def admit(session: Session, pepper: str, point: EntryPoint) -> Entry:
    """Let someone in at a checked entry point: record a one-time entry for them (a write)."""
    via_team_link = point.kind is EntryKind.TEAM_LINK
    nonce = issue_nonce(session, pepper, point.wave_id, point.unit_id, via_team_link, point.full)
    return Entry(point.kind, point.hash, point.wave_id, point.unit_id, nonce)


def check_wave_open(wave: WaveFacts | Wave, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if wave.state is WaveState.DRAFT:
        raise EntryError(EntryProblem.NOT_OPEN)
    if wave.state is WaveState.CLOSED or (wave.closes_on is not None and wave.closes_on < today):
        raise EntryError(EntryProblem.CLOSED)


def submit(
    session: Session,
    pepper: str,
    entry: Entry,
    wave: WaveFacts,
    bank: Bank,
    submission: Submission,
    cipher: AnswerCipher,
    layout: str | None = None,
) -> None:
    """Spend the entry, burn the invitation or count the team link, and write the response.

    All in the caller's one transaction, each by a conditional statement whose row count says
    whether this submission was first: an ``EntryError`` (and the caller's rollback) otherwise.
    ``wave`` is the entry's wave as read earlier in that same transaction, ``bank`` its bank,
    ``layout`` its stored layout if read with it (``responses.STORED_LAYOUT``).
    """
    check_wave_open(wave)
    if not spend_nonce(
        session, pepper, entry.nonce, entry.wave_id, entry.unit_id, entry.via_team_link
    ):
        raise EntryError(EntryProblem.SPENT)
    if entry.kind is EntryKind.INVITATION:
        burned = session.connection().execute(_BURN, {"burned_hash": entry.hash})
        if burned.rowcount != 1:
            raise EntryError(EntryProblem.USED)
    elif entry.kind is EntryKind.SIGN_ON:
        _spend_token_message(session, entry.wave_id, entry.hash)
    else:
        _count_team_link_response(session, entry.hash)
    record_response(session, entry.wave_id, bank, entry.unit_id, submission, cipher, layout)


def _count_team_link_response(session: Session, link_hash: str) -> None:
    """Raise the link's count if it is below its cap: atomic, so the cap holds under load."""
    counted = session.execute(
        update(TeamLink)
        .where(
            TeamLink.token_hash == link_hash,
            TeamLink.responses_accepted < TeamLink.response_cap,
        )
        .values(responses_accepted=TeamLink.responses_accepted + 1)
        .execution_options(synchronize_session=False)
    )
    if counted.rowcount != 1:  # type: ignore[attr-defined]
        exists = session.scalar(select(literal(True)).where(TeamLink.token_hash == link_hash))
        raise EntryError(EntryProblem.FULL if exists else EntryProblem.UNKNOWN)


def _spend_token_message(session: Session, wave_id: int, message_hash: str) -> None:
    """Record the token's message as used: its primary key lets only the first send through."""
    session.add(BlindMessageSpent(wave_id=wave_id, message_hash=message_hash))
    try:
        session.flush()
    except IntegrityError:
        raise EntryError(EntryProblem.MESSAGE_USED) from None
