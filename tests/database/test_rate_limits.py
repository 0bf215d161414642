"""The SQL rate-limit store: exact counts across processes' worth of storages, windows that end,
no client address kept, and the settings that choose it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine, select

from surveyapp.config import ConfigError
from surveyapp.database import get_engine, make_engine
from surveyapp.database.rate_limits import (
    DatabaseStorage,
    SideFile,
    limiter_config,
    storage_for,
)
from surveyapp.models import RateLimitWindow
from tests.conftest import TEST_SETTINGS, make_app

PEPPER = TEST_SETTINGS["TOKEN_PEPPER"]
KEY = "LIMITER/203.0.113.9/respond.code/20/1/minute"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[Callable[[], Engine]]:
    """What the app's limiter counts in: a side file for SQLite, the app database otherwise."""
    side_file = storage_for(database_url, tmp_path)
    if side_file is not None:
        provider = SideFile(side_file)
        yield provider
        provider.dispose()
        return
    shared = make_engine(database_url)
    yield lambda: shared
    shared.dispose()


def storage(
    engine: Callable[[], Engine], clock: Clock | None = None, pepper: str = PEPPER
) -> DatabaseStorage:
    return DatabaseStorage(
        "database://", engine=engine, key_secret=pepper, **({"clock": clock} if clock else {})
    )


def stored_rows(engine: Callable[[], Engine]) -> list[tuple[str, int, float]]:
    with engine().connect() as connection:
        return [tuple(row) for row in connection.execute(select(RateLimitWindow.__table__))]  # type: ignore[misc]


def test_counts_within_a_window_and_starts_again_after_it(engine: Callable[[], Engine]) -> None:
    clock = Clock()
    limits = storage(engine, clock)
    assert [limits.incr(KEY, 60) for _ in range(3)] == [1, 2, 3]
    assert limits.get(KEY) == 3
    assert limits.get_expiry(KEY) == clock.now + 60
    clock.now += 59.9
    assert limits.incr(KEY, 60) == 4
    clock.now += 0.2
    assert limits.get(KEY) == 0, "the window has ended"
    assert limits.incr(KEY, 60) == 1
    assert limits.get_expiry(KEY) == clock.now + 60
    limits.clear(KEY)
    assert limits.get(KEY) == 0
    assert limits.check()


def test_ended_windows_are_deleted_and_no_address_is_kept(engine: Callable[[], Engine]) -> None:
    clock = Clock()
    limits = storage(engine, clock)
    limits.incr(KEY, 60)
    limits.incr(KEY.replace("203.0.113.9", "198.51.100.4"), 60)
    rows = stored_rows(engine)
    assert len(rows) == 2
    for key_hash, _hits, _expires_at in rows:
        assert len(key_hash) == 64 and "203.0.113" not in key_hash and "198.51" not in key_hash
    assert limits.key_hash(KEY) in {row[0] for row in rows}
    other = storage(engine, pepper="another pepper")
    assert other.key_hash(KEY) != limits.key_hash(KEY), "the hash is keyed by the pepper"
    clock.now += 61
    limits.incr("LIMITER/192.0.2.1/accounts.sign_in/10/1/minute", 60)
    assert [row[0] for row in stored_rows(engine)] == [
        limits.key_hash("LIMITER/192.0.2.1/accounts.sign_in/10/1/minute")
    ]


def test_workers_counting_at_once_count_exactly(engine: Callable[[], Engine]) -> None:
    workers, hits_each = 4, 25
    stores = [storage(engine) for _ in range(workers)]
    results: list[int] = []
    lock = threading.Lock()

    def hit(store: DatabaseStorage) -> None:
        for _ in range(hits_each):
            count = store.incr(KEY, 60)
            with lock:
                results.append(count)

    threads = [threading.Thread(target=hit, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == list(range(1, workers * hits_each + 1))
    assert stores[0].get(KEY) == workers * hits_each
    assert stores[0].reset() == 1


def test_sqlite_counters_live_beside_the_database_not_in_it(tmp_path: Path) -> None:
    assert storage_for(f"sqlite:///{tmp_path}/surveyapp.sqlite3", tmp_path / "instance") == (
        f"sqlite:///{tmp_path}/surveyapp.ratelimits.sqlite3"
    )
    assert storage_for("sqlite://", tmp_path) == f"sqlite:///{tmp_path}/ratelimits.sqlite3"
    assert storage_for("postgresql://app@db.internal/staffvoice", tmp_path) is None


def test_the_default_store_is_the_database(database_url: str, tmp_path: Path) -> None:
    from surveyapp.extensions import limiter

    app = make_app(database_url, tmp_path)
    try:
        assert app.config["RATELIMIT_STORAGE_URI"] == "database://"
        options = app.config["RATELIMIT_STORAGE_OPTIONS"]
        assert options["key_secret"] == app.config["TOKEN_PEPPER"]
        assert isinstance(limiter.storage, DatabaseStorage)
        engine = options["engine"]()
        if database_url.startswith("sqlite"):
            assert engine.url.database == str(tmp_path / "surveyapp.ratelimits.sqlite3")
            options["engine"].dispose()
        else:
            assert engine is get_engine(app), "PostgreSQL: the app database's own table"
    finally:
        get_engine(app).dispose()


@pytest.mark.parametrize(
    ("environment", "enabled", "refused"),
    [("production", True, True), ("production", False, False), ("development", True, False)],
)
def test_production_refuses_per_worker_memory_counters(
    tmp_path: Path, environment: str, enabled: bool, refused: bool
) -> None:
    app = SimpleNamespace(
        instance_path=str(tmp_path),
        config={
            "ENV": environment,
            "RATELIMIT_ENABLED": enabled,
            "RATELIMIT_STORAGE_URL": "memory://",
        },
    )
    if refused:
        with pytest.raises(ConfigError, match="memory:// counts per worker process"):
            limiter_config(app)  # type: ignore[arg-type]
    else:
        assert limiter_config(app) == {"RATELIMIT_STORAGE_URI": "memory://"}  # type: ignore[arg-type]
    redis = {**app.config, "RATELIMIT_STORAGE_URL": "rediss://redis.internal:6379/0"}
    assert limiter_config(SimpleNamespace(instance_path=str(tmp_path), config=redis)) == {  # type: ignore[arg-type]
        "RATELIMIT_STORAGE_URI": "rediss://redis.internal:6379/0"
    }
