"""SQLAlchemy 2 models. Importing this package registers every table on ``Base.metadata``."""

from .action import Action, ActionUpdate
from .api_token import ApiToken
from .audit import AuditEntry, AuditHead
from .base import Base
from .entry_nonce import EntryNonce
from .invitation import Invitation, TeamLink
from .issuance import InvitationIssuer, OverIssueApproval
from .password_link import PasswordLink
from .plan import PlanSnapshot
from .pulse import PulseSchedule
from .rate_limit import RateLimitWindow
from .reminder import ReminderDate, ReminderList, ReminderState
from .sealed import SealedComment, SealedLayout, SealedResponse
from .sso import (
    BlindMessageSpent,
    SignOnDirectoryEntry,
    SignOnTokenIssued,
    UnitSigningKey,
    WaveSignOn,
)
from .staff_page import StaffPage
from .staff_session import StaffSession
from .unit import Unit
from .user import User
from .wave import Wave, WaveState, WaveUnit
from .workforce import WorkforceFigures

__all__ = [
    "Action",
    "ActionUpdate",
    "ApiToken",
    "BlindMessageSpent",
    "AuditEntry",
    "AuditHead",
    "Base",
    "EntryNonce",
    "Invitation",
    "InvitationIssuer",
    "OverIssueApproval",
    "PasswordLink",
    "PlanSnapshot",
    "PulseSchedule",
    "RateLimitWindow",
    "ReminderDate",
    "ReminderList",
    "ReminderState",
    "SealedComment",
    "SealedLayout",
    "SealedResponse",
    "SignOnDirectoryEntry",
    "SignOnTokenIssued",
    "StaffPage",
    "StaffSession",
    "TeamLink",
    "Unit",
    "UnitSigningKey",
    "User",
    "Wave",
    "WaveState",
    "WaveSignOn",
    "WaveUnit",
    "WorkforceFigures",
]
