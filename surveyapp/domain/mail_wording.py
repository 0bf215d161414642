"""What every email says, in one place per message and language, so a translation (the Welsh
issue) adds a block of strings and touches no code.

Each message is paragraphs before the link, the link on a line of its own, and paragraphs after
it. ``{name}`` fields are filled from the values the sender gives; a paragraph whose field is
empty (a survey with no closing date, say) is left out.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

DEFAULT_LANGUAGE = "en"


class MessageKind(enum.StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"
    SET_PASSWORD = "set-password"  # noqa: S105 - a message kind, not a password


@dataclass(frozen=True)
class Wording:
    subject: str
    before_link: tuple[str, ...]
    after_link: tuple[str, ...]


WORDING: dict[str, dict[MessageKind, Wording]] = {
    "en": {
        MessageKind.INVITATION: Wording(
            subject="Your invitation: {survey}",
            before_link=(
                "You are invited to answer {survey}, the anonymous staff survey for {unit}."
                " It takes 2 to 3 minutes.",
                "This link is yours and works once. Your answers are not kept with your name,"
                " your email address or the link.",
            ),
            after_link=(
                "The survey closes at the end of {closes}.",
                "Please do not forward this email: whoever opens the link first answers in your"
                " place.",
            ),
        ),
        MessageKind.REMINDER: Wording(
            subject="Reminder: {survey}",
            before_link=(
                "If you have already answered {survey}, thank you: there is nothing more to do.",
                "If you have not, there is still time. Use the link in your invitation email,"
                " or type the code from your paper slip at:",
            ),
            after_link=(
                "The survey closes at the end of {closes}.",
                "This reminder goes to everyone in {unit}, because nobody, the survey team"
                " included, can tell who has answered. If you cannot find your invitation, ask"
                " the survey team for a new one.",
            ),
        ),
        MessageKind.SET_PASSWORD: Wording(
            subject="Set your password for Staff Voice",
            before_link=(
                "Use this link to set the password of your Staff Voice account ({email}):",
            ),
            after_link=(
                "The link works once, until {expires}. Setting a password signs your account"
                " out everywhere else.",
                "If you did not expect this email, you can ignore it: nothing changes unless"
                " the link is used.",
            ),
        ),
    },
}


def wording_for(kind: MessageKind, language: str = DEFAULT_LANGUAGE) -> Wording:
    """The message in ``language``, or in English where it has not been translated yet."""
    return WORDING.get(language, WORDING[DEFAULT_LANGUAGE]).get(
        kind, WORDING[DEFAULT_LANGUAGE][kind]
    )


def long_date(day: dt.date) -> str:
    """``Tuesday 1 December 2026``: the way a date is written in a message or on a page."""
    return f"{day:%A} {day.day} {day:%B %Y}"
