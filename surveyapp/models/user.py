"""Staff accounts for admins, analysts and viewers. Respondents never have one."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .unit import Unit


class Role(enum.StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"


class User(Base):
    __tablename__ = "user_account"

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

    scope_unit: Mapped[Unit] = relationship()
