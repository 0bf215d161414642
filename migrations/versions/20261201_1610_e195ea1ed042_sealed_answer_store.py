"""sealed answer store: one authenticated ciphertext per response and per comment

Revision ID: e195ea1ed042
Revises: e2b90a41c6a1

The plaintext answer tables (response, answer, response_band, comment) become three tables:
each wave's layout (the columns of its records), and one sealed record per response and per
comment, holding only a random id, the wave and an AES-GCM ciphertext (surveyapp.domain.sealed,
record format 1, which must stay readable). Stored rows are sealed wave by wave, in random order,
and the plaintext tables are dropped: publication plans computed before and after are the same.

Sealing needs the answer keys, and comments stored before need the Fernet comment keys to be
read. ``surveyapp db upgrade`` passes the app's own (SURVEYAPP_ANSWER_KEYS, SURVEYAPP_COMMENT_KEYS);
run directly, the migration reads them as the app would: the environment, then (in
development) instance/secrets.json. A database with nothing stored needs no key. Downgrading
opens the records again into the plaintext tables (comments Fernet-encrypted, at time zero, with
the comment keys).
"""

import os
import random
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import context, op
from cryptography.fernet import Fernet, MultiFernet

from surveyapp.domain.banks import load_banks
from surveyapp.domain.sealed import (
    COMMENT,
    RESPONSE,
    AnswerCipher,
    FieldKind,
    Layout,
    associated_data,
    decode_comment,
    encode_comment,
    layout_of,
)

revision: str = 'e195ea1ed042'
down_revision: str | None = 'e2b90a41c6a1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_ROWID = {"sqlite_with_rowid": False}
SURVEYS = Path(__file__).resolve().parents[2] / "surveys"
FIXED_TIME = 0  # Fernet's timestamp, as the comment cipher wrote it: says nothing
_shuffle = random.SystemRandom().shuffle

