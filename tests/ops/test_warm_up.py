"""A worker's warm-up, as gunicorn runs it: outside any app or request, before the first page."""

from __future__ import annotations

from typing import Any

import pytest

from surveyapp.ops import warm_up
from surveyapp.reporting import charts


def test_the_practice_charts_are_drawn_outside_a_request_and_never_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[bytes] = []
    real_render = charts.render

    def counted(spec: dict[str, Any], fmt: str = "svg") -> bytes:
        drawn.append(real_render(spec, fmt))
        return drawn[-1]

    monkeypatch.setattr(charts, "render", counted)
    kept_before = dict(charts._RENDERED)
    warm_up.start_engine()
    assert len(drawn) == 2 * len(warm_up.SIZES)  # theme scores and a trend, at every size
    assert all(picture.startswith(b"<svg") and b"Theme 4" in picture for picture in drawn)
    assert dict(charts._RENDERED) == kept_before  # made-up figures never reach a reader's page
