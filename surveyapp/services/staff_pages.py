"""The address of each unit's public "You said, we did" page for a wave.

Every unit of a wave gets a random slug when the wave opens (``create_staff_pages``), so the
address printed on a team's poster and shown to respondents stays the same, and nobody can reach
another unit's page by changing it. What the page shows: ``staff_page_content``.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
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


SLUG = select(StaffPage.slug).where(
    StaffPage.wave_id == bindparam("wave_id"), StaffPage.unit_id == bindparam("unit_id")
)


def slug_for(session: Session, wave_id: int, unit_id: int) -> str | None:
    found: str | None = session.scalar(SLUG, {"wave_id": wave_id, "unit_id": unit_id})
    return found


_THIS = aliased(Wave)
_PAGE_IN_WAVE = (
    select(StaffPage.slug)
    .where(StaffPage.wave_id == Wave.id, StaffPage.unit_id == bindparam("unit_id"))
    .correlate(Wave)
    .scalar_subquery()
)
PREVIOUS_SLUG = (
    select(_PAGE_IN_WAVE)
    .select_from(Wave)
    .join(_THIS, _THIS.id == bindparam("wave_id"))
    .where(
        Wave.id != _THIS.id,
        Wave.bank_key == _THIS.bank_key,
        Wave.state == WaveState.CLOSED,
        _THIS.opens_on.is_not(None),
        Wave.opens_on <= _THIS.opens_on,
        _PAGE_IN_WAVE.is_not(None),
    )
    .order_by(Wave.opens_on.desc(), Wave.id.desc())
    .limit(1)
)


def previous_slug(session: Session, wave_id: int, unit_id: int) -> str | None:
    """The page of the unit in the latest closed wave of the same bank before this one: what
    was said last time, and what is being done about it.

    Every respondent's start page asks: one statement, built once, that walks the bank's waves
    and looks each one's page up by its (wave, unit) key rather than scanning every page. The
    respondent's pages read it (and ``SLUG``) with the wave's facts (``entry.wave_facts_and``).
    """
    found: str | None = session.scalar(PREVIOUS_SLUG, {"wave_id": wave_id, "unit_id": unit_id})
    return found
