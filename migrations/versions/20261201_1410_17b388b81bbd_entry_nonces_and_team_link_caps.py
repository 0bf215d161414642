"""one-time entry nonces, and a cap on each team link's responses

Revision ID: 17b388b81bbd
Revises: 21b6c6a22b3e

An entry (a visit to a link or a typed code) now holds a one-time nonce, stored as a keyed hash
and deleted with the submission, so one entry sends answers at most once. Team links count
their responses up to a cap of the unit's frozen headcount plus max(2, 10 %). Links issued
before this revision start counting at 0: which earlier responses came through a link is not
recorded anywhere, by design. Sessions opened before it hold no nonce and must enter again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '17b388b81bbd'
down_revision: str | None = '21b6c6a22b3e'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_ROWID = {"sqlite_with_rowid": False}
# The rule as it stood when this revision was written (domain.entry_limits may change later):
# headcount + max(2, ceil(headcount / 10)), in SQL both engines run the same way.
CAP_OF_HEADCOUNT = (
    "wave_unit.headcount + CASE WHEN (wave_unit.headcount + 9) / 10 > 2"
    " THEN (wave_unit.headcount + 9) / 10 ELSE 2 END"
)


def upgrade() -> None:
    op.create_table(
        'entry_nonce',
        sa.Column('nonce_hash', sa.String(length=64), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('via_team_link', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_entry_nonce_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_entry_nonce_wave_id_wave')),
        sa.PrimaryKeyConstraint('nonce_hash', name=op.f('pk_entry_nonce')),
        **NO_ROWID,
    )
    op.create_index('ix_entry_nonce_way_in', 'entry_nonce', ['wave_id', 'unit_id', 'via_team_link'])

    op.add_column('team_link', sa.Column('response_cap', sa.Integer(), nullable=True))
    op.add_column('team_link', sa.Column('responses_accepted', sa.Integer(), nullable=True))
    op.execute(
        f"UPDATE team_link SET responses_accepted = 0, response_cap = "  # noqa: S608 - constant
        f"(SELECT {CAP_OF_HEADCOUNT} FROM wave_unit WHERE wave_unit.wave_id = team_link.wave_id"
        f" AND wave_unit.unit_id = team_link.unit_id)"
    )
    # A link whose unit left the wave's tree (never made by the app) accepts nothing more.
    op.execute("UPDATE team_link SET response_cap = 0 WHERE response_cap IS NULL")
    with op.batch_alter_table('team_link', recreate='auto', table_kwargs=NO_ROWID) as batch:
        batch.alter_column('response_cap', existing_type=sa.Integer(), nullable=False)
        batch.alter_column('responses_accepted', existing_type=sa.Integer(), nullable=False)
        batch.create_check_constraint(
            op.f('ck_team_link_responses_within_cap'),
            'responses_accepted >= 0 AND responses_accepted <= response_cap',
        )


def downgrade() -> None:
    with op.batch_alter_table('team_link', recreate='auto', table_kwargs=NO_ROWID) as batch:
        batch.drop_constraint(op.f('ck_team_link_responses_within_cap'), type_='check')
        batch.drop_column('responses_accepted')
        batch.drop_column('response_cap')
    op.drop_index('ix_entry_nonce_way_in', table_name='entry_nonce')
    op.drop_table('entry_nonce')
