"""Question banks: data files in ``surveys/`` read into frozen dataclasses."""

from .asked import AskedWave, bank_of
from .fingerprint import reworded_keys, wording_fingerprints
from .loader import BankError, load_bank, load_banks
from .model import (
    AGREEMENT_LABELS,
    PREFER_NOT_TO_SAY,
    Bank,
    CommentPrompt,
    Demographic,
    Option,
    Question,
    QuestionKind,
    SupervisionStandard,
    Theme,
)
from .timing import AnswerTime, answer_time

__all__ = [
    "AskedWave",
    "AGREEMENT_LABELS",
    "AnswerTime",
    "PREFER_NOT_TO_SAY",
    "Bank",
    "BankError",
    "CommentPrompt",
    "Demographic",
    "Option",
    "Question",
    "QuestionKind",
    "SupervisionStandard",
    "Theme",
    "answer_time",
    "bank_of",
    "load_bank",
    "load_banks",
    "reworded_keys",
    "wording_fingerprints",
]
