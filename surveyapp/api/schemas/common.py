"""What every API body is made of: a strict model, a score, why a cell is hidden, an error.

Each response is a pydantic model, and the OpenAPI document is generated from these models, so
the document cannot say one thing while the API sends another: a body that does not fit its
model fails when it is built, in tests and in production alike. Every field is required
(null where it may be null), so a BI tool sees the same columns in every row.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from surveyapp.domain.disclosure import Reason
from surveyapp.domain.scoring import AgreementScore, Band

PUBLISHED = "published"
SUPPRESSED = "suppressed"


class ApiModel(BaseModel):
    """Frozen, and refusing any field it does not declare."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Percent = Annotated[float, Field(ge=0, le=100)]
Note = Annotated[
    str | None,
    Field(
        description='"as at the last update before the survey closed" where the final results '
        "repeat this value from the last live release (so its n is not the final count); "
        "otherwise null"
    ),
]
ReasonCode = Annotated[
    Reason,
    Field(description="Why it is hidden, as a code that stays the same in every language"),
]
SuppressedBecause = Annotated[
    str,
    Field(description='Why it is hidden, in plain words (e.g. "fewer than 5 responses")'),
]


class Score(ApiModel):
    """An agreement score from published answers: % favourable (agree or strongly agree, after
    reversing negative statements) with its Wilson 95% interval, the mean and the LGA band."""

    n: int = Field(
        ge=1,
        description="Answers behind the score: for a question, the people who answered it; "
        "for a theme, its questions' answers pooled (so more than the people)",
    )
    favourable_percent: Percent = Field(description="% favourable, to 1 decimal place")
    interval_95_low_percent: Percent = Field(description="Lower end of the Wilson 95% interval")
    interval_95_high_percent: Percent = Field(description="Upper end of the Wilson 95% interval")
    mean: float = Field(
        ge=1, le=5, description="Mean from 1 (strongly disagree) to 5 (strongly agree)"
    )
    band: Band = Field(description="LGA band of % favourable: 0-50 low, 51-74 moderate, 75+ high")

    @classmethod
    def of(cls, value: AgreementScore) -> Score:
        low, high = value.interval
        return cls(
            n=value.n,
            favourable_percent=round(value.percent, 1),
            interval_95_low_percent=round(low, 1),
            interval_95_high_percent=round(high, 1),
            mean=round(value.mean, 2),
            band=value.band,
        )


class Error(ApiModel):
    """What every 4xx answer carries."""

    error: str = Field(description="What went wrong, in plain words")


Published = Literal["published"]
Suppressed = Literal["suppressed"]
STATUS = "status"
STATUS_DESCRIPTION = "published: the numbers are here; suppressed: hidden, with the reason"
