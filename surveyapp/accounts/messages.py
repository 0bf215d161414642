"""A service's refusal (an ``AccountError``, a ``WeakPassword``, a ``MailUnavailable``) as a
sentence in the reader's language, for a form's error or a page's problem box."""

from __future__ import annotations

from surveyapp.languages import translated


def sentence(problem: BaseException) -> str:
    """The refusal's message (the domain's ``words``, kept in the exception's arguments: its
    ``str`` is English only), translated, with a capital letter."""
    said = str(translated(problem.args[0] if problem.args else str(problem)))
    return said[:1].upper() + said[1:]
