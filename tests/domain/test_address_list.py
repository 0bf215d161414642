"""Pasted and uploaded address lists: good addresses go, problems are named by line."""

from surveyapp.domain.address_list import MAX_ADDRESSES, parse_address_list


def test_one_a_line_with_problems_by_line_number() -> None:
    parsed = parse_address_list(
        "sam@example.org\n\nnot an address\n  Lee@Example.ORG  \nsam@example.org\n"
    )
    assert [(a.line, a.address) for a in parsed.addresses] == [
        (1, "sam@example.org"),
        (4, "Lee@example.org"),
    ]
    assert [(p.line, p.text, p.problem) for p in parsed.problems] == [
        (3, "not an address", "is not an email address"),
        (5, "sam@example.org", "repeats line 1: sent once"),
    ]


def test_lists_copied_from_a_mail_program() -> None:
    parsed = parse_address_list('"Sam Jones" <sam@example.org>; lee@example.org, ,\nbad@')
    assert [a.address for a in parsed.addresses] == ["sam@example.org", "lee@example.org"]
    assert [(p.line, p.text) for p in parsed.problems] == [(2, "bad@")]


def test_a_repeat_differing_only_in_case_is_sent_once() -> None:
    parsed = parse_address_list("Sam@example.org\nsam@EXAMPLE.org")
    assert len(parsed.addresses) == 1
    assert parsed.problems[0].problem == "repeats line 1: sent once"


def test_a_csv_header_is_skipped_not_reported() -> None:
    parsed = parse_address_list("email\nsam@example.org\r\n")
    assert [a.address for a in parsed.addresses] == ["sam@example.org"]
    assert parsed.problems == ()


def test_a_list_over_the_limit_says_so() -> None:
    text = "\n".join(f"person{i}@example.org" for i in range(MAX_ADDRESSES + 1))
    parsed = parse_address_list(text)
    assert parsed.is_too_long
    assert not parse_address_list(text.rsplit("\n", 1)[0]).is_too_long


def test_as_text_gives_the_good_addresses_back() -> None:
    assert parse_address_list("a@example.org\nx\nb@example.org").as_text() == (
        "a@example.org\nb@example.org"
    )
