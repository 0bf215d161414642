"""What the printed invitation slips and team posters say, per language, in one place.

A slip or a poster is pinned up or handed out before anyone has chosen a language, so each says
everything in both, the deployment's first language first (the Welsh Language Standards: a
bilingual document treats Welsh no less favourably). ``{name}`` fields are filled by the
printer (``reporting.invitation_slips``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PrintWording:
    slips_title: str
    anonymous: str
    scan_or_type: str
    poster_title: str
    poster_for: str
    answer_once: str
    said_did: str
    said_did_about: str


PRINT_WORDING = {
    "en": PrintWording(
        slips_title="Invitation slips: {survey}",
        anonymous="Anonymous: your code is not kept with your answers. Use it once.",
        scan_or_type="Scan the code, or go to {address} and type:",
        poster_title="Team link: {unit}",
        poster_for="For {unit}. Scan to answer: 2 to 3 minutes, anonymous.",
        answer_once="Please answer once. Results are shown only for groups large enough that"
        " nobody can be picked out.",
        said_did="You said, we did",
        said_did_about="What your team said, and what is being done about it: the results once"
        " the survey closes, and the actions agreed, with their progress.",
    ),
    "cy": PrintWording(
        slips_title="Slipiau gwahoddiad: {survey}",
        anonymous="Dienw: nid yw eich cod yn cael ei gadw gyda’ch atebion. Defnyddiwch ef unwaith.",
        scan_or_type="Sganiwch y cod, neu ewch i {address} a theipiwch:",
        poster_title="Dolen tîm: {unit}",
        poster_for="Ar gyfer {unit}. Sganiwch i ateb: 2 i 3 munud, yn ddienw.",
        answer_once="Atebwch unwaith, os gwelwch yn dda. Dim ond ar gyfer grwpiau sy’n ddigon"
        " mawr fel na ellir adnabod neb y dangosir canlyniadau.",
        said_did="Dywedoch chi, gwnaethom ni",
        said_did_about="Beth ddywedodd eich tîm, a beth sy’n cael ei wneud yn ei gylch: y"
        " canlyniadau pan fydd yr arolwg yn cau, a’r camau gweithredu a gytunwyd, gyda’u"
        " cynnydd.",
    ),
}


def printed_in(languages: Sequence[str]) -> tuple[PrintWording, ...]:
    """The wording of each of ``languages`` that has one, in their order (the first first)."""
    return tuple(PRINT_WORDING[code] for code in languages if code in PRINT_WORDING)
