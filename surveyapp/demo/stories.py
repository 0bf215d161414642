"""What the demo waves should show: latent theme levels per service and wave (1-5 scale).

A principal social worker would recognise both stories: in Safeguarding, supervision slips
(fewer, more cancelled, less reflective sessions) while morale holds up; in Children in Care,
caseloads fall from wave 3 and morale, trust and intention to stay recover after it.
"""

from __future__ import annotations

WAVES = (
    ("Pulse: spring 2025", "2025-04-07", "2025-04-25"),
    ("Pulse: summer 2025", "2025-07-07", "2025-07-25"),
    ("Pulse: autumn 2025", "2025-10-06", "2025-10-24"),
    ("Pulse: winter 2026", "2026-01-12", "2026-01-30"),
    ("Pulse: spring 2026", "2026-04-13", "2026-05-01"),
    ("Pulse: summer 2026", "2026-07-06", "2026-07-24"),
)

# theme -> six wave levels, per story
LEVELS: dict[str, dict[str, tuple[float, ...]]] = {
    "supervision_slipping": {
        "morale": (3.8, 3.8, 3.7, 3.8, 3.7, 3.8),
        "workload": (3.0, 3.0, 2.9, 2.9, 2.9, 2.9),
        "supervision": (3.9, 3.6, 3.3, 3.0, 2.7, 2.5),
        "trust": (3.6, 3.5, 3.4, 3.3, 3.2, 3.1),
        "retention": (3.7, 3.7, 3.6, 3.6, 3.6, 3.5),
    },
    "recovering_after_caseloads_fall": {
        "morale": (2.6, 2.5, 2.7, 3.1, 3.4, 3.6),
        "workload": (2.2, 2.1, 2.9, 3.4, 3.6, 3.7),
        "supervision": (3.2, 3.2, 3.3, 3.4, 3.5, 3.6),
        "trust": (2.7, 2.7, 2.9, 3.2, 3.4, 3.6),
        "retention": (2.5, 2.4, 2.7, 3.1, 3.4, 3.6),
    },
    "steady": {
        "morale": (3.9, 3.9, 4.0, 3.9, 4.0, 4.0),
        "workload": (3.5, 3.5, 3.6, 3.5, 3.6, 3.6),
        "supervision": (3.8, 3.8, 3.9, 3.8, 3.9, 3.9),
        "trust": (3.8, 3.8, 3.9, 3.9, 3.9, 4.0),
        "retention": (3.8, 3.8, 3.9, 3.9, 3.9, 4.0),
    },
}

RESPONSE_RATES = (0.62, 0.68, 0.71, 0.66, 0.74, 0.78)

COMMENTS = {
    "comment_keep_v1": (
        "Peer support in the team is brilliant, people always make time.",
        "Group supervision on Thursdays is really useful.",
        "Flexible working has made a real difference.",
        "Our manager protects time for training.",
        "The practice learning sessions with the principal social worker.",
        "Being able to talk through difficult cases with colleagues straight away.",
    ),
    "comment_change_v1": (
        "Supervision keeps being cancelled because of court deadlines.",
        "Fewer cases so there is time to actually see children.",
        "Supervision is mostly a checklist of tasks, not reflection.",
        "Less duplication in recording systems.",
        "More admin support for court paperwork.",
        "Agreed actions from supervision are never followed up.",
        "Stop relying on agency staff for whole teams.",
    ),
}

# Entered per wave by the admin: FTE, turnover %, agency %, vacancy %, caseload, sickness %.
WORKFORCE = tuple(
    {
        "fte_in_post": fte,
        "turnover_percent": turnover,
        "agency_percent": agency,
        "vacancy_percent": vacancy,
        "average_caseload": caseload,
        "sickness_absence_percent": sick,
    }
    for fte, turnover, agency, vacancy, caseload, sick in (
        (318.0, 16.2, 19.5, 18.0, 19.4, 4.6),
        (322.5, 15.8, 18.7, 17.1, 19.0, 4.4),
        (330.0, 14.9, 16.2, 15.3, 17.2, 4.1),
        (338.5, 13.6, 14.8, 13.9, 16.1, 3.9),
        (344.0, 12.7, 13.5, 12.8, 15.6, 3.7),
        (349.5, 12.1, 12.9, 12.2, 15.0, 3.6),
    )
)
