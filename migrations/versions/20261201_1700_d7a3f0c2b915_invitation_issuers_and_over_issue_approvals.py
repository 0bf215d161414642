"""invitation issuers and over-issue approvals (separation of duties)

Revision ID: d7a3f0c2b915
Revises: e195ea1ed042

- ``invitation_issuer``: one row per staff account, wave and unit it issued invitations or a
  team link for; separation of duties hides those units' results from it. Issuance before this
  revision was not recorded per account, so nobody is restricted for it.
- ``over_issue_approval``: requests to issue more invitations than a unit's headcount, and a
  second admin's approval of each.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'd7a3f0c2b915'
down_revision: str | None = 'e195ea1ed042'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'invitation_issuer',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('first_issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_invitation_issuer_unit_id_unit')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_invitation_issuer_user_id_user_account')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_invitation_issuer_wave_id_wave')),
        sa.PrimaryKeyConstraint('user_id', 'wave_id', 'unit_id', name=op.f('pk_invitation_issuer')),
    )
    op.create_table(
        'over_issue_approval',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('approved_by_id', sa.Integer(), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('count >= 1', name=op.f('ck_over_issue_approval_count_positive')),
        sa.CheckConstraint(
            'approved_by_id IS NULL OR approved_by_id <> requested_by_id',
            name=op.f('ck_over_issue_approval_approved_by_someone_else'),
        ),
        sa.ForeignKeyConstraint(['approved_by_id'], ['user_account.id'], name=op.f('fk_over_issue_approval_approved_by_id_user_account')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_over_issue_approval_requested_by_id_user_account')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_over_issue_approval_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_over_issue_approval_wave_id_wave')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_over_issue_approval')),
    )


def downgrade() -> None:
    op.drop_table('over_issue_approval')
    op.drop_table('invitation_issuer')
