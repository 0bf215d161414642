"""A unit's action plans: what leaders said they would change, and whether the measure moved.

Only published scores appear: an action is recorded against a cell the plan publishes, and its
result in a later wave is null where that wave's plan does not publish it.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from surveyapp.domain.actions import ActionStatus

from .catalogue import Id, Unit
from .common import ApiModel, Score
from .trends import Change, WaveId


class ActionUpdate(ApiModel):
    """A dated progress note, perhaps with the status it moved the action to."""

    written_on: dt.date = Field(description="The day it was written")
    status: ActionStatus | None = Field(
        description="The status the update set; null where it left the status as it was"
    )
    text: str = Field(description="What was done, in the owner's words")


class Action(ApiModel):
    """An action recorded against one published result of the unit."""

    id: Id = Field(ge=1, description="The action's id")
    wave_id: WaveId = Field(description="The wave whose results it answers")
    recorded_for_wave: str = Field(description="That wave's name")
    measure: str = Field(description="theme:<key> or question:<key> in the wave's bank")
    about: str = Field(description='The measure in words, e.g. "Theme: Workload"')
    description: str = Field(description="What will change")
    owner: str = Field(description="The owner's email address (a staff account)")
    due_on: dt.date = Field(description="When it should be done")
    status: ActionStatus = Field(description="planned, in_progress, done or dropped")
    is_overdue: bool = Field(description="Open (planned or in progress) and past its due date")
    is_carried_over: bool = Field(description="Recorded for an earlier wave than the one read")
    dropped_reason: str | None = Field(description="Why it was dropped; null unless dropped")
    result_then: Score | None = Field(
        description="The measure's score in the wave it was recorded for"
    )
    result_now: Score | None = Field(
        description="The measure's score in the wave read; null for its own wave, or where "
        "the wave read does not publish it"
    )
    change: Change | None = Field(
        description="Between then and now, called only where a two-proportion test finds a "
        "change; null where there is no second score to test"
    )
    updates: list[ActionUpdate] = Field(description="Progress updates, oldest first")


class UnitActions(ApiModel):
    """The unit's action plans recorded for this wave or an earlier one, as its pages list them."""

    wave_id: WaveId
    unit: Unit = Field(description="The unit, with both of its headcounts in this wave")
    actions: list[Action] = Field(description="In the order the unit's page lists them")
