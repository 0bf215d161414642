"""Waves and units: what there is to read, before any result."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .common import ApiModel

Id = int
State = Literal["open", "closed"]


class Wave(ApiModel):
    """A survey wave that has opened (drafts are never listed). Its thresholds were frozen when
    it opened and never change."""

    id: Id = Field(ge=1, description="The wave's id, for the paths below")
    name: str = Field(description='e.g. "Pulse: summer 2026"')
    state: State = Field(
        description="open: still taking answers (results hidden unless released live); "
        "closed: final"
    )
    bank: str = Field(description="Key of the question bank the wave asked")
    bank_version: str = Field(description="Version of that bank")
    opens_on: dt.date | None = Field(description="First day of the wave")
    closes_on: dt.date | None = Field(description="Last day of the wave, if one was set")
    min_group_size: int = Field(ge=3, description="k: fewest responses behind any published number")
    min_comment_group_size: int = Field(
        ge=3, description="Fewest people behind any published comments"
    )
    top_unit_id: Id = Field(
        ge=1, description="The highest unit of this wave you may read: where to start"
    )


class WaveList(ApiModel):
    """Waves you can read something of, newest first."""

    waves: list[Wave] = Field(description="Newest first")


class Unit(ApiModel):
    """A unit of a wave's tree, as the wave froze it when it opened.

    Two headcounts, never to be confused: ``own_headcount`` counts the people attached to the
    unit itself (often 0 for a service whose staff are all in teams), ``total_headcount``
    everyone in the unit and every unit below it, the figure a response rate is against and
    the ``total_headcount`` of the unit's results.
    """

    id: Id = Field(ge=1, description="The unit's id, for the paths below")
    name: str = Field(description="The unit's name when the wave opened")
    parent_id: Id | None = Field(
        description="The unit above in the wave's tree; null at the top of the tree"
    )
    own_headcount: int = Field(
        ge=0, description="People attached to this unit itself, not to any unit below it"
    )
    total_headcount: int = Field(
        ge=0,
        description="Everyone in this unit and every unit below it: what response rates "
        "are against",
    )


class UnitList(ApiModel):
    """The units of a wave you may read, by id."""

    wave_id: Id = Field(ge=1, description="The wave these units belong to")
    units: list[Unit] = Field(description="Ordered by id")
