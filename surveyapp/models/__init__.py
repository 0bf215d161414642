"""SQLAlchemy 2 models. Importing this package registers every table on ``Base.metadata``."""

from .base import Base
from .invitation import Invitation, TeamLink
from .plan import PlanSnapshot
from .response import Answer, Comment, Response, ResponseBand
from .unit import Unit
from .user import Role, User
from .wave import Wave, WaveState, WaveUnit

__all__ = [
    "Answer",
    "Base",
    "Comment",
    "Invitation",
    "PlanSnapshot",
    "Response",
    "ResponseBand",
    "Role",
    "TeamLink",
    "Unit",
    "User",
    "Wave",
    "WaveState",
    "WaveUnit",
]
