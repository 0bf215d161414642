"""answer and band rows carry their response's wave and unit

Revision ID: c41d7e2f9a10
Revises: a370ba2b085f

Every plan is built from counts per wave, unit, question and answer. With wave and unit on the
answer rows (kept equal to the response's by a composite foreign key) those counts are read in
order from one index, with no join over every answer ever given.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c41d7e2f9a10'
down_revision: str | None = 'a370ba2b085f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_ROWID = {"sqlite_with_rowid": False}
TALLIES = {
    "answer": ("ix_answer_question", ["question_key"],
               "ix_answer_tally", ["wave_id", "unit_id", "question_key", "value", "choice"]),
    "response_band": ("ix_response_band_dimension", ["dimension", "band"],
                      "ix_response_band_tally", ["wave_id", "unit_id", "dimension", "band"]),
}


def upgrade() -> None:
    op.create_index("ux_response_id_wave_unit", "response", ["id", "wave_id", "unit_id"],
                    unique=True)
    for table, (old_index, _, new_index, new_columns) in TALLIES.items():
        op.add_column(table, sa.Column("wave_id", sa.Integer(), nullable=True))
        op.add_column(table, sa.Column("unit_id", sa.Integer(), nullable=True))
        # One pass over the rows (SQLite >= 3.15 and PostgreSQL take row values).
        op.execute(
            f"UPDATE {table} SET (wave_id, unit_id) = "  # noqa: S608 - names are constants above
            f"(SELECT response.wave_id, response.unit_id FROM response"
            f" WHERE response.id = {table}.response_id)"
        )
        op.drop_index(old_index, table_name=table)
        with op.batch_alter_table(table, recreate="auto", table_kwargs=NO_ROWID) as batch:
            batch.alter_column("wave_id", existing_type=sa.Integer(), nullable=False)
            batch.alter_column("unit_id", existing_type=sa.Integer(), nullable=False)
            batch.drop_constraint(f"fk_{table}_response_id_response", type_="foreignkey")
            batch.create_foreign_key(
                f"fk_{table}_response_id_response", "response",
                ["response_id", "wave_id", "unit_id"], ["id", "wave_id", "unit_id"],
                ondelete="CASCADE",
            )
        op.create_index(new_index, table, new_columns)


def downgrade() -> None:
    for table, (old_index, old_columns, new_index, _) in TALLIES.items():
        op.drop_index(new_index, table_name=table)
        with op.batch_alter_table(table, recreate="auto", table_kwargs=NO_ROWID) as batch:
            batch.drop_constraint(f"fk_{table}_response_id_response", type_="foreignkey")
            batch.create_foreign_key(f"fk_{table}_response_id_response", "response",
                                     ["response_id"], ["id"], ondelete="CASCADE")
            batch.drop_column("unit_id")
            batch.drop_column("wave_id")
        op.create_index(old_index, table, old_columns)
    op.drop_index("ux_response_id_wave_unit", table_name="response")