layouts = sa.table("sealed_layout", sa.column("wave_id", sa.Integer), sa.column("layout", sa.Text))
sealed = {
    kind: sa.table(
        f"sealed_{kind}",
        sa.column("wave_id", sa.Integer),
        sa.column("id", sa.LargeBinary),
        sa.column("record", sa.LargeBinary),
    )
    for kind in (RESPONSE, COMMENT)
}
responses = sa.table(
    "response", sa.column("id", sa.Uuid), sa.column("wave_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
)
answers = sa.table(
    "answer", sa.column("response_id", sa.Uuid), sa.column("question_key", sa.String),
    sa.column("value", sa.Integer), sa.column("choice", sa.String),
    sa.column("wave_id", sa.Integer), sa.column("unit_id", sa.Integer),
)
bands = sa.table(
    "response_band", sa.column("response_id", sa.Uuid), sa.column("dimension", sa.String),
    sa.column("band", sa.String), sa.column("wave_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
)
comments = sa.table(
    "comment", sa.column("id", sa.Uuid), sa.column("wave_id", sa.Integer),
    sa.column("unit_id", sa.Integer), sa.column("prompt_key", sa.String),
    sa.column("ciphertext", sa.LargeBinary),
)


def upgrade() -> None:
    _create_sealed_tables()
    bind = op.get_bind()
    waves = [
        (wave_id, bank_key)
        for wave_id, bank_key in bind.execute(sa.text(
            "SELECT id, bank_key FROM wave WHERE id IN (SELECT wave_id FROM response"
            " UNION SELECT wave_id FROM comment) ORDER BY id"
        ))
    ]
    if waves:
        secrets = _secrets()
        cipher = AnswerCipher.from_config(_required(secrets, "ANSWER_KEYS", "seal the responses"))
        banks = load_banks(SURVEYS)
        for wave_id, bank_key in waves:
            _seal_wave(bind, wave_id, banks.get(bank_key), cipher, secrets)
    _drop_plaintext_tables()


def downgrade() -> None:
    _create_plaintext_tables()
    bind = op.get_bind()
    stored = list(bind.execute(sa.select(layouts.c.wave_id, layouts.c.layout)))
    if stored:
        secrets = _secrets()
        cipher = AnswerCipher.from_config(_required(secrets, "ANSWER_KEYS", "open the responses"))
        for wave_id, text in stored:
            _open_wave(bind, wave_id, Layout.from_json(text), cipher, secrets)
    op.drop_table("sealed_comment")
    op.drop_table("sealed_response")
    op.drop_table("sealed_layout")


# --- sealing -------------------------------------------------------------------------------


def _seal_wave(bind: Any, wave_id: int, bank: Any, cipher: AnswerCipher,
               secrets: Mapping[str, Any]) -> None:
    """One wave: its layout (the bank's, widened by anything stored that the bank no longer
    lists), then every response and comment sealed and inserted in random order."""
    given: dict[Any, dict[str, str]] = defaultdict(dict)
    banded: dict[Any, dict[str, str]] = defaultdict(dict)
    found: dict[tuple[FieldKind, str], set[str]] = defaultdict(set)
    for response_id, key, value, choice in bind.execute(
        sa.select(answers.c.response_id, answers.c.question_key, answers.c.value,
                  answers.c.choice).where(answers.c.wave_id == wave_id)
    ):
        text = str(value) if choice is None else choice
        given[response_id][key] = text
        found[(FieldKind.SCALE if choice is None else FieldKind.CHOICE, key)].add(text)
    for response_id, dimension, band in bind.execute(
        sa.select(bands.c.response_id, bands.c.dimension, bands.c.band)
        .where(bands.c.wave_id == wave_id)
    ):
        banded[response_id][dimension] = band
        found[(FieldKind.BAND, dimension)].add(band)
    stored_comments = list(bind.execute(
        sa.select(comments.c.unit_id, comments.c.prompt_key, comments.c.ciphertext)
        .where(comments.c.wave_id == wave_id)
    ))
    base = layout_of(bank) if bank is not None else Layout((), ())
    layout = base.widened(found, {prompt for _unit, prompt, _text in stored_comments})
    bind.execute(sa.insert(layouts).values(wave_id=wave_id, layout=layout.to_json()))

    response_aad = associated_data(RESPONSE, wave_id, layout.digest)
    records = [
        cipher.seal(
            layout.encode_fields(unit_id, banded.get(response_id, {}),
                                 given.get(response_id, {})),
            response_aad,
        )
        for response_id, unit_id in bind.execute(
            sa.select(responses.c.id, responses.c.unit_id).where(responses.c.wave_id == wave_id)
        )
    ]
    _insert(bind, RESPONSE, wave_id, records)
    if stored_comments:
        fernet = _fernet(_required(secrets, "COMMENT_KEYS", "read the stored comments"))
        comment_aad = associated_data(COMMENT, wave_id, layout.digest)
        _insert(bind, COMMENT, wave_id, [
            cipher.seal(
                encode_comment(unit_id, layout.prompt_code(prompt),
                               fernet.decrypt(bytes(ciphertext)).decode("utf-8")),
                comment_aad,
            )
            for unit_id, prompt, ciphertext in stored_comments
        ])


def _insert(bind: Any, kind: str, wave_id: int, records: list[bytes]) -> None:
    _shuffle(records)
    if records:
        bind.execute(sa.insert(sealed[kind]), [
            {"wave_id": wave_id, "id": os.urandom(16), "record": record} for record in records
        ])


# --- opening (downgrade) -------------------------------------------------------------------


def _open_wave(bind: Any, wave_id: int, layout: Layout, cipher: AnswerCipher,
               secrets: Mapping[str, Any]) -> None:
    table = sealed[RESPONSE]
    records = [bytes(r) for (r,) in bind.execute(
        sa.select(table.c.record).where(table.c.wave_id == wave_id))]
    kinds = {f.key: f.kind for f in layout.questions}
    response_rows, answer_rows, band_rows = [], [], []
    for plaintext in cipher.open_all(records, associated_data(RESPONSE, wave_id, layout.digest)):
        decoded = layout.decode(plaintext)
        response_id = uuid.uuid4()
        common = {"response_id": response_id, "wave_id": wave_id, "unit_id": decoded.unit_id}
        response_rows.append({"id": response_id, "wave_id": wave_id, "unit_id": decoded.unit_id})
        answer_rows.extend(
            {**common, "question_key": key,
             "value": value if kinds[key] is FieldKind.SCALE else None,
             "choice": None if kinds[key] is FieldKind.SCALE else value}
            for key, value in decoded.answers.items()
        )
        band_rows.extend({**common, "dimension": dimension, "band": band}
                         for dimension, band in decoded.bands.items())
    for target, rows in ((responses, response_rows), (answers, answer_rows), (bands, band_rows)):
        if rows:
            bind.execute(sa.insert(target), rows)
    table = sealed[COMMENT]
    records = [bytes(r) for (r,) in bind.execute(
        sa.select(table.c.record).where(table.c.wave_id == wave_id))]
    if records:
        fernet = _fernet(_required(secrets, "COMMENT_KEYS", "store the comments in plain tables"))
        opened = cipher.open_all(records, associated_data(COMMENT, wave_id, layout.digest))
        rows = []
        for plaintext in opened:
            comment = decode_comment(plaintext)
            rows.append({
                "id": uuid.uuid4(), "wave_id": wave_id, "unit_id": comment.unit_id,
                "prompt_key": layout.prompts[comment.prompt],
                "ciphertext": fernet.encrypt_at_time(comment.text.encode("utf-8"), FIXED_TIME),
            })
        bind.execute(sa.insert(comments), rows)


# --- keys ------------------------------------------------------------------------------------


def _secrets() -> Mapping[str, Any]:
    given = context.config.attributes.get("secrets")
    if given is not None:
        return given
    from surveyapp.config import load
    from surveyapp.paths import DEFAULT_INSTANCE

    return load(os.environ, DEFAULT_INSTANCE)


def _required(secrets: Mapping[str, Any], name: str, to: str) -> Any:
    if not secrets.get(name):
        raise RuntimeError(f"SURVEYAPP_{name} is needed to {to}: set it and run the upgrade again")
    return secrets[name]


def _fernet(keys: Sequence[str]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


# --- tables ----------------------------------------------------------------------------------


def _create_sealed_tables() -> None:
    op.create_table(
        'sealed_layout',
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('layout', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'],
                                name=op.f('fk_sealed_layout_wave_id_wave')),
        sa.PrimaryKeyConstraint('wave_id', name=op.f('pk_sealed_layout')),
    )
    for kind in (RESPONSE, COMMENT):
        op.create_table(
            f'sealed_{kind}',
            sa.Column('wave_id', sa.Integer(), nullable=False),
            sa.Column('id', sa.LargeBinary(length=16), nullable=False),
            sa.Column('record', sa.LargeBinary(), nullable=False),
            sa.ForeignKeyConstraint(['wave_id'], ['wave.id'],
                                    name=op.f(f'fk_sealed_{kind}_wave_id_wave')),
            sa.PrimaryKeyConstraint('wave_id', 'id', name=op.f(f'pk_sealed_{kind}')),
            **NO_ROWID,
        )


def _drop_plaintext_tables() -> None:
    op.drop_index('ix_answer_tally', table_name='answer')
    op.drop_table('answer')
    op.drop_index('ix_response_band_tally', table_name='response_band')
    op.drop_table('response_band')
    op.drop_index('ix_comment_wave_unit_prompt', table_name='comment')
    op.drop_table('comment')
    op.drop_index('ux_response_id_wave_unit', table_name='response')
    op.drop_index('ix_response_wave_unit', table_name='response')
    op.drop_table('response')


def _create_plaintext_tables() -> None:
    """The answer tables as revisions up to a39f5a17c439 left them."""
    op.create_table(
        'comment',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('prompt_key', sa.String(length=64), nullable=False),
        sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_comment_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_comment_wave_id_wave')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comment')),
        **NO_ROWID,
    )
    op.create_index('ix_comment_wave_unit_prompt', 'comment', ['wave_id', 'unit_id', 'prompt_key'])
    op.create_table(
        'response',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_response_unit_id_unit')),
        sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_response_wave_id_wave')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
        **NO_ROWID,
    )
    op.create_index('ix_response_wave_unit', 'response', ['wave_id', 'unit_id'])
    op.create_index('ux_response_id_wave_unit', 'response', ['id', 'wave_id', 'unit_id'],
                    unique=True)
    op.create_table(
        'answer',
        sa.Column('response_id', sa.Uuid(), nullable=False),
        sa.Column('question_key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.Column('choice', sa.String(length=64), nullable=True),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.CheckConstraint('(value IS NULL) <> (choice IS NULL)',
                           name=op.f('ck_answer_value_or_choice')),
        sa.CheckConstraint('value IS NULL OR (value >= 0 AND value <= 10)',
                           name=op.f('ck_answer_value_in_range')),
        sa.ForeignKeyConstraint(['response_id', 'wave_id', 'unit_id'],
                                ['response.id', 'response.wave_id', 'response.unit_id'],
                                name=op.f('fk_answer_response_id_response'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('response_id', 'question_key', name=op.f('pk_answer')),
        **NO_ROWID,
    )
    op.create_index('ix_answer_tally', 'answer',
                    ['wave_id', 'unit_id', 'question_key', 'value', 'choice'])
    op.create_table(
        'response_band',
        sa.Column('response_id', sa.Uuid(), nullable=False),
        sa.Column('dimension', sa.String(length=64), nullable=False),
        sa.Column('band', sa.String(length=64), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['response_id', 'wave_id', 'unit_id'],
                                ['response.id', 'response.wave_id', 'response.unit_id'],
                                name=op.f('fk_response_band_response_id_response'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('response_id', 'dimension', name=op.f('pk_response_band')),
        **NO_ROWID,
    )
    op.create_index('ix_response_band_tally', 'response_band',
                    ['wave_id', 'unit_id', 'dimension', 'band'])
