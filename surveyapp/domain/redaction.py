"""Take obvious identifiers out of comments before anyone reads them.

Respondents are asked not to name people, but some will. Emails, phone numbers and the names on
an admin-maintained list are replaced, so a comment shown to a manager does not point at anyone.
This is a safety net, not a guarantee, and the pages say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")


class Redactor:
    def __init__(self, names: Iterable[str] = ()) -> None:
        cleaned = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)
        self._names = (
            re.compile(r"\b(?:" + "|".join(re.escape(n) for n in cleaned) + r")\b", re.IGNORECASE)
            if cleaned
            else None
        )

    def __call__(self, text: str) -> str:
        text = EMAIL.sub("[email removed]", text)
        text = PHONE.sub("[phone number removed]", text)
        if self._names is not None:
            text = self._names.sub("[name removed]", text)
        return text


def names_from_text(text: str) -> list[str]:
    """One name per line; blank lines and lines starting with # are ignored."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def redactor_from_file(path: Path) -> Redactor:
    """A redactor for the names listed in ``path``; with no such file, emails and phones only."""
    return Redactor(names_from_text(path.read_text(encoding="utf-8")) if path.exists() else [])
