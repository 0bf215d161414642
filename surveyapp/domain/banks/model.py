"""What a question bank is, as frozen data."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from surveyapp.domain.wording import words

PREFER_NOT_TO_SAY = "prefer_not_to_say"
MAX_PAGES = 8


class QuestionKind(enum.StrEnum):
    AGREEMENT = "agreement"
    """1 (strongly disagree) to 5 (strongly agree); 4-5 is favourable after reverse coding."""
    RECOMMEND = "recommend"
    """0-10 likelihood to recommend, reported as a promoters-minus-detractors score."""
    CHOICE = "choice"
    """One option from a list, reported as a distribution (e.g. supervision recency)."""


AGREEMENT_LABELS = (
    words("Strongly disagree"),
    words("Disagree"),
    words("Neither agree nor disagree"),
    words("Agree"),
    words("Strongly agree"),
)
"""The answers 1 to 5 of an agreement question (shown in the reader's language: ``Words``)."""


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    within_days: int | None = None
    """For recency options: the most days ago this option can mean (None: longer or unknown)."""


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    kind: QuestionKind
    text: str
    page: int
    theme: str | None = None
    is_reverse_coded: bool = False
    is_required: bool = False
    is_sensitive: bool = False
    hint: str = ""
    options: tuple[Option, ...] = ()
    is_after_first_wave: bool = False
    """Asked only in a wave that follows an earlier one ("since the last survey, ...")."""

    @property
    def values(self) -> tuple[int, ...]:
        """The integer answers a scale question accepts."""
        if self.kind is QuestionKind.AGREEMENT:
            return (1, 2, 3, 4, 5)
        if self.kind is QuestionKind.RECOMMEND:
            return tuple(range(11))
        return ()

    def option(self, key: str) -> Option | None:
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class Demographic:
    """An optional coarse band question; always offers "prefer not to say"."""

    key: str
    text: str
    bands: tuple[Option, ...]
    page: int | None = None
    """The page it is asked on; None: the survey's last page."""


@dataclass(frozen=True)
class CommentPrompt:
    key: str
    text: str
    max_length: int
    hint: str = ""
    page: int | None = None
    """The page it is asked on; None: the survey's last page."""


@dataclass(frozen=True)
class SupervisionStandard:
    """Which recency answer counts as "supervised within the standard" for whom.

    ``max_days`` applies to experienced staff; ``newly_qualified_max_days`` to respondents in the
    ``newly_qualified_band`` of ``role_dimension`` (LGA Standard 5: fortnightly until six months).
    """

    question: str
    max_days: int
    role_dimension: str | None = None
    newly_qualified_band: str | None = None
    newly_qualified_max_days: int | None = None


@dataclass(frozen=True)
class Bank:
    key: str
    version: str
    title: str
    intro: str
    themes: tuple[Theme, ...]
    questions: tuple[Question, ...]
    demographics: tuple[Demographic, ...] = ()
    comments: tuple[CommentPrompt, ...] = ()
    supervision_standard: SupervisionStandard | None = None
    language: str = "en"
    """The language of this bank's words; ``languages[0]``, the bank's own, unless translated."""
    languages: tuple[str, ...] = ("en",)
    """Every language the bank gives its words in, its own first (``[bank] languages``)."""
    translations: Mapping[str, Bank] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False, repr=False
    )
    """The whole bank in each of its other languages: the same keys, kinds, pages and scores."""

    def in_language(self, language: str) -> Bank:
        """This bank with its words in ``language`` (its own if it has none in that language).

        Only words change: every key, option key, value and page is the same, so an answer
        given in one language counts with the same answer given in another. A bank as a wave
        asks it (``as_asked``) keeps to its questions and themes in every language."""
        translated = self.translations.get(language)
        if translated is None or language == self.language:
            return self
        asked = {q.key for q in self.questions}
        themes = {t.key for t in self.themes}
        return replace(
            translated,
            questions=tuple(q for q in translated.questions if q.key in asked),
            themes=tuple(t for t in translated.themes if t.key in themes),
            translations=self.translations,
        )

    def question(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    def questions_on_page(self, page: int) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.page == page)

    @property
    def pages(self) -> tuple[int, ...]:
        """Every page number any question, band question or comment prompt names."""
        named = [q.page for q in self.questions]
        named += [d.page for d in self.demographics if d.page]
        named += [c.page for c in self.comments if c.page]
        return tuple(sorted(set(named)))

    def demographics_on_page(self, page: int) -> tuple[Demographic, ...]:
        last = self.pages[-1]
        return tuple(d for d in self.demographics if (d.page or last) == page)

    def comments_on_page(self, page: int) -> tuple[CommentPrompt, ...]:
        last = self.pages[-1]
        return tuple(c for c in self.comments if (c.page or last) == page)

    def theme_questions(self, theme: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.theme == theme)

    @property
    def follow_up_themes(self) -> tuple[str, ...]:
        """Themes asked only after the first wave ("did it work?")."""
        return tuple(
            t.key
            for t in self.themes
            if (asked := self.theme_questions(t.key)) and all(q.is_after_first_wave for q in asked)
        )

    def as_asked(self, asks_follow_up: bool) -> Bank:
        """The bank as one wave asks it: a first wave leaves out the questions asked only after
        the first, and the themes made of them (the loader keeps such themes apart), so its
        pages, plan and results have no trace of them."""
        if asks_follow_up or not any(q.is_after_first_wave for q in self.questions):
            return self
        later = {q.theme for q in self.questions if q.is_after_first_wave}
        return replace(
            self,
            questions=tuple(q for q in self.questions if not q.is_after_first_wave),
            themes=tuple(t for t in self.themes if t.key not in later),
        )
