"""Print what is left on each Welsh page (a copy of the i18n test's check, for debugging)."""
import pytest
from tests.i18n.test_every_page_in_welsh import PAGES, _in_welsh, _visitor, NOT_WORDS
from tests.support.welsh import english_left, not_welsh, page_text
from tests.test_routes import request_as, sample_url
from tests.i18n.test_every_page_in_welsh import world, typed  # noqa

@pytest.mark.parametrize("route", [r for r in PAGES if _in_welsh(r) and r.endpoint.split(".")[0] in ("admin", "invitations")], ids=str)
def test_show(world, typed, route):
    app, built = world
    client, status, _ = request_as(app, built, route, _visitor(route))
    r = client.get(sample_url(app, built, route), query_string={"lang": "cy"}, follow_redirects=True)
    if r.mimetype != "text/html":
        return
    text = page_text(r.get_data(as_text=True))
    left = english_left(text) + not_welsh(text, (*NOT_WORDS, *typed))
    if left:
        print("\n###", route, r.status_code, left[:40])
        if "SHOW" in __import__("os").environ: print(text)
