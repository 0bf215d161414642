"""single sign-on for a wave and blind-signature entry (RFC 9474)

Revision ID: b1e5c9a7d4f2
Revises: d7a3f0c2b915

- ``wave_sign_on``: a wave's OpenID Connect provider, client id, sealed client secret and the
  claim that names a person's unit (none: the uploaded directory).
- ``sign_on_directory_entry``: the uploaded directory, a keyed hash of each person and their unit.
- ``unit_signing_key``: one RSA key per unit of the wave, the private half sealed.
- ``sign_on_token_issued``: a keyed hash of each person who had their token (no unit, no time).
- ``blind_message_spent``: a keyed hash of each token message a response was sent with.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b1e5c9a7d4f2'
down_revision: str | None = 'd7a3f0c2b915'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'wave_sign_on',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('issuer_url', sa.String(length=500), nullable=False),
        sa.Column('client_id', sa.String(length=200), nullable=False),
        sa.Column('client_secret_sealed', sa.LargeBinary(), nullable=False),
        sa.Column('unit_claim', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_wave_sign_on_wave_id_wave')),
        sa.PrimaryKeyConstraint('wave_id', name=op.f('pk_wave_sign_on')),
    )
    op.create_table(
        'sign_on_directory_entry',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('person_hash', sa.String(length=64), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_sign_on_directory_entry_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_sign_on_directory_entry_wave_id_wave')),
        sa.PrimaryKeyConstraint('wave_id', 'person_hash', name=op.f('pk_sign_on_directory_entry')),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'unit_signing_key',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('private_key_sealed', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_signing_key_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_unit_signing_key_wave_id_wave')),
        sa.PrimaryKeyConstraint('wave_id', 'unit_id', name=op.f('pk_unit_signing_key')),
        sa.UniqueConstraint('wave_id', 'key_id', name='uq_unit_signing_key_key_id'),
    )
    op.create_table(
        'sign_on_token_issued',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('subject_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_sign_on_token_issued_wave_id_wave')),
        sa.PrimaryKeyConstraint('wave_id', 'subject_hash', name=op.f('pk_sign_on_token_issued')),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'blind_message_spent',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('message_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_blind_message_spent_wave_id_wave')),
        sa.PrimaryKeyConstraint('wave_id', 'message_hash', name=op.f('pk_blind_message_spent')),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table('blind_message_spent')
    op.drop_table('sign_on_token_issued')
    op.drop_table('unit_signing_key')
    op.drop_table('sign_on_directory_entry')
    op.drop_table('wave_sign_on')
