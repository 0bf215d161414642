from dataclasses import replace

from surveyapp.domain.audit_chain import chain, verify_chain

ENTRIES = [
    {"who": "a@x", "what": "sign_in"},
    {"who": "a@x", "what": "view", "unit": 3},
    {"who": "b@x", "what": "export", "unit": 4},
    {"who": "a@x", "what": "sign_out"},
]


def test_an_intact_chain_verifies() -> None:
    assert verify_chain(chain(ENTRIES)) == []


def test_an_edited_entry_is_detected() -> None:
    linked = chain(ENTRIES)
    linked[1] = replace(linked[1], fields={**linked[1].fields, "unit": 5})
    assert [p.message for p in verify_chain(linked)] == ["entry 2 was changed after it was written"]


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link() -> None:
    linked = chain(ENTRIES)
    forged = chain([{**ENTRIES[1], "unit": 5}], start=2, previous=linked[0].hash)[0]
    linked[1] = forged
    assert [p.sequence for p in verify_chain(linked)] == [3]


def test_a_deleted_entry_is_detected() -> None:
    linked = chain(ENTRIES)
    del linked[2]
    messages = [p.message for p in verify_chain(linked)]
    assert "entry 3 is missing" in messages


def test_reordered_entries_are_detected() -> None:
    linked = chain(ENTRIES)
    linked[1], linked[2] = linked[2], linked[1]
    assert verify_chain(linked)


def test_deleting_the_last_entry_is_caught_by_the_stored_head() -> None:
    linked = chain(ENTRIES)
    head = linked[-1].hash
    assert verify_chain(linked[:-1]) == [] and linked[-2].hash != head
