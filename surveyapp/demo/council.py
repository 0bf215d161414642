"""Northbridge: a fictional council of about 400 staff in 3 services and about 40 teams."""

from __future__ import annotations

import random
from dataclasses import dataclass

ORGANISATION = ("northbridge", "Northbridge Council Children's Services")


@dataclass(frozen=True)
class DemoService:
    key: str
    name: str
    story: str
    teams: tuple[str, ...]


SERVICES = (
    DemoService(
        "safeguarding",
        "Safeguarding and Child Protection",
        "supervision_slipping",
        (
            "Front Door and MASH",
            "Assessment Team 1",
            "Assessment Team 2",
            "Assessment Team 3",
            "Child Protection North",
            "Child Protection South",
            "Child Protection East",
            "Child Protection West",
            "Court and Pre-proceedings",
            "Disabled Children's Team",
            "Exploitation and Missing",
            "Out of Hours Service",
            "Family Group Conferencing",
            "Domestic Abuse Hub",
        ),
    ),
    DemoService(
        "children-in-care",
        "Children in Care and Care Leavers",
        "recovering_after_caseloads_fall",
        (
            "Children in Care 1",
            "Children in Care 2",
            "Children in Care 3",
            "Children in Care 4",
            "Care Leavers North",
            "Care Leavers South",
            "Fostering Assessment",
            "Fostering Support",
            "Adoption and Permanence",
            "Residential Liaison",
            "Unaccompanied Young People",
            "Virtual School Social Work",
            "Kinship Care",
        ),
    ),
    DemoService(
        "family-help",
        "Family Help and Early Support",
        "steady",
        (
            "Family Help North",
            "Family Help South",
            "Family Help East",
            "Family Help West",
            "Family Hubs",
            "Parenting Support",
            "Young Carers",
            "Youth Support",
            "Edge of Care",
            "Intensive Family Support",
            "School Links",
            "Neighbourhood Team",
        ),
    ),
)


def council_csv(seed: int = 2026) -> str:
    """The unit tree as the CSV an admin would import, with team sizes from 3 to 14."""
    rng = random.Random(seed)
    # Everyone belongs to a team (leaders included), so no tiny group sits directly on the
    # organisation or a service, where the residual rule would have to hide a whole service.
    lines = ["key,name,parent_key,headcount", f"{ORGANISATION[0]},{ORGANISATION[1]},,0"]
    for service in SERVICES:
        lines.append(f"{service.key},{service.name},{ORGANISATION[0]},0")
        for number, team in enumerate(service.teams, start=1):
            size = rng.choice((3, 4, 5, 6, 7, 8, 8, 9, 9, 10, 10, 11, 12, 13, 14))
            lines.append(f"{service.key}-{number:02d},{team},{service.key},{size}")
    return "\n".join(lines) + "\n"
