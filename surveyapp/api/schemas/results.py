"""A unit's results in one wave: every value either published with its numbers or suppressed
with its reason, told apart by ``status`` (a discriminated ``oneOf`` in the document)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, RootModel

from surveyapp.domain.banks import QuestionKind

from .catalogue import Id, Unit
from .common import (
    STATUS,
    STATUS_DESCRIPTION,
    ApiModel,
    Note,
    Percent,
    Published,
    ReasonCode,
    Score,
    Suppressed,
    SuppressedBecause,
)

ThemeKey = Annotated[str, Field(description="The theme's key in the question bank")]
ThemeTitle = Annotated[str, Field(description="The theme's title, as pages show it")]


class PublishedTheme(ApiModel):
    """A theme's score: its questions' answers pooled."""

    status: Published = Field(description=STATUS_DESCRIPTION)
    key: ThemeKey
    title: ThemeTitle
    score: Score = Field(description="The theme's score")
    note: Note


class SuppressedTheme(ApiModel):
    """A theme whose score is not published."""

    status: Suppressed = Field(description=STATUS_DESCRIPTION)
    key: ThemeKey
    title: ThemeTitle
    reason_code: ReasonCode
    suppressed_because: SuppressedBecause


Theme = Annotated[PublishedTheme | SuppressedTheme, Field(discriminator=STATUS)]


class AnswerShare(ApiModel):
    """How many gave one answer."""

    label: str = Field(description='The answer as respondents saw it, e.g. "Agree" or "7"')
    count: int = Field(ge=0, description="People who gave it")
    percent: Percent = Field(description="Share of the question's answers, to 1 decimal place")


QuestionKey = Annotated[str, Field(description="The question's key in the bank")]
QuestionText = Annotated[str, Field(description="The question's wording")]
Kind = Annotated[
    QuestionKind,
    Field(description="agreement: 1-5 scale; recommend: 0-10; choice: one option of a list"),
]


class PublishedQuestion(ApiModel):
    """A question's answers, and its score if it is an agreement question."""

    status: Published = Field(description=STATUS_DESCRIPTION)
    key: QuestionKey
    text: QuestionText
    kind: Kind
    n: int = Field(ge=1, description="People who answered it")
    answers: list[AnswerShare] = Field(description="Every answer, in the order asked")
    score: Score | None = Field(description="Agreement questions' score; null for other kinds")
    note: Note


class SuppressedQuestion(ApiModel):
    """A question whose answers are not published."""

    status: Suppressed = Field(description=STATUS_DESCRIPTION)
    key: QuestionKey
    text: QuestionText
    kind: Kind
    reason_code: ReasonCode
    suppressed_because: SuppressedBecause


Question = Annotated[PublishedQuestion | SuppressedQuestion, Field(discriminator=STATUS)]


class Recommend(ApiModel):
    """The 0-10 recommend question as a score: promoters (9-10) minus detractors (0-6)."""

    score: float = Field(ge=-100, le=100, description="From -100 to 100, to 1 decimal place")
    n: int = Field(ge=1, description="People who answered it")
    note: Note


class PublishedSupervision(ApiModel):
    """Supervision recency against the bank's standard (LGA Standard 5: at least monthly)."""

    status: Published = Field(description=STATUS_DESCRIPTION)
    within_standard_percent: Percent = Field(
        description="% whose last supervision was within standard_max_days"
    )
    standard_max_days: int = Field(ge=1, description="The standard, in days (31: monthly)")
    n: int = Field(ge=1, description="People who answered the recency question")
    note: Note


class SuppressedSupervision(ApiModel):
    """Supervision recency, not published here."""

    status: Suppressed = Field(description=STATUS_DESCRIPTION)
    standard_max_days: int = Field(ge=1, description="The standard, in days (31: monthly)")
    reason_code: ReasonCode
    suppressed_because: SuppressedBecause


Supervision = Annotated[PublishedSupervision | SuppressedSupervision, Field(discriminator=STATUS)]


class PublishedChild(ApiModel):
    """A unit below (or the "other teams" cell pooling small ones), with its theme scores."""

    status: Published = Field(description=STATUS_DESCRIPTION)
    unit_id: Id | None = Field(
        description='The unit\'s id; null for an "other teams in ..." cell, which pools '
        "several small units"
    )
    label: str = Field(description='The unit\'s name, or "other teams in <unit>"')
    responses: int = Field(ge=1, description="Responses behind the row")
    themes: list[Theme] = Field(description="Every theme of the bank, in its order")
    note: Note


class SuppressedChild(ApiModel):
    """A unit below whose results are not published here."""

    status: Suppressed = Field(description=STATUS_DESCRIPTION)
    unit_id: Id = Field(ge=1, description="The unit's id")
    label: str = Field(description="The unit's name")
    reason_code: ReasonCode
    suppressed_because: SuppressedBecause


Child = Annotated[PublishedChild | SuppressedChild, Field(discriminator=STATUS)]


class Thresholds(ApiModel):
    """What every results body says about the rules it was published under."""

    wave_id: Id = Field(ge=1, description="The wave")
    unit: Unit = Field(description="The unit, with both of its headcounts")
    min_group_size: int = Field(ge=3, description="k: fewest responses behind any number")
    min_comment_group_size: int = Field(ge=3, description="Fewest people behind any comments")
    plan_sha256: str = Field(
        pattern="^[0-9a-f]{64}$",
        description="SHA-256 of the publication plan every number here comes from",
    )


class PublishedUnitResults(Thresholds):
    """A unit's published results."""

    status: Published = Field(description=STATUS_DESCRIPTION)
    responses: int = Field(ge=1, description="Responses from the unit and every unit below it")
    responses_note: Note
    response_rate_percent: float | None = Field(
        ge=0,
        description="responses / unit.total_headcount, to 1 decimal place; null where the "
        "headcount is 0. May pass 100 where team links took more answers than the headcount",
    )
    themes: list[Theme] = Field(description="Every theme of the bank, in its order")
    questions: list[Question] = Field(description="Every question of the bank, in its order")
    recommend: Recommend | None = Field(
        description="null where the recommend question is not published here (its entry in "
        "questions says why) or the bank has none"
    )
    supervision: Supervision | None = Field(
        description="null where the bank sets no supervision standard"
    )
    children: list[Child] = Field(
        description='The units right below that you may see, by name, then any "other teams" cell'
    )


class SuppressedUnitResults(Thresholds):
    """A unit whose results are not published: no number at all, only why."""

    status: Suppressed = Field(description=STATUS_DESCRIPTION)
    reason_code: ReasonCode
    suppressed_because: SuppressedBecause


class UnitResults(
    RootModel[Annotated[PublishedUnitResults | SuppressedUnitResults, Field(discriminator=STATUS)]]
):
    """A unit's results in a wave: published, or suppressed with the reason."""
