"""Check a page a test reached is all Welsh: no English string of the catalogue or the bank, and
no word that is not Welsh but what staff typed (names, addresses, action texts)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import String, Text, select

from surveyapp.database import session_scope
from surveyapp.models import Base
from tests.support.welsh import english_left, not_welsh, page_text

SAME_IN_BOTH = (
    "Change the language to English",
    "English",
    "Staff Voice",
    "CSV",
    "PDF",
    "SVG",
    "PNG",
    "XLSX",
    "JSON",
    "API",
)
"""What a Welsh page may show that is not Welsh: the link to English (the HMRC pattern), the
app's name and the names of file formats."""


def typed_by_staff(app: Flask) -> tuple[str, ...]:
    """Every text value the database holds: names and addresses that staff typed."""
    found: set[str] = set()
    with app.app_context(), session_scope(app) as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String | Text):
                    values = session.scalars(select(column).distinct())
                    found.update(v for v in values if v and any(c.isalpha() for c in v))
    return tuple(sorted(found, key=len, reverse=True))


def english_on(
    app: Flask, html: str, allowed: tuple[str, ...] = (), typed: tuple[str, ...] = ()
) -> list[str]:
    """What of a page is English (or not Welsh): empty for a page all in Welsh. ``allowed``:
    names the same in every language (a file's name); ``typed``: what the reader typed or was
    given (a new token), taken out first, as the database's values are."""
    assert '<html lang="cy"' in html
    text = page_text(html)
    left = [f"English: {e}" for e in english_left(text)]
    given = tuple(sorted({*typed, *typed_by_staff(app)}, key=len, reverse=True))
    return left + [f"not Welsh: {w}" for w in not_welsh(text, (*SAME_IN_BOTH, *allowed), given)]
