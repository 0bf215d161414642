"""Each wave's layout: frozen with its first sealed response, read by every reader of the wave."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.sealed import Layout, layout_of
from surveyapp.models import SealedLayout


@lru_cache(maxsize=256)
def _parsed(text: str) -> Layout:
    """Keyed by the stored text itself, so a cached layout is always the one stored."""
    return Layout.from_json(text)


LAYOUT = select(SealedLayout.layout).where(SealedLayout.wave_id == bindparam("wave_id"))
"""The wave's stored layout as text: a submission reads it with its wave (``entry.submit``)."""


def parsed_layout(text: str | None) -> Layout | None:
    return None if text is None else _parsed(text)


def stored_layout(session: Session, wave_id: int) -> Layout | None:
    """The wave's layout, or None if nothing was ever sealed in it."""
    return parsed_layout(session.connection().scalar(LAYOUT, {"wave_id": wave_id}))


def frozen_layout(
    session: Session, wave_id: int, bank: Bank, known: Layout | None = None
) -> Layout:
    """The wave's layout, freezing the bank's now if this is its first response.

    ``known`` is the stored layout if the caller has read it already, in this transaction.
    Two first responses at once both try to store it; the database keeps one (the same), and
    both read that one back.
    """
    found = known if known is not None else stored_layout(session, wave_id)
    if found is not None:
        return found
    store_layout(session, wave_id, layout_of(bank))
    found = stored_layout(session, wave_id)
    assert found is not None
    return found


def store_layout(session: Session, wave_id: int, layout: Layout) -> None:
    """Store a wave's layout unless it has one (then the stored one stands)."""
    dialect = session.get_bind().dialect.name
    values = {"wave_id": wave_id, "layout": layout.to_json()}
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(dialect_insert(SealedLayout).values(values).on_conflict_do_nothing())
