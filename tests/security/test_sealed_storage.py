"""What a leaked backup, database file or write-ahead log holds of the answers (issue 19).

Respondents answer through the HTTP journey, one after another, each with answers that say who
they were in the order (person i answers three questions with the digits of i in base 5), so
that a record, opened with the key, tells its place in the submission order. Someone holding a
backup but not the key can still see where each record sits in the file: that position must not
follow the order people answered in once the wave is closed. Without the shuffle it does, which
is what the "before" half shows. And no answer, band, unit or comment is in any file in plain.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from surveyapp.cli.backup import backup_command
from surveyapp.database import get_engine, migrate, session_scope
from surveyapp.domain.sealed import COMMENT, RESPONSE, Layout, encode_comment
from surveyapp.domain.submission import Submission
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.invitations import issue_invitations
from surveyapp.services.responses import record_responses
from surveyapp.services.sealed import aad, stored_layout
from surveyapp.services.units import unit_by_key
from tests.conftest import make_app
from tests.factories import open_test_wave
from tests.respond.conftest import FULL_ANSWERS, Respondent
from tests.support.postgres import Cluster, find_bin_dir
from tests.support.sealed import TEST_CIPHER, stored_responses
from tests.support.sqlite_pages import cells_of

# The issue asks for 60. A rank correlation of 60 random positions exceeds 0.3 by chance about
# once in 50 runs, and each run checks several orders; with 150 that is about once in 4,000.
PEOPLE = 150
UNITS = ("team-a", "team-b", "team-a", "svc", "org")
ORDER_QUESTIONS = (
    "morale_valued_v1",
    "morale_drained_v1",
    "morale_team_support_v1",
    "workload_caseload_v1",
)
MARKER = "ZQXJ-MARKER-1234"
PAGE_SIZE = 4096
EMPTY = Submission(answers=())


def answers_of(person: int) -> dict[str, str]:
    """Full answers, with the person's place in the order in base 5 on four questions."""
    answers = {k: v for k, v in FULL_ANSWERS.items() if not k.startswith("comment_")}
    for position, key in enumerate(ORDER_QUESTIONS):
        answers[key] = str(person // 5**position % 5 + 1)
    return answers


def person_of(answers: dict[str, int | str]) -> int:
    return sum((int(answers[key]) - 1) * 5**i for i, key in enumerate(ORDER_QUESTIONS))


def open_wave_with_invitations(app: Flask, people: int) -> tuple[int, list[str]]:
    """An open wave and one invitation per person, the people spread over the units."""
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        tokens = []
        for person in range(people):
            unit = unit_by_key(session, UNITS[person % len(UNITS)])
            assert unit is not None
            tokens += issue_invitations(session, wave, unit, 1, app.config["TOKEN_PEPPER"])
        return wave.id, tokens


def answer(app: Flask, tokens: list[str], answers: list[dict[str, str]]) -> None:
    """Each person, in turn, enters by their own invitation and answers."""
    for token, given in zip(tokens, answers, strict=True):
        respondent = Respondent(app.test_client())
        respondent.enter(f"/i/{token}")
        respondent.answer_all(given)
        assert respondent.submit(given).status_code == 200


def spearman(order: list[int]) -> float:
    """Rank correlation of a storage order (list of submission positions) with 0, 1, 2, ..."""
    ranks = np.argsort(np.argsort(np.array(order)))
    return float(np.corrcoef(ranks, np.arange(len(order)))[0, 1])


def layout_of_wave(app: Flask, wave_id: int) -> Layout:
    with app.app_context(), session_scope(app) as session:
        layout = stored_layout(session, wave_id)
    assert layout is not None
    return layout


def opened_person(app: Flask, wave_id: int, record: bytes) -> int:
    layout = layout_of_wave(app, wave_id)
    plaintext = TEST_CIPHER.open(record, aad(RESPONSE, wave_id, layout))
    return person_of(layout.decode(plaintext).answers)


def stored_ids_and_records(app: Flask, wave_id: int) -> set[bytes]:
    with get_engine(app).connect() as connection:
        rows = connection.execute(
            text("SELECT id, record FROM sealed_response WHERE wave_id = :w"), {"w": wave_id}
        ).all()
    return {bytes(value) for row in rows for value in row}


def pages_in_key_order(path: Path, wave_id: int) -> bool:
    """Whether every page lays out the wave's cells in the order of their (random) keys, as a
    rebuild writes them, rather than in the order they arrived."""
    pages: dict[int, list[bytes]] = {}
    for cell in sorted(cells_of(path, "sealed_response"), key=lambda cell: -cell.position):
        if cell.values[0] == wave_id:
            pages.setdefault(cell.position // PAGE_SIZE, []).append(cell.values[1])  # type: ignore[arg-type]
    return all(keys == sorted(keys) for keys in pages.values())


def sqlite_orders(app: Flask, wave_id: int, path: Path) -> tuple[list[int], float]:
    """Submission positions of the wave's records in the order of their bytes in the file, and
    the mean rank correlation within each page of the order cells were written in there.

    SQLite fills a page from its end towards its start, so within a page a lower offset means
    written later; a page rebuilt by a split holds its older cells in key order instead.
    """
    cells = [c for c in cells_of(path, "sealed_response") if c.values[0] == wave_id]
    by_position = sorted(cells, key=lambda cell: cell.position)
    in_file = [opened_person(app, wave_id, c.values[2]) for c in by_position]  # type: ignore[arg-type]
    pages: dict[int, list[int]] = {}
    for cell in sorted(cells, key=lambda cell: -cell.position):
        person = opened_person(app, wave_id, cell.values[2])  # type: ignore[arg-type]
        pages.setdefault(cell.position // PAGE_SIZE, []).append(person)
    weighted = [(spearman(people), len(people)) for people in pages.values() if len(people) > 2]
    within = sum(rho * n for rho, n in weighted) / sum(n for _rho, n in weighted)
    return in_file, within


def sqlite_copy(url: str, target: Path) -> Path:
    """What a file backup of the live database would be (no shuffle first)."""
    database = make_url(url).database
    assert database is not None
    with sqlite3.connect(database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def postgres_ctid_order(app: Flask, wave_id: int) -> tuple[list[int], int]:
    """Positions in heap order (``ctid``), and how many distinct ``xmin`` the rows carry."""
    with get_engine(app).connect() as connection:
        rows = connection.execute(
            text("SELECT ctid::text, xmin::text, record FROM sealed_response WHERE wave_id = :w"),
            {"w": wave_id},
        ).all()

    def heap_place(ctid: str) -> tuple[int, int]:
        page, item = ctid.strip("()").split(",")
        return int(page), int(item)

    ordered = sorted(rows, key=lambda row: heap_place(row[0]))
    people = [opened_person(app, wave_id, bytes(row[2])) for row in ordered]
    return people, len({row[1] for row in rows})


def postgres_dump_rows(backup: Path, table: str) -> list[list[bytes]]:
    """The rows of ``table`` in a custom-format dump, in the order they are in the file."""
    restored = subprocess.run(
        [
            str(find_bin_dir() / "pg_restore"),
            "--data-only",
            f"--table={table}",
            "-f",
            "-",
            str(backup),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    block = restored.split(f"COPY public.{table} ", 1)[1].split("\n", 1)[1].split("\n\\.\n")[0]
    return [
        [
            bytes.fromhex(value[3:]) if value.startswith("\\\\x") else value.encode()
            for value in line.split("\t")
        ]
        for line in block.splitlines()
    ]


def back_up(app: Flask, out: Path) -> str:
    app.cli.add_command(backup_command)
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """All respondents come from the test client's one address: no rate limits."""
    app = make_app(database_url, tmp_path, RATELIMIT_ENABLED=False)
    yield app
    get_engine(app).dispose()


def test_storage_order_follows_submissions_until_the_wave_closes_then_not(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    wave_id, tokens = open_wave_with_invitations(app, PEOPLE)
    is_sqlite = database_url.startswith("sqlite")
    # Before: the first page's worth of respondents, stored as they came (no shuffle yet).
    first = PEOPLE // 5
    answer(app, tokens[:first], [answers_of(person) for person in range(first)])
    if is_sqlite:
        before, within_pages = sqlite_orders(
            app, wave_id, sqlite_copy(database_url, tmp_path / "open.db")
        )
        assert within_pages > 0.9, "the open wave's page would not show the order"
    else:
        before, _ = postgres_ctid_order(app, wave_id)
        assert spearman(before) > 0.9, "the open wave's heap would not show the order"
    assert sorted(before) == list(range(first))

    answer(app, tokens[first:], [answers_of(person) for person in range(first, PEOPLE)])
    while_open = stored_ids_and_records(app, wave_id)
    result = app.test_cli_runner().invoke(args=["wave", "close", str(wave_id)])
    assert result.exit_code == 0, result.output
    backup = tmp_path / "closed.backup"
    back_up(app, backup)
    survived = while_open & stored_ids_and_records(app, wave_id)
    assert not survived, f"{len(survived)} ids or ciphertexts of the open wave survived"

    if is_sqlite:
        closed = sqlite_copy(database_url, tmp_path / "closed.db")
        in_backup, within_backup_pages = sqlite_orders(app, wave_id, backup)
        in_database, within_database_pages = sqlite_orders(app, wave_id, closed)
        orders = {"backup file": in_backup, "database file": in_database}
        for where, rho in (("backup", within_backup_pages), ("database", within_database_pages)):
            assert abs(rho) < 0.3, f"{where} pages: mean rank correlation {rho:.2f}"
        assert pages_in_key_order(backup, wave_id) and pages_in_key_order(closed, wave_id)
    else:
        dumped = postgres_dump_rows(backup, "sealed_response")
        heap, transactions = postgres_ctid_order(app, wave_id)
        assert transactions == 1, "xmin would still tell when each row was written"
        orders = {
            "backup file": [opened_person(app, wave_id, row[2]) for row in dumped],
            "heap (ctid)": heap,
        }
    for where, order in orders.items():
        assert sorted(order) == list(range(PEOPLE)), where
        assert abs(spearman(order)) < 0.3, f"{where}: rank correlation {spearman(order):.2f}"


def comment_of(person: int) -> str:
    return f"{MARKER} from person {person}: supervision was cancelled again." * (1 + person % 3)


def plaintexts(app: Flask, wave_id: int, people: list[dict[str, str]]) -> list[bytes]:
    """What must not be in any file: each response's and comment's plaintext, in every form
    the tests can think of (raw, hex as PostgreSQL writes bytea), and the marker itself."""
    layout = layout_of_wave(app, wave_id)
    responses = stored_responses(app, wave_id)
    found = [MARKER.encode()]
    for response in responses:
        answers = {key: str(value) for key, value in response.answers.items()}
        found.append(layout.encode_fields(response.unit_id, response.bands, answers))
    in_order = sorted(responses, key=lambda r: person_of(r.answers))
    for response, given in zip(in_order, people, strict=True):
        text = given["comment_keep_v1"]
        prompt = layout.prompt_code("comment_keep_v1")
        found += [text.encode(), encode_comment(response.unit_id, prompt, text)[:64]]
    return found + [value.hex().encode() for value in found]


def holders(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if p.exists()]


def leaks(files: list[Path], secrets: list[bytes]) -> list[tuple[str, bytes]]:
    pattern = re.compile(b"|".join(re.escape(secret) for secret in secrets))
    found = []
    for path in files:
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # PostgreSQL removed it since the listing: it holds nothing
            continue
        for match in pattern.finditer(data):
            found.append((path.name, match.group()[:40]))
    return found


@pytest.fixture
def searched(database_url: str, tmp_path: Path) -> Iterator[tuple[Flask, Path | None]]:
    """The app, and on PostgreSQL the data directory of a cluster of its own: its every file is
    searched, and the shared cluster's hold every other test's databases and their WAL
    (gigabytes by the end of a run)."""
    cluster = None
    if database_url.startswith("postgresql"):
        cluster = Cluster()
        cluster.start()
        database_url = cluster.create_database()
        migrate.upgrade(database_url)
    app = make_app(database_url, tmp_path, RATELIMIT_ENABLED=False)
    yield app, cluster.data if cluster is not None else None
    get_engine(app).dispose()
    if cluster is not None:
        cluster.stop()


def test_no_file_holds_an_answer_band_unit_or_comment_in_plain(
    searched: tuple[Flask, Path | None], database_url: str, tmp_path: Path
) -> None:
    """The marker comment and each response's encoded answers, band and unit are searched for
    in the database file and its write-ahead log while the wave is open, and after it closes in
    those and the backup (on PostgreSQL: the whole data directory, WAL included, and the dump
    both as stored and as the SQL it restores to). Every record of a wave has one length."""
    app, data = searched
    people = [{**answers_of(person), "comment_keep_v1": comment_of(person)} for person in range(9)]
    wave_id, tokens = open_wave_with_invitations(app, len(people))
    answer(app, tokens, people)
    secrets = plaintexts(app, wave_id, people)
    assert len(stored_responses(app, wave_id)) == len(people)
    if database_url.startswith("sqlite"):
        database = Path(str(make_url(database_url).database))
        files = holders(database)
        assert Path(f"{database}-wal").stat().st_size > 0, "the open wave's WAL is searched"
    else:
        assert data is not None
        files = [p for p in data.rglob("*") if p.is_file() and p.stat().st_size > 0]
        assert any("pg_wal" in p.parts for p in files)
    assert leaks(files, secrets) == []
    planted = tmp_path / "planted"
    planted.write_bytes(b"\0" * 100 + secrets[1] + b"\0")
    assert leaks([planted], secrets), "the search would not find an encoded response"

    with get_engine(app).connect() as connection:
        lengths = {
            kind: {
                len(bytes(record))
                for (record,) in connection.execute(
                    text(f"SELECT record FROM sealed_{kind} WHERE wave_id = :w"), {"w": wave_id}
                )
            }
            for kind in (RESPONSE, COMMENT)
        }
    assert len(lengths[RESPONSE]) == 1, "records of one wave differ in length"
    assert lengths[COMMENT] <= {bucket + 32 for bucket in (512, 2048, 8192)}

    assert app.test_cli_runner().invoke(args=["wave", "close", str(wave_id)]).exit_code == 0
    backup = tmp_path / "after.backup"
    back_up(app, backup)
    if database_url.startswith("sqlite"):
        files = [*holders(database), backup]
        assert Path(f"{database}-wal").stat().st_size == 0, "the WAL keeps old page images"
    else:
        restored = tmp_path / "restored.sql"
        subprocess.run(
            [str(find_bin_dir() / "pg_restore"), "-f", str(restored), str(backup)], check=True
        )
        assert data is not None
        files = [p for p in data.rglob("*") if p.is_file()] + [backup, restored]
    assert leaks(files, secrets) == []


def test_each_live_release_rewrites_the_records_and_views_between_do_not(
    app: Flask, database_url: str
) -> None:
    """With live results, a snapshot released after k more responses rewrites every record of
    the wave under new ids; a page view that releases nothing leaves them as they are."""
    from surveyapp.services.publication import current_plan
    from tests.support.live_waves import LIVE, answered_one_at_a_time

    with app.app_context(), session_scope(app) as session:
        wave = answered_one_at_a_time(session, app, 5)  # released at 5
        wave_id = wave.id
    released = stored_ids_and_records(app, wave_id)
    bank = runtime(app).banks["social-work-pulse"]
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        record_responses(session, wave_id, bank, [(wave.root_unit_id, EMPTY)], TEST_CIPHER)
        current_plan(session, wave, bank, LIVE)  # 6 responses: no release
    after_a_view = stored_ids_and_records(app, wave_id)
    assert len(after_a_view - released) == 2, "only the new response's id and record are new"
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        record_responses(session, wave_id, bank, [(wave.root_unit_id, EMPTY)] * 4, TEST_CIPHER)
        current_plan(session, wave, bank, LIVE)  # 10: a release
    assert not after_a_view & stored_ids_and_records(app, wave_id)
    assert len(stored_responses(app, wave_id)) == 10


def test_a_backup_of_an_open_wave_rewrites_its_records_first_and_says_so(
    app: Flask, tmp_path: Path
) -> None:
    wave_id, tokens = open_wave_with_invitations(app, 3)
    answer(app, tokens, [answers_of(person) for person in range(3)])
    before = stored_ids_and_records(app, wave_id)
    output = back_up(app, tmp_path / "open.backup")
    assert "First rewrote the 3 sealed records of 1 open wave(s) in random order" in output
    assert not before & stored_ids_and_records(app, wave_id)
    assert sorted(person_of(r.answers) for r in stored_responses(app, wave_id)) == [0, 1, 2]
