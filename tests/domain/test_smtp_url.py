import pytest

from surveyapp.domain.smtp_url import Security, parse_smtp_url


def test_the_three_kinds_of_url() -> None:
    tls = parse_smtp_url("smtps://mailer%40council.example:p%40ss@smtp.example.org")
    assert (tls.host, tls.port, tls.security) == ("smtp.example.org", 465, Security.TLS)
    assert (tls.username, tls.password) == ("mailer@council.example", "p@ss")
    starttls = parse_smtp_url("smtp://user:pw@smtp.example.org:2525?starttls=1")
    assert (starttls.port, starttls.security) == (2525, Security.STARTTLS)
    relay = parse_smtp_url("smtp://localhost")
    assert (relay.port, relay.security, relay.username, relay.is_local) == (
        25,
        Security.NONE,
        None,
        True,
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://user:secret@host", "smtp:// or smtps://"),
        ("smtp://user:secret@", "no host"),
        ("smtp://user:secret@host:99999", "port"),
        ("smtp://user:secret@host?tls=1", "unknown option 'tls'"),
        ("smtps://user:secret@host?starttls=1", "TLS already"),
        ("smtp://user:secret@host?starttls=maybe", "starttls must be 1 or 0"),
    ],
)
def test_a_wrong_url_is_refused_without_repeating_the_password(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as refused:
        parse_smtp_url(url)
    assert "secret" not in str(refused.value)


def test_the_password_stays_out_of_the_repr() -> None:
    assert "secret" not in repr(parse_smtp_url("smtps://user:secret@host"))
