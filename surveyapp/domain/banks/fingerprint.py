"""Wording fingerprints, so a changed wording cannot keep an old question key.

Trends compare a question key across waves; if the words behind a key changed, two different
questions would be mixed. ``surveys/wording.lock.json`` records a fingerprint per key;
``surveyapp banks check`` and the test suite fail when a bank changes the words of a recorded key.
The lock covers every language a bank is written in: the bank's own words under the key, those
of another language under ``key@language`` (``morale_valued_v1@cy``), so new Welsh words under
an old key need a new key too: Welsh and English answers to one key are counted together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from .model import Bank

LANGUAGE_MARK = "@"


def wording_fingerprints(bank: Bank) -> dict[str, str]:
    """A fingerprint of the words behind each key, in each of the bank's languages."""
    prints = _fingerprints(bank)
    for language in bank.languages[1:]:
        translated = _fingerprints(bank.in_language(language))
        prints.update(
            {f"{key}{LANGUAGE_MARK}{language}": print_ for key, print_ in translated.items()}
        )
    return prints


def _fingerprints(bank: Bank) -> dict[str, str]:
    prints = {}
    for question in bank.questions:
        words = {
            "text": question.text,
            "kind": question.kind.value,
            "reverse": question.is_reverse_coded,
            "options": [[o.key, o.label] for o in question.options],
        }
        prints[question.key] = _digest(words)
    for demographic in bank.demographics:
        prints[demographic.key] = _digest(
            {"text": demographic.text, "bands": [[b.key, b.label] for b in demographic.bands]}
        )
    for prompt in bank.comments:
        prints[prompt.key] = _digest({"text": prompt.text})
    return prints


def reworded_keys(bank: Bank, recorded: Mapping[str, str]) -> list[str]:
    """The keys of ``bank`` recorded with other words than it now gives them (each needs a new
    key); ``recorded`` is the bank's entry of the wording lock."""
    prints = wording_fingerprints(bank)
    return sorted(key for key, value in prints.items() if recorded.get(key, value) != value)


def _digest(words: object) -> str:
    canonical = json.dumps(words, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(canonical).hexdigest()[:16]
