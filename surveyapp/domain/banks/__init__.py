"""Question banks: data files in ``surveys/`` read into frozen dataclasses."""

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

__all__ = [
    "AGREEMENT_LABELS",
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
    "load_bank",
    "load_banks",
    "reworded_keys",
    "wording_fingerprints",
]
