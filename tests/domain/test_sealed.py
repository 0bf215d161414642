"""Sealed records: the fixed-width layout, the cipher, comment buckets, and counting columns."""

from __future__ import annotations

import struct
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveyapp.domain.banks import load_banks
from surveyapp.domain.sealed import (
    AnswerCipher,
    FieldKind,
    Layout,
    LayoutError,
    OpenedResponses,
    SealError,
    associated_data,
    decode_comment,
    encode_comment,
    layout_of,
    new_key,
)
from surveyapp.domain.sealed.comments import BUCKETS
from surveyapp.domain.sealed.layout import Field
from surveyapp.domain.submission import CheckedAnswer, Submission, check_submission

BANK = load_banks(Path(__file__).resolve().parents[2] / "surveys")["social-work-pulse"]
LAYOUT = layout_of(BANK)
OLD_KEY, NEW_KEY = new_key(), new_key()
OLD, NEW = AnswerCipher.from_config([OLD_KEY]), AnswerCipher.from_config([NEW_KEY])


def test_every_response_of_a_layout_has_the_same_width_whatever_was_answered() -> None:
    everything = {q.key: (q.options[0].key if q.options else "3") for q in BANK.questions}
    nothing = check_submission(BANK, {})
    full = check_submission(BANK, {**everything, "role": "manager"})
    widths = {len(LAYOUT.encode(unit, s)) for unit in (1, 70_000) for s in (nothing, full)}
    assert widths == {LAYOUT.width} == {4 + len(BANK.demographics) + len(BANK.questions)}


def test_answers_are_stored_as_their_codes_and_read_back() -> None:
    submission = check_submission(
        BANK,
        {
            "morale_valued_v1": "4",
            "recommend_workplace_v1": "0",
            "supervision_last_v1": "within_2_months",
            "role": "prefer_not_to_say",
        },
    )
    plaintext = LAYOUT.encode(321, submission)
    codes = dict(zip((f.key for f in LAYOUT.fields), plaintext[4:], strict=True))
    assert codes["morale_valued_v1"] == 4, "agreement 1-5 is stored as it is"
    assert codes["recommend_workplace_v1"] == 1, "a 0-10 scale is stored as value + 1"
    assert codes["morale_drained_v1"] == 0, "skipped"
    decoded = LAYOUT.decode(plaintext)
    assert decoded.unit_id == 321
    assert decoded.bands == {"role": "prefer_not_to_say"}
    assert decoded.answers == {
        "morale_valued_v1": 4,
        "recommend_workplace_v1": 0,
        "supervision_last_v1": "within_2_months",
    }


def test_an_answer_the_layout_has_no_code_for_is_refused() -> None:
    for submission in (
        Submission((CheckedAnswer("not_asked_v1", value=3),)),
        Submission((CheckedAnswer("supervision_last_v1", choice="yesterday"),)),
        Submission((), bands=(("role", "astronaut"),)),
        Submission((), bands=(("morale_valued_v1", "4"),)),
    ):
        with pytest.raises(LayoutError):
            LAYOUT.encode(1, submission)


def test_a_widened_layout_keeps_every_column_in_place_and_round_trips_as_json() -> None:
    wider = LAYOUT.widened(
        {
            (FieldKind.CHOICE, "supervision_last_v1"): {"yesterday", "within_2_months"},
            (FieldKind.SCALE, "morale_old_v0"): {"2", "10"},
            (FieldKind.BAND, "grade"): {"b"},
        },
        {"comment_old_v0"},
    )
    assert wider.fields[: len(LAYOUT.bands)] == LAYOUT.bands
    for old in LAYOUT.fields:
        position = wider.position(old.key)
        assert wider.fields[position].values[: len(old.values)] == old.values
    assert wider.fields[wider.position("morale_old_v0")].values == ("2", "10")
    assert wider.prompts == (*LAYOUT.prompts, "comment_old_v0")
    assert Layout.from_json(wider.to_json()) == wider
    assert wider.digest != LAYOUT.digest


def test_a_record_opens_only_in_its_own_wave_layout_and_untampered() -> None:
    aad = associated_data("response", 7, LAYOUT.digest)
    record = OLD.seal(b"plain", aad)
    assert OLD.open(record, aad) == b"plain"
    assert OLD.seal(b"plain", aad) != record, "fresh nonces: no two sealings match"
    for wrong in (
        associated_data("response", 8, LAYOUT.digest),
        associated_data("comment", 7, LAYOUT.digest),
        associated_data("response", 7, bytes(32)),
    ):
        with pytest.raises(SealError):
            OLD.open(record, wrong)
    tampered = record[:-1] + bytes([record[-1] ^ 1])
    with pytest.raises(SealError):
        OLD.open(tampered, aad)
    with pytest.raises(SealError, match="no configured key has id"):
        NEW.open(record, aad)


