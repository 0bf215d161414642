"""A question key always means the same words, so trends never mix two wordings."""

import json
from dataclasses import replace

from surveyapp.domain.banks import load_banks, reworded_keys, wording_fingerprints
from surveyapp.paths import SURVEYS, WORDING_LOCK

LOCK = json.loads(WORDING_LOCK.read_text())


def test_no_recorded_key_has_new_words() -> None:
    for key, bank in load_banks(SURVEYS).items():
        changed = reworded_keys(bank, LOCK.get(key, {}))
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
    assert reworded_keys(reworded, LOCK[bank.key]) == [first.key]
    assert reworded_keys(reworded, {}) == []  # a key not recorded yet has no old words
