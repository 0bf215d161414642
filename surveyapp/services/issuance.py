"""Who issued a unit's ways in, how many, and the second person an over-issue needs.

Every issue of invitations (file, email, command line) and every team link goes through here:
the audit trail gets who, how many, which unit and wave; an account's issuance is kept per
(account, wave, unit) for separation of duties (``domain.duties``); and a unit may be given
no more invitations over a wave than its headcount unless a second admin approved the excess.

The over-issue rule counts invitations, not the team link: a link is one open door for the whole
team whose answers stop at the headcount plus a small margin (``entry_limits``), and the board
flags a unit whose link took more answers than its headcount. Counting the link as its cap
would make every link an over-issue by design.

The command line has no signed-in account: it is recorded as "command line (<OS user>)" in the
audit trail, restricts nobody (whoever runs it can read the database directly) and cannot
over-issue at all, since no second admin can approve there.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from surveyapp.domain.wording import words
from surveyapp.models import (
    Invitation,
    InvitationIssuer,
    OverIssueApproval,
    TeamLink,
    User,
    Wave,
    WaveState,
    WaveUnit,
)

from .audit import record
from .invitations import InvitationError

APPROVAL_LIFETIME = dt.timedelta(hours=24)
"""How long an approval stays usable: long enough to act on, short enough not to linger."""


class OverIssueRefused(InvitationError):
    """Issuing this many would pass the unit's headcount, and no approval covers it."""


class ApprovalError(ValueError):
    """An approval cannot be given as asked; the message says why."""


@dataclass(frozen=True)
class Issuer:
    """Who is issuing: the name the audit trail shows, and their account (None: command line)."""

    actor: str
    user_id: int | None

    @classmethod
    def of(cls, user: User) -> Issuer:
        return cls(user.email, user.id)

    @classmethod
    def command_line(cls) -> Issuer:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown user"
        return cls(f"command line ({name})", None)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every time here was written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def note_issuer(session: Session, issuer: Issuer, wave_id: int, unit_id: int) -> None:
    """Keep that ``issuer`` holds (or held) ways into ``unit_id`` of ``wave_id``."""
    if issuer.user_id is None:
        return
    key = (issuer.user_id, wave_id, unit_id)
    if session.get(InvitationIssuer, key) is None:
        session.add(
            InvitationIssuer(
                user_id=issuer.user_id, wave_id=wave_id, unit_id=unit_id, first_issued_at=_now()
            )
        )
        session.flush()


def record_issue(
    session: Session, issuer: Issuer, action: str, wave_id: int, unit_id: int, detail: str
) -> None:
    """The audit entry and the issuer row of one issue, download, email or team link."""
    record(session, issuer.actor, action, wave_id, unit_id, detail)
    note_issuer(session, issuer, wave_id, unit_id)


def issued_units(session: Session, user_id: int, wave_id: int) -> frozenset[int]:
    """The units of ``wave_id`` whose ways in account ``user_id`` issued."""
    query = select(InvitationIssuer.unit_id).where(
        InvitationIssuer.user_id == user_id, InvitationIssuer.wave_id == wave_id
    )
    return frozenset(session.scalars(query))


def invitations_issued(session: Session, wave_id: int) -> dict[int, int]:
    """Invitations in existence per unit of a wave (emails that did not go are withdrawn)."""
    query = (
        select(Invitation.unit_id, func.count())
        .where(Invitation.wave_id == wave_id)
        .group_by(Invitation.unit_id)
    )
    return {unit_id: count for unit_id, count in session.execute(query)}


def check_headcount(session: Session, wave: Wave, unit_id: int, count: int, issuer: Issuer) -> None:
    """Refuse ``count`` more invitations for the unit if they would pass its headcount over the
    wave, unless ``issuer`` holds an approval for at least that many, which this spends.

    A wave that is not open, or a unit not in it, is left to ``issue_invitations`` to refuse."""
    member = session.get(WaveUnit, (wave.id, unit_id))
    if member is None or wave.state is not WaveState.OPEN:
        return
    already = invitations_issued(session, wave.id).get(member.unit_id, 0)
    if already + count <= member.headcount:
        return
    approval = None
    if issuer.user_id is not None:
        approval = _usable_approval(session, wave, member, count, issuer.user_id)
    if approval is None:
        where = words("the admin pages") if issuer.user_id is None else words("the request page")
        raise OverIssueRefused(
            words(
                "%(unit)s has a headcount of %(headcount)s and %(already)s invitations issued "
                "already: %(count)s more would pass its headcount. Issuing more than a unit's "
                "headcount needs another admin's approval: ask for it on %(where)s",
                unit=member.name,
                headcount=member.headcount,
                already=already,
                count=count,
                where=where,
            )
        )
    approval.used_at = _now()
    session.flush()
    approver = session.get(User, approval.approved_by_id)
    record(
        session,
        issuer.actor,
        "invitations.over_issue_used",
        wave.id,
        member.unit_id,
        f"{count} invitations beyond the headcount of {member.headcount}, approved by "
        f"{approver.email if approver else 'a removed account'}",
    )


