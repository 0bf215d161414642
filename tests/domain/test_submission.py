import pytest

from surveyapp.domain.banks import load_bank
from surveyapp.domain.submission import CheckedAnswer, SubmissionError, check_submission
from surveyapp.paths import SURVEYS

BANK = load_bank(SURVEYS / "social-work-pulse.toml")


def test_a_full_valid_submission() -> None:
    raw = {
        "morale_valued_v1": "4",
        "recommend_workplace_v1": "0",
        "supervision_last_v1": "within_2_weeks",
        "role": "prefer_not_to_say",
        "comment_keep_v1": "  Team lunches.  ",
        "comment_change_v1": "",
    }
    submission = check_submission(BANK, raw)
    assert CheckedAnswer("morale_valued_v1", value=4) in submission.answers
    assert CheckedAnswer("recommend_workplace_v1", value=0) in submission.answers
    assert CheckedAnswer("supervision_last_v1", choice="within_2_weeks") in submission.answers
    assert submission.bands == (("role", "prefer_not_to_say"),)
    assert submission.comments == (("comment_keep_v1", "Team lunches."),)


def test_everything_may_be_skipped() -> None:
    submission = check_submission(BANK, {})
    assert submission.answers == () and submission.bands == () and submission.comments == ()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("morale_valued_v1", "6", "Choose an answer from 1 to 5"),
        ("morale_valued_v1", "0", "Choose an answer from 1 to 5"),
        ("morale_valued_v1", "three", "Choose an answer from 1 to 5"),
        ("recommend_workplace_v1", "11", "Choose an answer from 0 to 10"),
        ("supervision_last_v1", "yesterday", "Choose one of the options"),
        ("role", "director", "Choose one of the options"),
        ("comment_keep_v1", "x" * 1001, "Comment must be 1000 characters or fewer (it has 1001)"),
        ("made_up_question", "1", "is not a question in this survey"),
    ],
)
def test_bad_values_are_refused_with_a_message_per_field(
    field: str, value: str, message: str
) -> None:
    with pytest.raises(SubmissionError) as error:
        check_submission(BANK, {"morale_team_support_v1": "3", field: value})
    assert error.value.errors == {field: message}
    assert message in str(error.value)


def test_required_questions_must_be_answered(tmp_path: object) -> None:
    from dataclasses import replace

    first = BANK.questions[0]
    bank = replace(BANK, questions=(replace(first, is_required=True), *BANK.questions[1:]))
    with pytest.raises(SubmissionError) as error:
        check_submission(bank, {})
    assert error.value.errors == {first.key: "Answer this question"}
