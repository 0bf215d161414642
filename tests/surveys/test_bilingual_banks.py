"""A bank in English and Welsh: every word in both, checked by ``surveyapp banks check``, and
the wording lock covering the Welsh words too."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner

from surveyapp.domain.banks import load_bank
from surveyapp.paths import SURVEYS

PULSE = SURVEYS / "social-work-pulse.toml"
NEVER_HAD_SUPERVISION = (
    '{ key = "never", label = { en = "I have not had formal supervision here", '
    'cy = "Nid wyf wedi cael goruchwyliaeth ffurfiol yma" } }'
)


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = PULSE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    edited = tmp_path / PULSE.name
    edited.write_text(text.replace(old, new), encoding="utf-8")
    return edited


def test_the_pulse_is_in_english_and_welsh_with_the_same_keys() -> None:
    bank = load_bank(PULSE)
    welsh = bank.in_language("cy")
    assert bank.languages == ("en", "cy") and welsh.language == "cy"
    assert welsh.question("morale_valued_v1").text.startswith("Rwy’n teimlo")

    def shape(b: object) -> object:
        return [
            (q.key, q.kind, q.page, q.theme, q.is_reverse_coded, [o.key for o in q.options])
            for q in b.questions  # type: ignore[attr-defined]
        ]

    assert shape(welsh) == shape(bank)
    assert [t.key for t in welsh.themes] == [t.key for t in bank.themes]
    assert welsh.in_language("en") == bank


def test_banks_check_names_a_missing_welsh_option(runner: FlaskCliRunner, tmp_path: Path) -> None:
    edited = _edited(
        tmp_path,
        NEVER_HAD_SUPERVISION,
        '{ key = "never", label = { en = "I have not had formal supervision here" } }',
    )
    result = runner.invoke(args=["banks", "check", str(edited)])
    assert result.exit_code == 1
    assert (
        "Error: social-work-pulse.toml: questions[6].options[6].label.cy: the 'cy' text of"
        " supervision_last_v1 > never is missing"
    ) in result.output


def test_banks_check_wants_each_word_in_every_language(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    edited = _edited(
        tmp_path,
        'text.cy = "Mae’r bobl yn fy nhîm yn cefnogi ei gilydd."\n',
        "",
    )
    result = runner.invoke(args=["banks", "check", str(edited)])
    assert result.exit_code == 1
    assert "questions[2].text.cy: the 'cy' text of morale_team_support_v1 is missing" in (
        result.output
    )


def test_banks_check_refuses_new_welsh_words_under_a_recorded_key(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    edited = _edited(
        tmp_path,
        "Nid wyf wedi cael goruchwyliaeth ffurfiol yma",
        "Dim goruchwyliaeth ffurfiol yma",
    )
    result = runner.invoke(args=["banks", "check", str(edited)])
    assert result.exit_code == 1
    assert "the words of supervision_last_v1 (in cy) changed; give each a new key" in result.output


def test_banks_check_says_the_languages(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["banks", "check"])
    assert result.exit_code == 0
    assert "social-work-pulse.toml: Social work pulse v2026.1, 19 questions, in en and cy" in (
        result.output
    )
