"""Every kind of mistake a bank editor can make gives one line naming the file and the field."""

from pathlib import Path

import pytest

from surveyapp.domain.banks import BankError, load_bank, load_banks
from surveyapp.paths import SURVEYS

GOOD = """
[bank]
key = "mini"
version = "1"
title = "Mini"

[[themes]]
key = "morale"
title = "Morale"

[[questions]]
key = "q1"
kind = "agreement"
theme = "morale"
page = 1
text = "I like it here."

[[questions]]
key = "q2"
kind = "choice"
page = 1
text = "When?"
options = [{ key = "soon", label = "Soon", within_days = 7 }, { key = "later", label = "Later" }]

[[demographics]]
key = "role"
text = "Role?"
bands = [{ key = "a", label = "A" }, { key = "prefer_not_to_say", label = "Prefer not to say" }]

[[comments]]
key = "c1"
text = "Anything else?"
max_length = 500

[supervision_standard]
question = "q2"
max_days = 31
role_dimension = "role"
newly_qualified_band = "a"
newly_qualified_max_days = 14
"""


def write(tmp_path: Path, text: str, name: str = "mini.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_good_bank_loads(tmp_path: Path) -> None:
    bank = load_bank(write(tmp_path, GOOD))
    assert bank.key == "mini" and len(bank.questions) == 2
    assert bank.question("q2").option("soon").within_days == 7  # type: ignore[union-attr]
    assert bank.question("q2").option("later").within_days is None  # type: ignore[union-attr]
    assert load_banks(tmp_path) == {"mini": bank}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "Mini"', 'title = "Mini', r"^mini.toml: not valid TOML"),
        ('version = "1"\n', "", r"^mini.toml: bank.version: is required$"),
        ('title = "Mini"', 'title = "  "', r"^mini.toml: bank.title: must not be empty$"),
        ('version = "1"', "version = 1", r"^mini.toml: bank.version: must be text$"),
        ('title = "Mini"', 'title = "Mini"\ncolour = "red"', r"bank.colour: is not a known field"),
        ('kind = "agreement"', 'kind = "likert"', r"questions\[0\].kind: 'likert' is not one of"),
        (
            'page = 1\ntext = "I like',
            'page = 9\ntext = "I like',
            r"questions\[0\].page: must be between 1 and 8$",
        ),
        (
            'page = 1\ntext = "I like',
            'page = true\ntext = "I like',
            r"questions\[0\].page: must be a whole number$",
        ),
        ('theme = "morale"', 'theme = "moral"', r"questions\[0\].theme: unknown theme 'moral'"),
        ('key = "q2"', 'key = "q1"', r"mini.toml: questions: key 'q1' is used twice"),
        ('key = "q1"', 'key = "Q 1"', r"questions\[0\].key: 'Q 1' is not a valid key"),
        (
            'kind = "agreement"',
            'kind = "agreement"\nreverse_coded = "yes"',
            r"questions\[0\].reverse_coded: must be true or false",
        ),
        (
            'kind = "choice"',
            'kind = "choice"\nreverse_coded = true',
            r"questions\[1\].reverse_coded: only agreement questions can be reverse coded",
        ),
        (
            'options = [{ key = "soon", label = "Soon", within_days = 7 }, '
            '{ key = "later", label = "Later" }]',
            "options = []",
            r"questions\[1\].options: must list at least one option",
        ),
        (
            'label = "Later" }',
            'label = "Later" }, { key = "soon", label = "Again" }',
            r"questions\[1\].options: key 'soon' is used twice",
        ),
        (
            "within_days = 7",
            "within_days = -7",
            r"questions\[1\].options\[0\].within_days: must not be negative",
        ),
        (
            '{ key = "prefer_not_to_say", label = "Prefer not to say" }',
            '{ key = "b", label = "B" }',
            r"demographics\[0\].bands: must include a 'prefer_not_to_say' band",
        ),
        (
            "max_length = 500",
            "max_length = 5000",
            r"comments\[0\].max_length: must be between 1 and 2000",
        ),
        (
            'question = "q2"',
            'question = "q9"',
            r"supervision_standard.question: unknown question 'q9'",
        ),
        (
            'question = "q2"',
            'question = "q1"',
            r"supervision_standard.question: must name a choice question",
        ),
        (
            'role_dimension = "role"',
            'role_dimension = "grade"',
            r"supervision_standard.role_dimension: unknown demographic 'grade'",
        ),
        (
            'newly_qualified_band = "a"',
            'newly_qualified_band = "z"',
            r"supervision_standard.newly_qualified_band: unknown band 'z'",
        ),
        ('key = "mini"', 'key = "other"', r"bank.key: 'other' must match the file name 'mini'"),
    ],
)
def test_each_mistake_names_file_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD, old
    with pytest.raises(BankError, match=message) as error:
        load_bank(write(tmp_path, GOOD.replace(old, new, 1)))
    assert "\n" not in str(error.value)