def _usable_approval(
    session: Session, wave: Wave, member: WaveUnit, count: int, user_id: int
) -> OverIssueApproval | None:
    now = _now()
    candidates = session.scalars(
        select(OverIssueApproval)
        .where(
            OverIssueApproval.wave_id == wave.id,
            OverIssueApproval.unit_id == member.unit_id,
            OverIssueApproval.requested_by_id == user_id,
            OverIssueApproval.approved_by_id.is_not(None),
            OverIssueApproval.used_at.is_(None),
            OverIssueApproval.count >= count,
        )
        .order_by(OverIssueApproval.id)
    )
    return next(
        (a for a in candidates if a.expires_at is not None and _utc(a.expires_at) > now), None
    )


def request_over_issue(
    session: Session, wave: Wave, member: WaveUnit, count: int, reason: str, requester: User
) -> OverIssueApproval:
    """Ask another admin to approve issuing ``count`` invitations beyond the headcount rule."""
    asked = OverIssueApproval(
        wave_id=wave.id,
        unit_id=member.unit_id,
        count=count,
        reason=reason.strip()[:500],
        requested_by_id=requester.id,
        requested_at=_now(),
    )
    session.add(asked)
    session.flush()
    record(
        session,
        requester.email,
        "invitations.over_issue_requested",
        wave.id,
        member.unit_id,
        f"asked to issue {count} invitations for a headcount of {member.headcount}: {asked.reason}",
    )
    return asked


def pending_approvals(
    session: Session, approver: User, unit_ids: frozenset[int] | None = None
) -> list[OverIssueApproval]:
    """Requests ``approver`` may approve: someone else's, not yet approved, for units in
    ``unit_ids`` (None: any), oldest first."""
    query = select(OverIssueApproval).where(
        OverIssueApproval.approved_by_id.is_(None),
        OverIssueApproval.requested_by_id != approver.id,
    )
    found = session.scalars(query.order_by(OverIssueApproval.id))
    return [a for a in found if unit_ids is None or a.unit_id in unit_ids]


def requester_emails(session: Session, asked: list[OverIssueApproval]) -> dict[int, str]:
    """The requester's address for each request, by request id."""
    return {
        a.id: (
            user.email
            if (user := session.get(User, a.requested_by_id))
            else words("a removed account")
        )
        for a in asked
    }


def approve(session: Session, approval_id: int, approver: User) -> OverIssueApproval:
    """Approve a request; the requester may then issue it once within ``APPROVAL_LIFETIME``.

    A conditional update, so two admins approving at once approve it once."""
    asked = session.get(OverIssueApproval, approval_id)
    if asked is None or asked.approved_by_id is not None:
        raise ApprovalError(words("That request has been approved already or no longer exists"))
    if asked.requested_by_id == approver.id:
        raise ApprovalError(words("You asked for this: another admin has to approve it"))
    now = _now()
    changed = session.execute(
        update(OverIssueApproval)
        .where(OverIssueApproval.id == approval_id, OverIssueApproval.approved_by_id.is_(None))
        .values(approved_by_id=approver.id, expires_at=now + APPROVAL_LIFETIME)
        .execution_options(synchronize_session=False)
    )
    if not getattr(changed, "rowcount", 0):
        raise ApprovalError(words("That request has been approved already or no longer exists"))
    session.refresh(asked)
    requester = session.get(User, asked.requested_by_id)
    record(
        session,
        approver.email,
        "invitations.over_issue_approved",
        asked.wave_id,
        asked.unit_id,
        f"{approver.email} approved {requester.email if requester else 'a removed account'}'s "
        f"request to issue {asked.count} invitations beyond the headcount, until "
        f"{(now + APPROVAL_LIFETIME).isoformat()}",
    )
    return asked


@dataclass(frozen=True)
class UnitIssuance:
    """How many ways in a unit was given in a wave, against its headcount."""

    unit_id: int
    name: str
    headcount: int
    issued: int
    has_team_link: bool
    link_took_more_than_headcount: bool

    @property
    def is_over_issued(self) -> bool:
        return self.issued > self.headcount or self.link_took_more_than_headcount


def issuance_by_unit(
    session: Session, wave: Wave, members: Sequence[WaveUnit], unit_ids: frozenset[int], k: int
) -> list[UnitIssuance]:
    """Invitations issued against headcount for ``unit_ids`` of ``wave`` (each unit's own, as
    invitations are issued for the people of one unit), in the tree's order by name;
    ``members`` are the wave's units, as the caller has read them.

    Safe beside anything published: the number of invitations issued is a count of tokens made,
    fixed before anyone answers and the same whoever answers, so no sum or difference with a
    published cell says anything about anyone's answers; with the headcount (which results
    already show, in the response rate) it tells no more than the response rate does. What is
    never shown is how many invitations were *used*: that is a response count, below k for a
    small unit. The one response-side fact here, a team link having taken more answers than
    the headcount, is only flagged where the headcount is at least k - 1, so the flag ("more
    than H answered by link", i.e. at least k) never tells a count below k.
    """
    members = [m for m in members if m.unit_id in unit_ids]
    issued = invitations_issued(session, wave.id)
    links = {
        link.unit_id: link
        for link in session.scalars(select(TeamLink).where(TeamLink.wave_id == wave.id))
    }
    rows = []
    for member in sorted(members, key=lambda m: m.name):
        link = links.get(member.unit_id)
        beyond = (
            link is not None
            and member.headcount + 1 >= k
            and link.responses_accepted > member.headcount
        )
        rows.append(
            UnitIssuance(
                member.unit_id,
                member.name,
                member.headcount,
                issued.get(member.unit_id, 0),
                link is not None,
                beyond,
            )
        )
    return rows
