from surveyapp.domain.banks import PREFER_NOT_TO_SAY, QuestionKind, answer_time, load_bank
from surveyapp.paths import SURVEYS

BANK = load_bank(SURVEYS / "social-work-pulse.toml")


def test_is_a_short_pulse_of_16_to_20_items_on_short_pages() -> None:
    """A phone page holds about four screens: at most five questions, or the recommend item
    and the "about you" bands with two more, and the comments on a page of their own."""
    assert 16 <= len(BANK.questions) <= 20
    assert BANK.pages == (1, 2, 3, 4, 5, 6)
    for number in BANK.pages:
        asked = len(BANK.questions_on_page(number)) + len(BANK.demographics_on_page(number))
        assert asked <= 5, number
    assert BANK.comments_on_page(6) == BANK.comments and not BANK.questions_on_page(6)


def test_answer_time_is_counted_from_the_questions() -> None:
    time = answer_time(BANK)
    asked = len(BANK.questions) + len(BANK.demographics)
    assert time.least_minutes == -(-asked * 10 // 60)
    assert time.most_minutes == -(-(asked * 10 + 60 * len(BANK.comments)) // 60)
    assert (time.least_minutes, time.most_minutes) == (4, 6)


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


def test_did_it_work_is_asked_in_every_wave_after_the_first_as_a_theme_of_its_own() -> None:
    question = BANK.question("change_seen_since_last_v1")
    assert question.is_after_first_wave and question.kind is QuestionKind.AGREEMENT
    assert question.text == "Since the last survey, I have seen changes made because of it."
    assert BANK.theme_questions("change_seen") == (question,)
    first = BANK.as_asked(asks_follow_up=False)
    assert question not in first.questions and "change_seen" not in {t.key for t in first.themes}
    assert first.pages == BANK.pages
