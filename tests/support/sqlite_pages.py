"""Read where each row of a table sits in a SQLite file, as someone holding the file would.

A WITHOUT ROWID table is a b-tree of records (keys) in pages; this walks it from its root page
and gives every record with its byte position in the file. Only what the tests need: no
overflow pages (the records looked at are far below a page), file format 4.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

INTERIOR_INDEX, LEAF_INDEX = 0x02, 0x0A


@dataclass(frozen=True)
class Cell:
    position: int
    """Byte offset of the cell in the file: page start plus its offset in the page."""
    values: tuple[object, ...]


def cells_of(path: Path, table: str) -> list[Cell]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
    data = path.read_bytes()
    page_size = struct.unpack_from(">H", data, 16)[0]
    page_size = 65536 if page_size == 1 else page_size
    usable = page_size - data[20]
    found: list[Cell] = []
    _walk(data, page_size, usable, root, found)
    return found


def _walk(data: bytes, page_size: int, usable: int, number: int, found: list[Cell]) -> None:
    start = (number - 1) * page_size
    header = start + (100 if number == 1 else 0)
    kind = data[header]
    assert kind in (INTERIOR_INDEX, LEAF_INDEX), f"page {number} is not an index b-tree page"
    cells = struct.unpack_from(">H", data, header + 3)[0]
    pointers = header + (12 if kind == INTERIOR_INDEX else 8)
    for i in range(cells):
        offset = struct.unpack_from(">H", data, pointers + 2 * i)[0]
        at = start + offset
        if kind == INTERIOR_INDEX:
            _walk(data, page_size, usable, struct.unpack_from(">I", data, at)[0], found)
            at += 4
        size, at = _varint(data, at)
        assert size <= (usable - 12) * 64 // 255 - 23, "overflowing records are not read here"
        found.append(Cell(start + offset, _record(data[at : at + size])))
    if kind == INTERIOR_INDEX:
        _walk(data, page_size, usable, struct.unpack_from(">I", data, header + 8)[0], found)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise AssertionError("unreachable")


def _record(payload: bytes) -> tuple[object, ...]:
    header_size, at = _varint(payload, 0)
    types = []
    while at < header_size:
        serial, at = _varint(payload, at)
        types.append(serial)
    body, values = header_size, []
    for serial in types:
        if serial == 0:
            values.append(None)
        elif 1 <= serial <= 6:
            width = (1, 2, 3, 4, 6, 8)[serial - 1]
            values.append(int.from_bytes(payload[body : body + width], "big", signed=True))
            body += width
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            width = (serial - 12) // 2
            chunk = payload[body : body + width]
            values.append(chunk if serial % 2 == 0 else chunk.decode())
            body += width
        else:
            raise AssertionError(f"serial type {serial} is not read here")
    return tuple(values)