def test_rotation_keeps_old_records_readable_while_the_old_key_is_listed() -> None:
    aad = associated_data("comment", 1, LAYOUT.digest)
    old_records = [OLD.seal(bytes([n]) * 3, aad) for n in range(5)]
    both = AnswerCipher.from_config([NEW_KEY, OLD_KEY])
    mixed = [*old_records, both.seal(b"new", aad)]
    assert both.open_all(mixed, aad) == [bytes([n]) * 3 for n in range(5)] + [b"new"]
    joined = b"".join([*old_records, both.seal(b"new", aad)])
    assert both.open_joined(joined, len(old_records[0]), aad) == b"".join(
        [*(bytes([n]) * 3 for n in range(5)), b"new"]
    )
    with pytest.raises(SealError, match="do not make up"):
        both.open_joined(joined[:-1], len(old_records[0]), aad)
    with pytest.raises(SealError, match="no configured key"):
        NEW.open_joined(joined, len(old_records[0]), aad)
    resealed = [both.reseal(record, aad) for record in old_records]
    assert {record[:4] for record in resealed} == {NEW.newest_key_id}
    assert NEW.open_all(resealed, aad) == [bytes([n]) * 3 for n in range(5)]


def test_comments_are_padded_to_a_few_bucket_sizes() -> None:
    sizes = {len(encode_comment(9, 1, "é" * n)) for n in (0, 1, 200, 251, 252, 1000, 2000)}
    assert sizes <= set(BUCKETS)
    assert len(encode_comment(9, 1, "x" * 2000 * 4)) == BUCKETS[-1]
    decoded = decode_comment(encode_comment(65_000, 2, "Café ☕ with the team"))
    assert (decoded.unit_id, decoded.prompt, decoded.text) == (65_000, 2, "Café ☕ with the team")
    with pytest.raises(ValueError, match="longer than any bucket"):
        encode_comment(1, 0, "x" * BUCKETS[-1])


people = st.lists(
    st.tuples(
        st.sampled_from([3, 5, 7, 1000]),
        st.dictionaries(
            st.sampled_from([q.key for q in BANK.questions]), st.integers(0, 100), max_size=8
        ),
        st.one_of(st.none(), st.integers(0, 5)),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(people)
def test_counting_columns_gives_what_counting_one_by_one_gives(
    drawn: list[tuple[int, dict[str, int], int | None]],
) -> None:
    submissions = []
    for unit, picks, role in drawn:
        answers = []
        for key, pick in picks.items():
            question = BANK.question(key)
            if question.options:
                answers.append(
                    CheckedAnswer(key, choice=question.options[pick % len(question.options)].key)
                )
            else:
                answers.append(
                    CheckedAnswer(key, value=question.values[pick % len(question.values)])
                )
        bands = () if role is None else (("role", BANK.demographics[0].bands[role].key),)
        submissions.append((unit, Submission(tuple(answers), bands)))
    opened = OpenedResponses([LAYOUT.encode(u, s) for u, s in submissions], LAYOUT)

    expected: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    crossed: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for unit, submission in submissions:
        for a in submission.answers:
            text = a.choice if a.choice is not None else str(a.value)
            expected[(unit, a.question_key)][text] += 1
            if submission.bands and a.question_key == "supervision_last_v1":
                crossed[(unit, submission.bands[0][1])][text] += 1
    assert opened.per_unit() == dict(Counter(unit for unit, _ in submissions))
    assert opened.field_counts([q.key for q in BANK.questions]) == {
        key: dict(counts) for key, counts in expected.items()
    }
    assert opened.crossed("role", "supervision_last_v1") == {
        key: dict(counts) for key, counts in crossed.items()
    }


@pytest.mark.parametrize("offset", [0, 1 << 22, (1 << 32) - 40])
def test_responses_are_counted_by_unit_whatever_the_unit_ids(offset: int) -> None:
    """Small ids are numbered through a flag per id, large ones by sorting: the same counts."""
    layout = Layout((), (Field("q", FieldKind.CHOICE, ("a", "b")),))
    units = [offset + u for u in (7, 3, 7, 30, 3, 7)]
    opened = OpenedResponses(
        [struct.pack("<I", u) + bytes([1 + i % 2]) for i, u in enumerate(units)], layout
    )
    assert opened.per_unit() == {offset + 3: 2, offset + 7: 3, offset + 30: 1}
    assert opened.field_counts(["q"]) == {
        (offset + 3, "q"): {"b": 1, "a": 1},
        (offset + 7, "q"): {"a": 2, "b": 1},
        (offset + 30, "q"): {"b": 1},
    }
