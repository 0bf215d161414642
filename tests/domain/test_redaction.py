from pathlib import Path

from surveyapp.domain.redaction import Redactor, names_from_text, redactor_from_file


def test_emails_phones_and_listed_names_are_removed() -> None:
    redact = Redactor(["Sam Patel", "Jo"])
    text = "Ask sam patel (sam.patel@council.gov.uk, 07700 900123) or JO; Jonathan is fine."
    assert redact(text) == (
        "Ask [name removed] ([email removed], [phone number removed]) or [name removed];"
        " Jonathan is fine."
    )


def test_landlines_and_international_numbers() -> None:
    redact = Redactor()
    assert redact("Call 0161 496 0000 or +44 20 7946 0958.") == (
        "Call [phone number removed] or [phone number removed]."
    )
    assert (
        redact("We had 15 cases and 3 visits in 2025.") == "We had 15 cases and 3 visits in 2025."
    )


def test_names_file() -> None:
    assert names_from_text("# staff names\nSam Patel\n\n Jo \n") == ["Sam Patel", "Jo"]
    assert Redactor([" ", "x"])("x marks") == "x marks"


def test_names_come_from_a_file_when_there_is_one(tmp_path: Path) -> None:
    names = tmp_path / "redact-names.txt"
    assert redactor_from_file(names)("Ask Sam Patel") == "Ask Sam Patel"
    names.write_text("# staff\nSam Patel\n", encoding="utf-8")
    assert redactor_from_file(names)("Ask Sam Patel") == "Ask [name removed]"
