"""The address of each unit's public "You said, we did" page for a wave.

Every unit of a wave gets a random slug when the wave opens (``create_staff_pages``), so the
address printed on a team's poster and shown to respondents stays the same, and nobody can reach
another unit's page by changing it. What the page shows: ``staff_page_content``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from surveyapp.domain.tokens import new_token
from surveyapp.models import StaffPage, Wave, WaveState, WaveUnit

PATH = "/you-said-we-did/"
"""Where the pages are: a page is ``PATH + slug`` (the route, and links printed without a
request, such as posters, build it from here)."""


def page_url(base_url: str, slug: str) -> str:
    """A page's full address from the deployment's public address (SURVEYAPP_PUBLIC_URL)."""
    return f"{base_url.rstrip('/')}{PATH}{slug}"


def new_slug() -> str:
    """130 random bits in lower-case base32: unguessable, and easy to print and type."""
    return new_token().lower()


def create_staff_pages(session: Session, wave: Wave) -> None:
    """A page address for every unit of an opening wave that has none yet."""
    members = session.scalars(select(WaveUnit.unit_id).where(WaveUnit.wave_id == wave.id)).all()
    existing = set(session.scalars(select(StaffPage.unit_id).where(StaffPage.wave_id == wave.id)))
    for unit_id in members:
        if unit_id not in existing:
            session.add(StaffPage(slug=new_slug(), wave_id=wave.id, unit_id=unit_id))
    session.flush()


def slug_for(session: Session, wave_id: int, unit_id: int) -> str | None:
    return session.scalar(
        select(StaffPage.slug).where(StaffPage.wave_id == wave_id, StaffPage.unit_id == unit_id)
    )


def previous_slug(session: Session, wave_id: int, unit_id: int) -> str | None:
    """The page of the unit in the latest closed wave of the same bank before this one: what
    was said last time, and what is being done about it. One statement: every respondent's
    start page asks."""
    this = aliased(Wave)
    return session.scalar(
        select(StaffPage.slug)
        .join(Wave, Wave.id == StaffPage.wave_id)
        .join(this, this.id == wave_id)
        .where(
            StaffPage.unit_id == unit_id,
            Wave.id != this.id,
            Wave.bank_key == this.bank_key,
            Wave.state == WaveState.CLOSED,
            this.opens_on.is_not(None),
            Wave.opens_on <= this.opens_on,
        )
        .order_by(Wave.opens_on.desc(), Wave.id.desc())
        .limit(1)
    )
