"""The fixed-width plaintext of one sealed response, frozen per wave.

A response is encoded as its unit id (4 bytes, little-endian) and then one byte per field, in
the layout's order: first each demographic band question, then each question. A byte is 0 when
the field was not answered, else the position of the answer among the field's values, plus one
(so agreement answers 1-5 are stored as they are, and 0-10 scales as value + 1). Every response
of a wave therefore has the same length, whatever was answered, and counting is a matter of
reading columns (``counting``).

The layout is taken from the bank when a wave's first response is sealed and stored with the
wave: a bank edited later cannot shift the columns of responses already sealed.
"""

from __future__ import annotations

import enum
import hashlib
import json
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.submission import CheckedAnswer, Submission

FORMAT = 1
UNIT = struct.Struct("<I")
MAX_VALUES = 255


class FieldKind(enum.StrEnum):
    BAND = "band"
    SCALE = "scale"
    """An integer answer (``Answer.value`` in the old tables): agreement 1-5, recommend 0-10."""
    CHOICE = "choice"


class LayoutError(ValueError):
    """An answer that the wave's layout has no column or code for."""


@dataclass(frozen=True)
class Field:
    key: str
    kind: FieldKind
    values: tuple[str, ...]

    def __post_init__(self) -> None:
        if not 0 < len(self.values) <= MAX_VALUES:
            raise LayoutError(f"{self.key}: a field holds 1 to {MAX_VALUES} values")

    @cached_property
    def codes(self) -> dict[str, int]:
        return {value: code for code, value in enumerate(self.values, start=1)}

    def code(self, value: str) -> int:
        try:
            return self.codes[value]
        except KeyError:
            raise LayoutError(f"{self.key}: {value!r} is not one of its answers") from None


@dataclass(frozen=True)
class DecodedResponse:
    """One response read back: only ever held in memory (migrations, tests)."""

    unit_id: int
    bands: dict[str, str]
    answers: dict[str, int | str]


@dataclass(frozen=True)
class Layout:
    bands: tuple[Field, ...]
    questions: tuple[Field, ...]
    prompts: tuple[str, ...] = ()
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = [f.key for f in self.fields]
        if len(set(keys)) != len(keys) or len(set(self.prompts)) != len(self.prompts):
            raise LayoutError("a layout names each field and prompt once")
        if len(self.prompts) > MAX_VALUES:
            raise LayoutError(f"a layout holds at most {MAX_VALUES} comment prompts")
        self._index.update({key: position for position, key in enumerate(keys)})

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.bands + self.questions

    @property
    def width(self) -> int:
        """Bytes in every response's plaintext."""
        return UNIT.size + len(self.bands) + len(self.questions)

    def position(self, key: str) -> int:
        """The column of a field among ``fields``."""
        return self._index[key]

    def prompt_code(self, prompt: str) -> int:
        try:
            return self.prompts.index(prompt)
        except ValueError:
            raise LayoutError(f"{prompt!r} is not a comment prompt of this wave") from None

    def encode(self, unit_id: int, submission: Submission) -> bytes:
        return self.encode_fields(
            unit_id,
            dict(submission.bands),
            {answer.question_key: _answer_text(answer) for answer in submission.answers},
        )

    def encode_fields(
        self, unit_id: int, bands: Mapping[str, str], answers: Mapping[str, str]
    ) -> bytes:
        """Bands by dimension and answers by question key, as text (``"4"``, ``"monthly"``)."""
        codes = bytearray(len(self.bands) + len(self.questions))
        for dimension, band in bands.items():
            position = self._known(dimension, FieldKind.BAND)
            codes[position] = self.fields[position].code(band)
        for key, answer in answers.items():
            position = self._known(key, None)
            codes[position] = self.fields[position].code(answer)
        return UNIT.pack(unit_id) + bytes(codes)

    def decode(self, plaintext: bytes) -> DecodedResponse:
        if len(plaintext) != self.width:
            raise LayoutError(f"a response of this wave has {self.width} bytes")
        (unit_id,) = UNIT.unpack_from(plaintext)
        bands: dict[str, str] = {}
        answers: dict[str, int | str] = {}
        for code, column in zip(plaintext[UNIT.size :], self.fields, strict=True):
            if code == 0:
                continue
            value = column.values[code - 1]
            if column.kind is FieldKind.BAND:
                bands[column.key] = value
            else:
                answers[column.key] = int(value) if column.kind is FieldKind.SCALE else value
        return DecodedResponse(unit_id, bands, answers)

    def _known(self, key: str, kind: FieldKind | None) -> int:
        position = self._index.get(key)
        if position is None or (kind is not None and self.fields[position].kind is not kind):
            raise LayoutError(f"{key!r} is not a field of this wave's responses")
        if kind is None and self.fields[position].kind is FieldKind.BAND:
            raise LayoutError(f"{key!r} is a band, not a question")
        return position

    def widened(
        self,
        values: Mapping[tuple[FieldKind, str], Iterable[str]],
        prompts: Iterable[str] = (),
    ) -> Layout:
        """This layout with more values, fields and prompts appended (never reordered).

        For sealing stored answers that a bank edited since no longer lists.
        """
        extended: dict[tuple[FieldKind, str], list[str]] = {}
        for column in self.fields:
            extended[(column.kind, column.key)] = list(column.values)
        for (kind, key), found in values.items():
            known = extended.setdefault((kind, key), [])
            known.extend(sorted(set(found) - set(known), key=_value_order))
        columns = [Field(key, kind, tuple(vals)) for (kind, key), vals in extended.items()]
        return Layout(
            tuple(c for c in columns if c.kind is FieldKind.BAND),
            tuple(c for c in columns if c.kind is not FieldKind.BAND),
            self.prompts + tuple(sorted(set(prompts) - set(self.prompts))),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "bands": [[f.key, list(f.values)] for f in self.bands],
                "questions": [[f.key, f.kind.value, list(f.values)] for f in self.questions],
                "prompts": list(self.prompts),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Layout:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise LayoutError(f"unknown layout format {data.get('format')!r}")
        return cls(
            tuple(Field(key, FieldKind.BAND, tuple(values)) for key, values in data["bands"]),
            tuple(
                Field(key, FieldKind(kind), tuple(values))
                for key, kind, values in data["questions"]
            ),
            tuple(data["prompts"]),
        )

    @cached_property
    def digest(self) -> bytes:
        """Bound into every record's authenticated data: a record only opens under its layout."""
        return hashlib.sha256(self.to_json().encode()).digest()


def layout_of(bank: Bank) -> Layout:
    """The layout a wave of this bank seals its responses with."""
    questions = []
    for question in bank.questions:
        if question.kind is QuestionKind.CHOICE:
            questions.append(
                Field(question.key, FieldKind.CHOICE, tuple(o.key for o in question.options))
            )
        else:
            questions.append(
                Field(question.key, FieldKind.SCALE, tuple(str(v) for v in question.values))
            )
    bands = [Field(d.key, FieldKind.BAND, tuple(b.key for b in d.bands)) for d in bank.demographics]
    return Layout(
        tuple(bands),
        tuple(questions),
        tuple(prompt.key for prompt in bank.comments),
    )


def _answer_text(answer: CheckedAnswer) -> str:
    return str(answer.value) if answer.choice is None else answer.choice


def _value_order(value: str) -> tuple[int, int | str]:
    return (0, int(value)) if value.isdigit() else (1, value)
