"""How long a bank takes to answer, for the start page to say honestly.

Counted, not claimed: about ten seconds for each question and "about you" question (read it,
choose an answer, on a phone), and about a minute for each comment box someone writes in. The
shorter end of the range is everything but the comments, the longer end includes them; both are
rounded up to whole minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import Bank

SECONDS_PER_QUESTION = 10
SECONDS_PER_COMMENT = 60


@dataclass(frozen=True)
class AnswerTime:
    least_minutes: int
    most_minutes: int


def answer_time(bank: Bank) -> AnswerTime:
    asked = len(bank.questions) + len(bank.demographics)
    least = asked * SECONDS_PER_QUESTION
    most = least + len(bank.comments) * SECONDS_PER_COMMENT
    return AnswerTime(max(1, math.ceil(least / 60)), max(1, math.ceil(most / 60)))
