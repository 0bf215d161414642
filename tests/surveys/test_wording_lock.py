"""A question key always means the same words, so trends never mix two wordings."""

import json
from dataclasses import replace

from surveyapp.domain.banks import load_banks, wording_fingerprints
from surveyapp.paths import SURVEYS

LOCK = json.loads((SURVEYS / "wording.lock.json").read_text())


def changed_keys(bank_key: str, prints: dict[str, str]) -> list[str]:
    recorded = LOCK.get(bank_key, {})
    return sorted(
        key for key, value in prints.items() if key in recorded and recorded[key] != value
    )


def test_no_recorded_key_has_new_words() -> None:
    for key, bank in load_banks(SURVEYS).items():
        changed = changed_keys(key, wording_fingerprints(bank))
        assert not changed, (
            f"{key}: the words of {', '.join(changed)} changed; give each a new key (e.g. _v2)"
            " so trends do not mix wordings, then record it in surveys/wording.lock.json"
        )


def test_every_key_of_every_bank_is_recorded() -> None:
    for key, bank in load_banks(SURVEYS).items():
        missing = set(wording_fingerprints(bank)) - set(LOCK.get(key, {}))
        assert not missing, f"{key}: record {sorted(missing)} in surveys/wording.lock.json"


def test_a_rewording_is_noticed() -> None:
    bank = load_banks(SURVEYS)["social-work-pulse"]
    first = bank.questions[0]
    reworded = replace(bank, questions=(replace(first, text=first.text + "!"), *bank.questions[1:]))
    assert changed_keys(bank.key, wording_fingerprints(reworded)) == [first.key]
