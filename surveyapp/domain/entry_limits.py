"""How far one way into the survey stretches: team-link responses, and unfinished entries.

A personal invitation lets one response through. A team link is open to whoever holds it, so
the limits below are what stop one person, or a link shared beyond the team, from speaking for
the team many times over.
"""

from __future__ import annotations

import math


def team_link_response_cap(headcount: int) -> int:
    """The most responses a unit's team link accepts in a wave: its headcount plus a margin.

    The margin is max(2, 10 % of the headcount, rounded up). The headcount is the one frozen
    when the wave opened and can be a little out of date (a starter since, someone covering the
    team for the wave), and a few people may open the link on two devices; the margin absorbs
    that. Much more than the team could send would be someone answering twice or the link
    travelling beyond the team, and those answers would change the team's results, so the link
    stops there and the admin is told. Anyone left can still answer by personal invitation.
    """
    if headcount < 0:
        raise ValueError("a headcount cannot be negative")
    return headcount + max(2, math.ceil(headcount / 10))


def unfinished_entries_allowed(headcount: int) -> int:
    """How many entries into one unit's survey, by one way in, may be open but not yet sent.

    Each visit to a link (or typed code) gets a one-time entry that is spent when the answers
    are sent; visits that are never finished would otherwise pile up until the wave closes.
    Four per person plus fifty leaves room for everyone to start on a phone and again on a PC,
    and for the link checkers of mail systems, while a script opening a link all day keeps a
    bounded number: beyond it a random unfinished entry of the same unit is dropped.
    """
    return 50 + 4 * max(headcount, 0)
