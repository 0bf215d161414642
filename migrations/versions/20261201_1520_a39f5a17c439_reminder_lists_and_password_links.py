"""address lists kept for reminders, their send dates, and set-password links

Revision ID: a39f5a17c439
Revises: b1feb71f4a3c

``reminder_list`` holds one sealed (encrypted) address list per wave and unit, and
``reminder_date`` the dates to remind it, each claimed by one sender; both are emptied when a
wave closes. ``password_link`` holds the keyed hash of each emailed set-password link with its
expiry. Self-contained: three new tables, nothing else changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'a39f5a17c439'
down_revision: str | None = 'b1feb71f4a3c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'password_link',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_password_link_user_id_user_account')),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_password_link')),
    )
    op.create_index(op.f('ix_password_link_user_id'), 'password_link', ['user_id'], unique=False)
    op.create_table(
        'reminder_list',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.LargeBinary(), nullable=False),
        sa.Column('address_count', sa.Integer(), nullable=False),
        sa.CheckConstraint('address_count > 0', name=op.f('ck_reminder_list_not_empty')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_reminder_list_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_reminder_list_wave_id_wave')),
        sa.PrimaryKeyConstraint('wave_id', 'unit_id', name=op.f('pk_reminder_list')),
    )
    op.create_table(
        'reminder_date',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('send_on', sa.Date(), nullable=False),
        sa.Column('state', sa.Enum('pending', 'sending', 'sent', 'failed', name='reminder_state',
                                   native_enum=False, create_constraint=True, length=16),
                  nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('sent_count', sa.Integer(), nullable=True),
        sa.Column('failed_count', sa.Integer(), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('attempts >= 0', name=op.f('ck_reminder_date_attempts_not_negative')),
        sa.ForeignKeyConstraint(['wave_id', 'unit_id'],
                                ['reminder_list.wave_id', 'reminder_list.unit_id'],
                                name='fk_reminder_date_list', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('wave_id', 'unit_id', 'send_on', name=op.f('pk_reminder_date')),
    )


def downgrade() -> None:
    op.drop_table('reminder_date')
    op.drop_table('reminder_list')
    op.drop_index(op.f('ix_password_link_user_id'), table_name='password_link')
    op.drop_table('password_link')
