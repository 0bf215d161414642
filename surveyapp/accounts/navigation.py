"""Where each role lands after sign-in, and the staff navigation: one table of pages.

A new staff page adds one line to ``STAFF_PAGES``. Who sees a link is not written twice: it is
the roles the page's own route names in ``@require``, so the navigation can never offer a page
that answers 403, nor hide one a role may use.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from surveyapp.domain.roles import Role

from .access import access_rule


@dataclass(frozen=True)
class StaffPage:
    label: str
    endpoint: str

    @property
    def roles(self) -> frozenset[Role]:
        """The roles the page's route admits (its ``@require``)."""
        declared = access_rule(current_app.view_functions[self.endpoint])
        if declared == "public" or not isinstance(declared, tuple):
            return frozenset(Role)
        return frozenset(Role(value) for value in declared)


STAFF_PAGES = (
    StaffPage(_l("Results"), "insights.index"),
    StaffPage(_l("Board view"), "board.index"),
    StaffPage(_l("Audit trail"), "audit.summary"),
    StaffPage(_l("Admin"), "admin.index"),
    StaffPage(_l("Invitations"), "invitations.waves"),
    StaffPage(_l("Staff accounts"), "staff.index"),
    StaffPage(_l("Your account"), "accounts.account"),
)
ROLE_NAMES = {
    Role.ADMIN: _l("Admin"),
    Role.ANALYST: _l("Analyst"),
    Role.VIEWER: _l("Viewer"),
    Role.MANAGER: _l("Manager"),
}
"""Each role's name as the account bar shows it, in the reader's language."""

HOME_BY_ROLE = {Role.ADMIN: "admin.index", Role.VIEWER: "board.index"}
RESULTS = "insights.index"
"""Every other role (analysts, and any role added later, such as managers) lands on results."""


def home_endpoint(role: Role) -> str:
    return HOME_BY_ROLE.get(role, RESULTS)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    is_current: bool


def staff_links(role: Role) -> list[NavLink]:
    """The pages ``role`` may open, the one being shown (or one below it) marked current."""
    links = []
    for page in STAFF_PAGES:
        if role not in page.roles:
            continue
        url = url_for(page.endpoint)
        blueprint = page.endpoint.partition(".")[0]
        is_current = request.endpoint == page.endpoint or (
            blueprint != "accounts" and request.blueprint == blueprint
        )
        links.append(NavLink(page.label, url, is_current))
    return links
