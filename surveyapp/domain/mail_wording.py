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
BILINGUAL = ("en", "cy")
"""The languages of every message: to staff who answer the survey (an invitation, a reminder)
and to staff accounts (a password link, an overdue action), which keep no language either. The
sender cannot know which they read, so it is written in both, the deployment's first first."""


class MessageKind(enum.StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"
    SET_PASSWORD = "set-password"  # noqa: S105 - a message kind, not a password
    OVERDUE_ACTION = "overdue-action"


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
        MessageKind.OVERDUE_ACTION: Wording(
            subject="Overdue action for {unit}",
            before_link=(
                "An action you own for {unit} was due on {due} and is not yet done or dropped:",
                "{description}",
                "Record its progress, or mark it done or dropped (saying why), at:",
            ),
            after_link=(
                "Staff see this action and its progress on their team's"
                " \u201cYou said, we did\u201d page, and boards see it listed as overdue. You get"
                " this reminder once a week while it stays overdue.",
            ),
        ),
    },
}


WORDING["cy"] = {
    MessageKind.INVITATION: Wording(
        subject="Eich gwahoddiad: {survey}",
        before_link=(
            "Fe’ch gwahoddir i ateb {survey}, yr arolwg staff dienw ar gyfer {unit}."
            " Mae’n cymryd 2 i 3 munud.",
            "Eich dolen chi yw hon ac mae’n gweithio unwaith. Nid yw eich atebion yn cael eu"
            " cadw gyda’ch enw, eich cyfeiriad e-bost na’r ddolen.",
        ),
        after_link=(
            "Mae’r arolwg yn cau ar ddiwedd {closes}.",
            "Peidiwch ag anfon yr e-bost hwn ymlaen: pwy bynnag sy’n agor y ddolen gyntaf sy’n"
            " ateb yn eich lle.",
        ),
    ),
    MessageKind.REMINDER: Wording(
        subject="Nodyn atgoffa: {survey}",
        before_link=(
            "Os ydych eisoes wedi ateb {survey}, diolch: nid oes dim mwy i’w wneud.",
            "Os nad ydych, mae amser o hyd. Defnyddiwch y ddolen yn eich e-bost gwahoddiad,"
            " neu teipiwch y cod o’ch slip papur yn:",
        ),
        after_link=(
            "Mae’r arolwg yn cau ar ddiwedd {closes}.",
            "Mae’r nodyn atgoffa hwn yn mynd i bawb yn {unit}, oherwydd ni all neb, gan gynnwys"
            " tîm yr arolwg, ddweud pwy sydd wedi ateb. Os na allwch ddod o hyd i’ch"
            " gwahoddiad, gofynnwch i dîm yr arolwg am un newydd.",
        ),
    ),
    MessageKind.SET_PASSWORD: Wording(
        subject="Gosodwch eich cyfrinair ar gyfer Staff Voice",
        before_link=(
            "Defnyddiwch y ddolen hon i osod cyfrinair eich cyfrif Staff Voice ({email}):",
        ),
        after_link=(
            "Mae’r ddolen yn gweithio unwaith, tan {expires}. Mae gosod cyfrinair yn"
            " allgofnodi eich cyfrif ym mhobman arall.",
            "Os nad oeddech yn disgwyl yr e-bost hwn, gallwch ei anwybyddu: nid oes dim yn"
            " newid oni bai bod y ddolen yn cael ei defnyddio.",
        ),
    ),
    MessageKind.OVERDUE_ACTION: Wording(
        subject="Cam gweithredu hwyr ar gyfer {unit}",
        before_link=(
            "Roedd cam gweithredu rydych chi’n berchen arno ar gyfer {unit} i fod wedi’i wneud"
            " erbyn {due}, ac nid yw wedi’i wneud na’i ollwng eto:",
            "{description}",
            "Cofnodwch ei gynnydd, neu nodwch ei fod wedi’i wneud neu wedi’i ollwng (gan ddweud"
            " pam), yn:",
        ),
        after_link=(
            "Mae staff yn gweld y cam gweithredu hwn a’i gynnydd ar dudalen \u201cDywedoch chi,"
            " gwnaethom ni\u201d eu tîm, ac mae byrddau’n ei weld ar y rhestr o gamau hwyr."
            " Rydych yn cael y nodyn atgoffa hwn unwaith yr wythnos tra bydd yn hwyr.",
        ),
    ),
}

WELSH_DAYS = (
    "Dydd Llun",
    "Dydd Mawrth",
    "Dydd Mercher",
    "Dydd Iau",
    "Dydd Gwener",
    "Dydd Sadwrn",
    "Dydd Sul",
)
WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)


def wording_for(kind: MessageKind, language: str = DEFAULT_LANGUAGE) -> Wording:
    """The message in ``language``, or in English where it has not been translated yet."""
    return WORDING.get(language, WORDING[DEFAULT_LANGUAGE]).get(
        kind, WORDING[DEFAULT_LANGUAGE][kind]
    )


def day_month_year(day: dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """``1 December 2026`` (``1 Rhagfyr 2026``): a date without its weekday."""
    if language == "cy":
        return f"{day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {day:%B %Y}"


def long_date(day: dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """``Tuesday 1 December 2026`` (``Dydd Mawrth 1 Rhagfyr 2026``): the way a date is written
    in a message or on a page."""
    if language == "cy":
        return f"{WELSH_DAYS[day.weekday()]} {day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%A} {day.day} {day:%B %Y}"
