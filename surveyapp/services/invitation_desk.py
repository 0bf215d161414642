"""What an admin's invitation pages do: issue invitations to download, team links and posters,
each written to the audit trail with who, how many, which unit and wave (never a token), and
kept as that account's issuance for separation of duties (``issuance``).

The ways into a wave for each unit are summarised without counting used invitations: while a
wave is open that count would be a response count below the minimum group size.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.scope import Reader
from surveyapp.domain.tokens import token_hash
from surveyapp.models import (
    ReminderDate,
    ReminderList,
    ReminderState,
    TeamLink,
    Unit,
    Wave,
    WaveState,
)

from .invitations import issue_invitations, issue_team_link
from .issuance import Issuer, check_headcount, record_issue
from .visibility import Member, visible_units


class FileFormat(enum.StrEnum):
    CSV = "csv"
    PDF = "pdf"


@dataclass(frozen=True)
class UnitChannels:
    """One unit of a wave and the ways in that its admin has set up."""

    member: Member
    team_link: TeamLink | None
    reminder_addresses: int
    next_reminder: dt.date | None


def open_waves(session: Session, reader: Reader) -> list[Wave]:
    """Open waves with units in ``reader``'s scope, newest first: those taking invitations."""
    waves = session.scalars(
        select(Wave).where(Wave.state == WaveState.OPEN).order_by(Wave.id.desc())
    )
    return [wave for wave in waves if visible_units(session, reader, wave)]


def channels(session: Session, wave: Wave, members: Sequence[Member]) -> list[UnitChannels]:
    links = {
        link.unit_id: link
        for link in session.scalars(select(TeamLink).where(TeamLink.wave_id == wave.id))
    }
    lists = {
        kept.unit_id: kept.address_count
        for kept in session.scalars(select(ReminderList).where(ReminderList.wave_id == wave.id))
    }
    upcoming: dict[int, dt.date] = {}
    for date in session.scalars(
        select(ReminderDate)
        .where(ReminderDate.wave_id == wave.id, ReminderDate.state == ReminderState.PENDING)
        .order_by(ReminderDate.send_on)
    ):
        upcoming.setdefault(date.unit_id, date.send_on)
    return [
        UnitChannels(m, links.get(m.unit_id), lists.get(m.unit_id, 0), upcoming.get(m.unit_id))
        for m in members
    ]


def team_link_of(session: Session, wave_id: int, unit_id: int) -> TeamLink | None:
    return session.scalars(
        select(TeamLink).where(TeamLink.wave_id == wave_id, TeamLink.unit_id == unit_id)
    ).one_or_none()


def issue_to_download(
    session: Session,
    wave: Wave,
    unit: Unit,
    count: int,
    file_format: FileFormat,
    pepper: str,
    issuer: Issuer,
) -> list[str]:
    """``count`` invitations whose tokens go into one file, once (within the headcount, or with
    another admin's approval: ``issuance.check_headcount``)."""
    check_headcount(session, wave, unit.id, count, issuer)
    tokens = issue_invitations(session, wave, unit, count, pepper)
    record_issue(
        session,
        issuer,
        "invitations.issued",
        wave.id,
        unit.id,
        f"{count} invitations issued as a {file_format.upper()} file",
    )
    return tokens


def issue_link_for_team(
    session: Session, wave: Wave, unit: Unit, pepper: str, issuer: Issuer
) -> tuple[str, TeamLink]:
    """A new team link for the unit (the earlier one stops working); its token, and the link."""
    replaced = team_link_of(session, wave.id, unit.id) is not None
    token = issue_team_link(session, wave, unit, pepper)
    link = team_link_of(session, wave.id, unit.id)
    assert link is not None
    record_issue(
        session,
        issuer,
        "invitations.team_link_issued",
        wave.id,
        unit.id,
        "team link issued" + (", replacing the earlier one" if replaced else ""),
    )
    return token, link


def is_current_team_link(
    session: Session, pepper: str, wave_id: int, unit_id: int, token: str
) -> bool:
    """Whether ``token`` is the unit's team link now (a poster is printed only for that one)."""
    link = team_link_of(session, wave_id, unit_id)
    return link is not None and hmac.compare_digest(link.token_hash, token_hash(pepper, token))


def record_poster(session: Session, wave_id: int, unit_id: int, issuer: Issuer) -> None:
    """A poster carries the team link's token: whoever prints it holds a way in too."""
    record_issue(
        session, issuer, "invitations.poster_printed", wave_id, unit_id, "team link poster"
    )
