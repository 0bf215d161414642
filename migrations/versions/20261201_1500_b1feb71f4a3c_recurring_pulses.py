"""recurring pulses: schedules, and the schedule and number of each wave one made

Revision ID: b1feb71f4a3c
Revises: 17b388b81bbd

A wave made by a schedule is unique by (schedule, number), so two schedulers running at once
cannot make the same wave twice. Waves made before this revision belong to no schedule.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b1feb71f4a3c'
down_revision: str | None = '17b388b81bbd'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'pulse_schedule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name_pattern', sa.String(length=200), nullable=False),
        sa.Column('bank_key', sa.String(length=64), nullable=False),
        sa.Column('root_unit_id', sa.Integer(), nullable=False),
        sa.Column('every', sa.Integer(), nullable=False),
        sa.Column(
            'period',
            sa.Enum(
                'weeks', 'months', name='pulse_period', native_enum=False,
                create_constraint=True, length=16,
            ),
            nullable=False,
        ),
        sa.Column('open_days', sa.Integer(), nullable=False),
        sa.Column('first_opens_on', sa.Date(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.CheckConstraint('every >= 1', name=op.f('ck_pulse_schedule_every_at_least_one')),
        sa.CheckConstraint('open_days >= 1', name=op.f('ck_pulse_schedule_open_at_least_a_day')),
        sa.ForeignKeyConstraint(
            ['root_unit_id'], ['unit.id'], name=op.f('fk_pulse_schedule_root_unit_id_unit')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_schedule')),
    )
    with op.batch_alter_table('wave') as batch:
        batch.add_column(sa.Column('schedule_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('schedule_number', sa.Integer(), nullable=True))
        batch.create_unique_constraint(
            'uq_wave_one_wave_per_pulse', ['schedule_id', 'schedule_number']
        )
        batch.create_foreign_key(
            op.f('fk_wave_schedule_id_pulse_schedule'), 'pulse_schedule', ['schedule_id'], ['id']
        )
        batch.create_check_constraint(
            op.f('ck_wave_numbered_in_its_schedule'),
            '(schedule_id IS NULL) = (schedule_number IS NULL)',
        )


def downgrade() -> None:
    with op.batch_alter_table('wave') as batch:
        batch.drop_constraint(op.f('ck_wave_numbered_in_its_schedule'), type_='check')
        batch.drop_constraint(op.f('fk_wave_schedule_id_pulse_schedule'), type_='foreignkey')
        batch.drop_constraint('uq_wave_one_wave_per_pulse', type_='unique')
        batch.drop_column('schedule_number')
        batch.drop_column('schedule_id')
    op.drop_table('pulse_schedule')
