"""action plans, "you said, we did" pages, team managers, follow-up questions

Revision ID: e2b90a41c6a1
Revises: a39f5a17c439

- ``action`` and ``action_update``: action plans against a published result, and their dated
  progress updates.
- ``staff_page``: the random address of each unit's public "You said, we did" page per wave;
  every unit of every wave that has opened gets one here, as a wave opening gives them after.
- ``wave.asks_follow_up``: frozen at opening; waves opened before this revision never asked a
  follow-up question, so it starts false for all of them.
- ``user_account``: the ``manager`` role, which sees comments only when granted, as viewers.
  Going down turns managers into viewers of their own unit only (depth 0), the nearest role
  that existed before.
"""

import base64
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'e2b90a41c6a1'
down_revision: str | None = 'a39f5a17c439'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ('planned', 'in_progress', 'done', 'dropped')


def _status(name: str) -> sa.Enum:
    return sa.Enum(*STATUSES, name=name, native_enum=False, create_constraint=True, length=16)


def _slug() -> str:
    """As ``services.staff_pages`` makes them: 130 random bits in lower-case base32."""
    return base64.b32encode(secrets.token_bytes(17)).decode()[:26].lower()


def upgrade() -> None:
    op.create_table(
        'action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('measure', sa.String(length=200), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('status', _status('action_status'), nullable=False),
        sa.Column('dropped_reason', sa.String(length=500), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reminded_on', sa.Date(), nullable=True),
        sa.CheckConstraint(
            "(status = 'dropped') = (dropped_reason IS NOT NULL)",
            name=op.f('ck_action_dropped_with_a_reason'),
        ),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_action_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_action_owner_id_user_account')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_action_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_action_wave_id_wave')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action')),
    )
    op.create_index(op.f('ix_action_owner_id'), 'action', ['owner_id'])
    op.create_index('ix_action_unit_wave', 'action', ['unit_id', 'wave_id'])
    op.create_table(
        'action_update',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('text', sa.String(length=1000), nullable=False),
        sa.Column('status', _status('action_update_status'), nullable=True),
        sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_update_action_id_action')),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_action_update_author_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action_update')),
    )
    op.create_index(op.f('ix_action_update_action_id'), 'action_update', ['action_id'])

    staff_page = op.create_table(
        'staff_page',
        sa.Column('slug', sa.String(length=32), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_staff_page_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_staff_page_wave_id_wave')),
        sa.PrimaryKeyConstraint('slug', name=op.f('pk_staff_page')),
        sa.UniqueConstraint('wave_id', 'unit_id', name=op.f('uq_staff_page_wave_id')),
    )
    members = op.get_bind().execute(sa.text('SELECT wave_id, unit_id FROM wave_unit')).all()
    if members:
        op.bulk_insert(
            staff_page,
            [{'slug': _slug(), 'wave_id': wave, 'unit_id': unit} for wave, unit in members],
        )

    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('asks_follow_up', sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_staff_see_comments'), type_='check')
        batch_op.drop_constraint(op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_account_role'), "role IN ('admin', 'analyst', 'viewer', 'manager')"
        )
        batch_op.create_check_constraint(
            op.f('ck_user_account_staff_see_comments'),
            "role IN ('viewer', 'manager') OR can_see_comments",
        )


def downgrade() -> None:
    op.execute("UPDATE user_account SET role = 'viewer', viewer_max_depth = 0 WHERE role = 'manager'")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_staff_see_comments'), type_='check')
        batch_op.drop_constraint(op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_account_role'), "role IN ('admin', 'analyst', 'viewer')"
        )
        batch_op.create_check_constraint(
            op.f('ck_user_account_staff_see_comments'), "role = 'viewer' OR can_see_comments"
        )
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.drop_column('asks_follow_up')
    op.drop_table('staff_page')
    op.drop_index(op.f('ix_action_update_action_id'), table_name='action_update')
    op.drop_table('action_update')
    op.drop_index('ix_action_unit_wave', table_name='action')
    op.drop_index(op.f('ix_action_owner_id'), table_name='action')
    op.drop_table('action')
