"""A unit's theme scores across waves, each wave named by its id."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import Field

from .catalogue import Id, Unit
from .common import (
    STATUS,
    ApiModel,
    Note,
    Published,
    ReasonCode,
    Score,
    Suppressed,
    SuppressedBecause,
)

POINT_STATUS = (
    "published: the score is here; suppressed: hidden, with the reason; not_in_wave: the unit "
    "was not part of that wave"
)
WaveId = Annotated[Id, Field(ge=1, description="The wave's id")]
WaveName = Annotated[str, Field(description="The wave's name")]


class Change(enum.StrEnum):
    """Against the previous wave in which the theme was published: up or down only where a
    two-proportion test finds a change (p < 0.05)."""

    UP = "up"
    DOWN = "down"
    NO_CLEAR_CHANGE = "no_clear_change"


class PublishedPoint(ApiModel):
    """A wave's published score, and whether it changed."""

    status: Published = Field(description=POINT_STATUS)
    wave_id: WaveId
    wave_name: WaveName
    score: Score = Field(description="The theme's score in that wave")
    change: Change = Field(description="no_clear_change for the first published wave")
    p_value: float | None = Field(
        ge=0,
        le=1,
        description="The test's p-value, to 4 decimal places; null for the first published wave",
    )
    note: Note


class SuppressedPoint(ApiModel):
    """A wave in which the theme is not published for the unit."""

    status: Suppressed = Field(description=POINT_STATUS)
    wave_id: WaveId
    wave_name: WaveName
    reason_code: ReasonCode
    suppressed_because: SuppressedBecause


class AbsentPoint(ApiModel):
    """A wave the unit was not part of (it did not exist then, or was elsewhere in the tree)."""

    status: Literal["not_in_wave"] = Field(description=POINT_STATUS)
    wave_id: WaveId
    wave_name: WaveName


Point = Annotated[PublishedPoint | SuppressedPoint | AbsentPoint, Field(discriminator=STATUS)]


class ThemeTrend(ApiModel):
    """One theme across waves."""

    key: str = Field(description="The theme's key in the question bank")
    title: str = Field(description="The theme's title")
    points: list[Point] = Field(
        description="This wave and every earlier wave of the same bank, oldest first"
    )


class UnitTrends(ApiModel):
    """A unit's themes across the waves up to this one."""

    wave_id: WaveId
    unit: Unit = Field(description="The unit, with both of its headcounts in this wave")
    themes: list[ThemeTrend] = Field(description="Every theme of the bank, in its order")
