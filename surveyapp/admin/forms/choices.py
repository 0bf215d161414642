"""Choices the admin forms share: the question banks, and the units an admin looks after."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wtforms import SelectChoice

from surveyapp.domain.banks import Bank
from surveyapp.services.units import TreeRow


def bank_choices(banks: Mapping[str, Bank]) -> list[SelectChoice]:
    return [
        SelectChoice(key, f"{bank.title} (version {bank.version})")
        for key, bank in sorted(banks.items(), key=lambda item: item[1].title)
    ]


def unit_choices(rows: Sequence[TreeRow]) -> list[SelectChoice]:
    """The units as a select's options, indented by depth so the tree shows."""
    return [SelectChoice(str(row.unit.id), "– " * row.depth + row.unit.name) for row in rows]
