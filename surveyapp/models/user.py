"""Staff accounts for admins, analysts and viewers. Respondents never have one."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.domain.roles import Role

from .base import Base
from .unit import Unit


class User(Base):
    """A staff account. It also satisfies Flask-Login's user protocol without importing it.

    Its signed-in browsers are ``StaffSession`` records, checked on every request.
    """

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("viewer_max_depth >= 0", name="viewer_max_depth_not_negative"),
        CheckConstraint("role = 'viewer' OR can_see_comments", name="staff_see_comments"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
            create_constraint=True,
            name="role",
        )
    )
    scope_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    # How many levels below the scope unit a viewer may see: 0 is the scope unit alone,
    # 1 adds its children. Admins and analysts see their whole subtree.
    viewer_max_depth: Mapped[int] = mapped_column(default=1, server_default="1")
    # Viewers see comments only when granted; admins and analysts always (a constraint).
    can_see_comments: Mapped[bool] = mapped_column(default=False, server_default=false())

    scope_unit: Mapped[Unit] = relationship()

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
