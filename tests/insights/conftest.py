from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    """Insights tests all run against (a fresh copy of) the demo council."""
    return demo_app
