"""Over-issue needs a second person: a request page for the admin who needs more invitations
than a unit's headcount, and an approvals page where another admin in scope approves it (both
names go into the audit trail; nobody approves their own request; an approval expires)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from surveyapp.accounts.access import administered_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.languages import said
from surveyapp.models import OverIssueApproval, Wave, WaveState, WaveUnit
from surveyapp.services import issuance
from surveyapp.services.visibility import managed_unit_ids

from .forms import ConfirmForm, OverIssueForm
from .routes import UNIT_PAGE, bp


def _request_page(wave: Wave, member: WaveUnit, form: OverIssueForm) -> str:
    return render_template(
        "invitations/over_issue.html",
        wave=wave,
        member=member,
        form=form,
        issued=issuance.invitations_issued(db(), wave.id).get(member.unit_id, 0),
        is_open=wave.state is WaveState.OPEN,
    )


@bp.get(f"{UNIT_PAGE}/more")
@require(Role.ADMIN)
def over_issue(wave_id: int, unit_id: int) -> str:
    found, member = administered_unit(wave_id, unit_id)
    return _request_page(found, member, OverIssueForm())


@bp.post(f"{UNIT_PAGE}/more")
@require(Role.ADMIN)
def ask_over_issue(wave_id: int, unit_id: int) -> Any:
    found, member = administered_unit(wave_id, unit_id)
    form = OverIssueForm()
    if found.state is not WaveState.OPEN or not form.validate():
        return _request_page(found, member, form), 400
    issuance.request_over_issue(
        db(), found, member, form.count.data, form.reason.data, signed_in_user()
    )
    flash(
        _(
            "Your request for %(count)s invitations for %(name)s has been sent: another admin "
            "has to approve it on their approvals page before you can issue them.",
            count=form.count.data,
            name=member.name,
        )
    )
    return redirect(url_for("invitations.unit", wave_id=wave_id, unit_id=unit_id), 303)


def _approvals_page(problem: str = "") -> str:
    approver = signed_in_user()
    waiting = issuance.pending_approvals(
        db(), approver, frozenset(managed_unit_ids(db(), approver))
    )
    names = {m.unit_id: m.name for m in _members_of(waiting)}
    return render_template(
        "invitations/approvals.html",
        waiting=waiting,
        names=names,
        requesters=issuance.requester_emails(db(), waiting),
        confirm=ConfirmForm(),
        problem=problem,
        lifetime_hours=int(issuance.APPROVAL_LIFETIME.total_seconds() // 3600),
    )


def _members_of(waiting: list[OverIssueApproval]) -> list[WaveUnit]:
    return [
        member
        for asked in waiting
        if (member := db().get(WaveUnit, (asked.wave_id, asked.unit_id))) is not None
    ]


@bp.get("/invitations/approvals")
@require(Role.ADMIN)
def approvals() -> str:
    return _approvals_page()


@bp.post("/invitations/approvals/<int:approval_id>")
@require(Role.ADMIN)
def approve(approval_id: int) -> Any:
    """Approve another admin's request for a unit in the approver's scope (404 otherwise)."""
    approver = signed_in_user()
    waiting = issuance.pending_approvals(
        db(), approver, frozenset(managed_unit_ids(db(), approver))
    )
    if not ConfirmForm().validate():
        return _approvals_page(_("The form timed out: try again")), 400
    if approval_id not in {asked.id for asked in waiting}:
        return _not_approvable(approval_id)
    try:
        asked = issuance.approve(db(), approval_id, approver)
    except issuance.ApprovalError as problem:
        return _approvals_page(said(problem)), 400
    flash(
        _(
            "Approved: %(count)s invitations may now be issued once, within a day.",
            count=asked.count,
        )
    )
    return redirect(url_for("invitations.approvals"), 303)


def _not_approvable(approval_id: int) -> tuple[str, int]:
    """One's own request says why; anything else outside the approver's reach is a 404."""
    asked = db().get(OverIssueApproval, approval_id)
    if asked is not None and asked.requested_by_id == signed_in_user().id:
        return _approvals_page(_("You asked for this: another admin has to approve it")), 400
    abort(404)
