"""Whole-number ids in URLs are database keys: a number no key can hold names nothing (404).

Werkzeug's ``int`` converter accepts any number of digits, and SQLite refuses a Python int past
64 bits with an ``OverflowError`` (a 500) instead of finding no row (found by the fuzz in
tests/security), as PostgreSQL refuses one past its 32-bit ``integer`` keys. Bounding every
``<int:...>`` rule already registered at the largest key a column can hold makes such a URL a
plain 404, whatever the view does next.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

LARGEST_KEY = 2**31 - 1
"""Every table's key is an ``integer`` (32 bits on PostgreSQL)."""


def bound_integer_ids(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        for converter in rule._converters.values():  # noqa: SLF001 - no public way in
            if isinstance(converter, IntegerConverter) and (
                converter.max is None or converter.max > LARGEST_KEY
            ):
                converter.max = LARGEST_KEY
