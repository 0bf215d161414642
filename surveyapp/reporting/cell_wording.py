"""What a plan's measure names mean, in the words of the question bank.

A plan names its cells by machine keys (``question:morale_valued_v1``, answer ``4``); a reader of
an export needs the theme, the question as it was asked and the answer as it was offered (in
the bank's language; the measure names are the domain's ``words``, shown in the reader's).
"""

from __future__ import annotations

from dataclasses import dataclass

from surveyapp.domain.banks import AGREEMENT_LABELS, Bank, Question, QuestionKind
from surveyapp.domain.disclosure import measures
from surveyapp.domain.wording import words

MEASURE_NAMES = {
    measures.RESPONSES: words("Responses"),
    measures.THEME: words("Theme score"),
    measures.QUESTION: words("Question"),
    measures.COMMENTS: words("Comments"),
    measures.BAND: words("People in a group"),
    measures.BAND_QUESTION: words("Question, within a group"),
}
KINDS = tuple(MEASURE_NAMES)
"""The order an export lists a unit's measures in."""


@dataclass(frozen=True)
class Wording:
    """A measure in words, and where it sorts among a unit's measures."""

    measure: str
    theme: str = ""
    question: str = ""
    group: str = ""
    question_key: str = ""
    order: tuple[int, ...] = ()


class BankWording:
    """Looks up measure names and answer codes in one question bank."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._themes = {t.key: (i, t.title) for i, t in enumerate(bank.themes)}
        self._questions = {q.key: (i, q) for i, q in enumerate(bank.questions)}
        self._prompts = {c.key: (i, c.text) for i, c in enumerate(bank.comments)}
        self._bands = {
            (d.key, b.key): (i, j, d.text, b.label)
            for i, d in enumerate(bank.demographics)
            for j, b in enumerate(d.bands)
        }

    def question(self, key: str) -> Question | None:
        found = self._questions.get(key)
        return found[1] if found else None

    def of(self, measure_id: str) -> Wording:
        kind, _, rest = measure_id.partition(":")
        name = MEASURE_NAMES.get(kind, measure_id)
        rank = KINDS.index(kind) if kind in KINDS else len(KINDS)
        if kind == measures.THEME and rest in self._themes:
            i, title = self._themes[rest]
            return Wording(name, theme=title, order=(rank, i))
        if kind == measures.QUESTION:
            return self._question(name, rank, rest)
        if kind == measures.COMMENTS and rest in self._prompts:
            i, text = self._prompts[rest]
            return Wording(name, question=text, order=(rank, i))
        if kind == measures.BAND:
            dimension, _, band = rest.partition(":")
            if (dimension, band) in self._bands:
                i, j, text, label = self._bands[dimension, band]
                return Wording(name, question=text, group=label, order=(rank, i, j))
        if kind == measures.BAND_QUESTION:
            dimension, _, tail = rest.partition(":")
            band, _, key = tail.rpartition(":")
            if (dimension, band) in self._bands:
                i, j, _, label = self._bands[dimension, band]
                found = self._question(name, rank, key)
                return Wording(
                    name, found.theme, found.question, label, key, (rank, i, j, *found.order[1:])
                )
        return Wording(name, order=(rank, len(self._questions)))

    def _question(self, name: str, rank: int, key: str) -> Wording:
        found = self._questions.get(key)
        if found is None:
            return Wording(name, question_key=key, order=(rank, len(self._questions)))
        i, question = found
        theme = self._themes[question.theme][1] if question.theme in self._themes else ""
        return Wording(name, theme=theme, question=question.text, question_key=key, order=(rank, i))

    def answer(self, question_key: str, code: str) -> tuple[int, str]:
        """An answer code's place among the options and the label it was offered with."""
        question = self.question(question_key)
        if question is None:
            return (0, code)
        if question.kind is QuestionKind.AGREEMENT and code.isdigit():
            value = int(code)
            if 1 <= value <= len(AGREEMENT_LABELS):
                return (value, AGREEMENT_LABELS[value - 1])
        if question.kind is QuestionKind.RECOMMEND and code.isdigit():
            return (int(code), _recommend_label(int(code)))
        for i, option in enumerate(question.options):
            if option.key == code:
                return (i, option.label)
        return (len(question.options), code)


def _recommend_label(value: int) -> str:
    if value >= 9:
        return words("%(value)s (promoter)", value=value)
    if value >= 7:
        return words("%(value)s (passive)", value=value)
    return words("%(value)s (detractor)", value=value)
