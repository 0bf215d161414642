from surveyapp.domain.banks import PREFER_NOT_TO_SAY, QuestionKind, load_bank
from surveyapp.paths import SURVEYS

BANK = load_bank(SURVEYS / "social-work-pulse.toml")


def test_is_a_short_pulse_of_16_to_20_items_on_at_most_three_pages() -> None:
    assert 16 <= len(BANK.questions) <= 20
    assert BANK.pages == (1, 2, 3)


def test_covers_the_themes_leaders_need() -> None:
    assert {t.key for t in BANK.themes} >= {
        "morale",
        "workload",
        "supervision",
        "trust",
        "retention",
    }
    for theme in BANK.themes:
        assert BANK.theme_questions(theme.key), theme.key


def test_has_one_recommend_item_and_reverse_coded_items() -> None:
    assert [q.kind for q in BANK.questions].count(QuestionKind.RECOMMEND) == 1
    assert any(q.is_reverse_coded for q in BANK.questions)


def test_every_question_can_be_skipped() -> None:
    assert not any(q.is_required for q in BANK.questions)


def test_supervision_recency_can_be_compared_with_lga_standard_5() -> None:
    standard = BANK.supervision_standard
    assert standard is not None
    recency = BANK.question(standard.question)
    days = {o.within_days for o in recency.options}
    # weekly, fortnightly and monthly norms each fall on an option boundary
    assert {7, 14, 31} <= days
    assert standard.max_days == 31 and standard.newly_qualified_max_days == 14
    assert standard.newly_qualified_band == "newly_qualified"


def test_demographics_are_coarse_and_offer_prefer_not_to_say() -> None:
    assert {d.key for d in BANK.demographics} == {"role", "length_of_service"}
    for demographic in BANK.demographics:
        assert PREFER_NOT_TO_SAY in {b.key for b in demographic.bands}
        assert len(demographic.bands) <= 6
    role = next(d for d in BANK.demographics if d.key == "role")
    assert {b.key for b in role.bands} >= {
        "newly_qualified",
        "social_worker",
        "senior_practitioner",
        "manager",
        "other",
    }


def test_two_comment_prompts_with_a_length_limit_and_identification_warning() -> None:
    assert len(BANK.comments) == 2
    for prompt in BANK.comments:
        assert 0 < prompt.max_length <= 2000
        assert "identify" in prompt.hint
