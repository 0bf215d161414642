"""The flat table: one row per published cell and per answer, the rows of the CSV export, in
pages, for BI tools that want a table rather than a tree."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from surveyapp.domain.disclosure import Reason

from .catalogue import Id
from .common import ApiModel, Note, Percent

PAGE_SIZE = 500
"""Rows in a page of the flat table; part of the contract (see docs/API.md)."""

Text = Annotated[str | None, Field(description="null where it does not apply")]


class CellRow(ApiModel):
    """One cell of the publication plan (or one answer of a published cell), in words and
    keys. A suppressed cell has every number null and says why."""

    wave_name: str = Field(description="The wave's name")
    unit_id: Id | None = Field(
        description='The unit\'s id; null for an "other teams" cell (see node_id)'
    )
    node_id: str = Field(
        description='The plan\'s id for the group: the unit id as text, or "other:<unit id>" '
        "for the cell pooling small teams below that unit"
    )
    unit_name: str = Field(description='The unit\'s name, or "other teams in <unit>"')
    unit_path: str = Field(description='Names from the top of the tree, joined by " > "')
    group: str | None = Field(
        description='The demographic band a breakdown counts (e.g. "Newly qualified"); null '
        "where the cell counts everyone in the unit"
    )
    theme: Text
    measure: str = Field(description='What is counted, in words (e.g. "Responses", "Answer")')
    measure_id: str = Field(
        description='The plan\'s key for it: "responses", "theme:<key>", "question:<key>", '
        '"comments:<key>", "band:<dimension>:<band>" or "band_question:<dimension>:<band>:<key>"'
    )
    question: Text
    answer: Text
    answer_code: str | None = Field(description="The answer's code; null on a cell's own row")
    status: Literal["published", "suppressed"] = Field(
        description="published: the numbers are here; suppressed: hidden, with the reason"
    )
    n: int | None = Field(ge=1, description="People behind the cell; null if suppressed")
    count: int | None = Field(ge=0, description="People who gave this answer (answer rows)")
    percent_of_answers: Percent | None = Field(description="count / n, to 1 decimal place")
    favourable_percent: Percent | None = Field(description="% favourable (themes, agreement)")
    interval_95_low_percent: Percent | None = Field(description="Wilson 95% interval, low")
    interval_95_high_percent: Percent | None = Field(description="Wilson 95% interval, high")
    mean: float | None = Field(ge=1, le=5, description="Mean from 1 to 5")
    reason_code: Reason | None = Field(
        description="Why the cell is suppressed; on a published theme without a score, "
        "question_withheld; otherwise null"
    )
    suppressed_because: Text
    note: Note


class CellPage(ApiModel):
    """A page of the flat table of a unit and every unit below it that you may see."""

    wave_id: Id = Field(ge=1, description="The wave")
    unit_id: Id = Field(ge=1, description="The unit at the top of the table")
    min_group_size: int = Field(ge=3, description="k: fewest responses behind any number")
    min_comment_group_size: int = Field(ge=3, description="Fewest people behind any comments")
    plan_sha256: str = Field(
        pattern="^[0-9a-f]{64}$", description="SHA-256 of the publication plan"
    )
    page: int = Field(ge=1, description="This page, from 1")
    page_size: int = Field(ge=1, description=f"Rows in a full page: {PAGE_SIZE}")
    total_rows: int = Field(ge=0, description="Rows in the whole table")
    total_pages: int = Field(ge=1, description="Pages in the whole table (at least 1)")
    next_page: int | None = Field(description="The next page's number; null on the last page")
    next_url: str | None = Field(
        json_schema_extra={"format": "uri"},
        description="The next page's address (from the deployment's public address); null on "
        "the last page",
    )
    rows: list[CellRow] = Field(description="In tree order, then the bank's order")
