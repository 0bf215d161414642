from flask.testing import FlaskClient


def test_home_page_says_what_the_service_is(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1" in page and "Staff Voice" in page
    assert 'href="/code"' in page and 'href="/sign-in"' in page
    assert "at least 5 people" in page and "at least 10" in page


def test_pages_carry_privacy_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "http" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_stylesheet_is_served_by_the_app(client: FlaskClient) -> None:
    with client.get("/static/app.css") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"


def test_privacy_page_states_the_thresholds_of_this_deployment(client: FlaskClient) -> None:
    page = client.get("/privacy").get_data(as_text=True)
    assert "at least <strong>5</strong> people" in page
    assert "at least <strong>10</strong>" in page
    assert "No results are shown while a survey is open" in page
