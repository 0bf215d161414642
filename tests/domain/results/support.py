"""A small bank and council, and plans computed from each person's answers, for results tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from surveyapp.domain.banks import (
    Bank,
    CommentPrompt,
    Option,
    Question,
    QuestionKind,
    SupervisionStandard,
    Theme,
)
from surveyapp.domain.disclosure import PlanInput, PublicationPlan, UnitNode, compute_plan
from surveyapp.domain.results import TreeUnit

AGREE = QuestionKind.AGREEMENT
BANK = Bank(
    key="small",
    version="1",
    title="A small pulse",
    intro="",
    themes=(Theme("morale", "Morale"), Theme("trust", "Trust")),
    questions=(
        Question("valued", AGREE, "I feel valued", 1, theme="morale"),
        Question("drained", AGREE, "I feel drained", 1, theme="morale", is_reverse_coded=True),
        Question("speak_up", AGREE, "I can speak up", 1, theme="trust"),
        Question("recommend", QuestionKind.RECOMMEND, "Would you recommend us?", 1),
        Question(
            "last_supervision",
            QuestionKind.CHOICE,
            "When did you last have supervision?",
            1,
            options=(
                Option("week", "In the last week", 7),
                Option("month", "In the last month", 31),
                Option("longer", "Longer ago"),
            ),
        ),
    ),
    comments=(CommentPrompt("keep", "What should we keep?", 500),),
    supervision_standard=SupervisionStandard(
        "last_supervision", 31, "role", "newly_qualified", newly_qualified_max_days=14
    ),
)
# Council 1 > service 2 (teams 3, 4 and 5) and team 6.
TREE = (
    TreeUnit(1, None, "Council", 2),
    TreeUnit(2, 1, "Service", 1),
    TreeUnit(3, 2, "Team C", 12),
    TreeUnit(4, 2, "Team D", 4),
    TreeUnit(5, 2, "Team E", 4),
    TreeUnit(6, 1, "Team F", 15),
)
CONTENT = {"valued": "4", "drained": "2", "speak_up": "5", "recommend": "9"}
"""Everyone answers these unless told otherwise."""


def person(**answers: str) -> dict[str, str]:
    """One respondent's answers: CONTENT, changed or (with "") skipped as told."""
    found = {**CONTENT, "last_supervision": "month", **answers}
    return {key: value for key, value in found.items() if value}


def plan_for(
    people: Mapping[int, Sequence[Mapping[str, str]]],
    *,
    comments: Mapping[int, int] | None = None,
    **extra: object,
) -> tuple[PlanInput, PublicationPlan]:
    """The input the service would gather from these people's answers, and its plan."""
    options: dict[tuple[int, str], dict[str, int]] = {}
    for unit_id, answers in people.items():
        for question in BANK.questions:
            counts = Counter(a[question.key] for a in answers if question.key in a)
            if counts:
                options[unit_id, question.key] = dict(counts)
    themes = {
        theme.key: tuple(
            q.key for q in BANK.theme_questions(theme.key) if q.kind is QuestionKind.AGREEMENT
        )
        for theme in BANK.themes
    }
    plan_input = PlanInput(
        units=tuple(UnitNode(u.unit_id, u.parent_id, u.name) for u in TREE),
        k=5,
        k_comments=10,
        responses={unit_id: len(answers) for unit_id, answers in people.items()},
        question_answered={key: sum(counts.values()) for key, counts in options.items()},
        question_options=options,
        themes=themes,
        comment_counts={(u, "keep"): n for u, n in (comments or {}).items()},
        **extra,  # type: ignore[arg-type]
    )
    return plan_input, compute_plan(plan_input)


def council(**changes: Sequence[Mapping[str, str]]) -> dict[int, list[Mapping[str, str]]]:
    """Ten in team 3, three in each of teams 4 and 5, twelve in team 6; ``u<id>=`` replaces one."""
    people: dict[int, list[Mapping[str, str]]] = {
        3: [person() for _ in range(10)],
        4: [person() for _ in range(3)],
        5: [person() for _ in range(3)],
        6: [person(valued="2") for _ in range(12)],
    }
    for name, answers in changes.items():
        people[int(name.removeprefix("u"))] = list(answers)
    return people