def test_agreement_question_without_theme_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BankError, match=r"questions\[0\].theme: agreement questions need a theme"):
        load_bank(write(tmp_path, GOOD.replace('theme = "morale"\n', "", 1)))


def test_themes_must_be_a_list_of_tables(tmp_path: Path) -> None:
    text = "themes = 3\n" + GOOD.replace('[[themes]]\nkey = "morale"\ntitle = "Morale"', "")
    with pytest.raises(BankError, match=r"^mini.toml: themes: must be a list of tables$"):
        load_bank(write(tmp_path, text))


def test_pages_must_not_have_gaps(tmp_path: Path) -> None:
    text = GOOD.replace('page = 1\ntext = "When', 'page = 3\ntext = "When')
    with pytest.raises(BankError, match=r"questions: pages must run 1, 2"):
        load_bank(write(tmp_path, text))


def test_missing_themes_table_is_reported(tmp_path: Path) -> None:
    start, end = GOOD.index("[[themes]]"), GOOD.index("[[questions]]")
    with pytest.raises(BankError, match=r"^mini.toml: themes: is required$"):
        load_bank(write(tmp_path, GOOD[:start] + GOOD[end:]))


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(BankError, match="^mini.toml: is not UTF-8 text$"):
        load_bank(path)


FOLLOW_UP = """
[[themes]]
key = "change"
title = "Change seen"

[[questions]]
key = "q3"
kind = "agreement"
theme = "change"
page = 1
after_first_wave = true
text = "Since the last survey, things changed."
"""


def with_follow_up(extra: str = FOLLOW_UP) -> str:
    """GOOD with a follow-up theme and question (TOML tables may come in any order)."""
    return GOOD.replace("[[demographics]]", extra.strip() + "\n\n[[demographics]]", 1)


def test_a_follow_up_question_is_left_out_of_a_first_wave_with_its_theme(
    tmp_path: Path,
) -> None:
    bank = load_bank(write(tmp_path, with_follow_up()))
    assert bank.question("q3").is_after_first_wave
    assert not bank.question("q1").is_after_first_wave
    first = bank.as_asked(asks_follow_up=False)
    assert [q.key for q in first.questions] == ["q1", "q2"]
    assert [t.key for t in first.themes] == ["morale"]
    assert bank.as_asked(asks_follow_up=True) is bank
    assert first.as_asked(asks_follow_up=False) == first


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "after_first_wave = true",
            'after_first_wave = "yes"',
            r"questions\[2\].after_first_wave: must be true or false",
        ),
        (
            'theme = "change"',
            'theme = "morale"',
            r"questions\[2\].after_first_wave: theme 'morale' mixes questions of every wave",
        ),
    ],
)
def test_follow_up_mistakes_name_the_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(BankError, match=message):
        load_bank(write(tmp_path, with_follow_up(FOLLOW_UP.replace(old, new, 1))))


def test_a_page_of_follow_up_questions_only_is_refused(tmp_path: Path) -> None:
    text = with_follow_up(FOLLOW_UP.replace("page = 1", "page = 2"))
    with pytest.raises(
        BankError, match=r"questions\[2\].after_first_wave: page 2 would be empty in a first wave"
    ):
        load_bank(write(tmp_path, text))


def test_the_supervision_standard_must_be_asked_in_every_wave(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "choice"', 'kind = "choice"\nafter_first_wave = true', 1)
    with pytest.raises(
        BankError, match=r"supervision_standard.question: must name a question every wave asks"
    ):
        load_bank(write(tmp_path, text))


def test_bands_and_comment_prompts_can_name_their_page(tmp_path: Path) -> None:
    source = (SURVEYS / "social-work-pulse.toml").read_text()
    bank = load_bank(SURVEYS / "social-work-pulse.toml")
    assert [c.page for c in bank.comments] == [6, 6]
    unplaced = source.replace('key = "comment_keep_v1"\npage = 6', 'key = "comment_keep_v1"')
    path = tmp_path / "social-work-pulse.toml"
    path.write_text(
        unplaced.replace('key = "comment_change_v1"\npage = 6', 'key = "comment_change_v1"')
    )
    moved = load_bank(path)
    assert moved.pages == (1, 2, 3, 4, 5)  # prompts with no page go on the last page
    assert moved.comments_on_page(5) == moved.comments
