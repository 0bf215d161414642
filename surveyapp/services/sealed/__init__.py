"""The sealed answer store in the database: layouts, records, rewrites in random order, scrubbing.

- ``layouts``: each wave's frozen layout;
- ``store``: writing and reading a wave's records, opened in memory only;
- ``shuffle``: re-sealing a wave's records in random order under new ids;
- ``scrub``: after a rewrite commits, leaving no old page (SQLite) or tuple (PostgreSQL);
- ``keycheck``: which keys the stored records need.
"""

from .keycheck import sealed_key_ids, unknown_key_ids
from .layouts import LAYOUT, frozen_layout, parsed_layout, store_layout, stored_layout
from .scrub import ScrubIncomplete, scrub, scrub_after_commit
from .shuffle import reseal_in_random_order
from .store import (
    KeysNeeded,
    aad,
    insert_records,
    opened_comments,
    opened_responses,
    read_records,
    records_per_wave,
)

__all__ = [
    "LAYOUT",
    "KeysNeeded",
    "ScrubIncomplete",
    "aad",
    "frozen_layout",
    "insert_records",
    "opened_comments",
    "opened_responses",
    "parsed_layout",
    "read_records",
    "records_per_wave",
    "reseal_in_random_order",
    "scrub",
    "scrub_after_commit",
    "sealed_key_ids",
    "store_layout",
    "stored_layout",
    "unknown_key_ids",
]
