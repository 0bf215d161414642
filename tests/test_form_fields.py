"""The shared form fields and the GOV.UK macros that draw them: what was typed comes back, errors
are worded from the label, and the error summary links to the first box of the field at fault."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask, render_template_string
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from surveyapp.form_fields import (
    CharacterCountField,
    CheckboxesField,
    DateInputField,
    read_date,
    strip,
)


class Everything(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", filters=[strip], validators=[DataRequired("Enter a name")])
    headcount = IntegerField(
        "Headcount",
        description="People in the team",
        validators=[InputRequired("Enter the headcount"), NumberRange(0, 10, "Too many")],
    )
    layout = RadioField(
        "Layout",
        choices=[SelectChoice("board", "Board pack"), SelectChoice("service", "Service report")],
        validators=[InputRequired("Choose a layout")],
    )
    formats = CheckboxesField(
        "Formats",
        choices=[SelectChoice("html", "HTML"), SelectChoice("pdf", "PDF")],
        validators=[Optional()],
    )
    bank = SelectField(
        "Question bank", choices=[SelectChoice("a", "Bank A"), SelectChoice("b", "Bank B")]
    )
    opens = DateInputField("Opening date", validators=[DataRequired("Enter the opening date")])
    note = CharacterCountField("Note", max_length=20, validators=[Optional()])
    confirm = BooleanField("I understand")
    upload = FileField("Unit file", validators=[FileRequired("Select a CSV file")])


PAGE = """{% import "macros/forms.html" as forms %}{{ forms.form_error_summary(form) }}
{% for f in form %}{{ forms.field(f) }}{% endfor %}"""


def render(app: Flask, data: dict[str, object] | None) -> tuple[Everything, str]:
    method = "GET" if data is None else "POST"
    with app.test_request_context("/", method=method, data=data or {}):
        form = Everything() if data is not None else Everything(formdata=None)
        if data is not None:
            form.validate()
        return form, render_template_string(PAGE, form=form)


@pytest.mark.parametrize(
    ("parts", "problem", "wrong"),
    [
        ({"day": "", "month": "", "year": ""}, "", ()),
        (
            {"day": "3", "month": "", "year": "2026"},
            "Opening date must include a month",
            ("month",),
        ),
        (
            {"day": "", "month": "", "year": "2026"},
            "Opening date must include a day and month",
            ("day", "month"),
        ),
        ({"day": "31", "month": "2", "year": "2026"}, "Opening date must be a real date", None),
        ({"day": "x", "month": "2", "year": "2026"}, "Opening date must be a real date", ("day",)),
        ({"day": "1", "month": "2", "year": "26"}, "Year must include 4 numbers", ("year",)),
    ],
)
def test_a_date_that_cannot_be_read_says_why(
    parts: dict[str, str], problem: str, wrong: tuple[str, ...] | None
) -> None:
    date, said, at_fault = read_date(parts, "Opening date")
    assert date is None and said == problem
    assert at_fault == (wrong if wrong is not None else ("day", "month", "year"))


def test_a_real_date_is_read() -> None:
    assert read_date({"day": "07", "month": "1", "year": "2027"}, "x") == (
        dt.date(2027, 1, 7),
        "",
        (),
    )


def test_nothing_posted_gives_every_required_message_linked_to_its_first_box(
    sqlite_app: Flask,
) -> None:
    form, page = render(sqlite_app, {})
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', page)
    assert links == [
        ("name", "Enter a name"),
        ("headcount", "Enter the headcount"),
        ("layout-1", "Choose a layout"),
        ("bank", "Not a valid choice."),
        ("opens-day", "Enter the opening date"),
        ("upload", "Select a CSV file"),
    ]
    assert 'id="opens-day"' in page and 'name="opens-month"' in page
    assert 'aria-describedby="headcount-hint headcount-error"' in page
    assert " required" not in page, "GOV.UK forms validate on the server, not in the browser"
    assert 'type="number"' not in page and 'inputmode="numeric"' in page


def test_what_was_typed_comes_back_with_the_errors(sqlite_app: Flask) -> None:
    typed = {
        "name": "  Team <A>  ",
        "headcount": "eleven",
        "layout": "service",
        "formats": ["pdf"],
        "bank": "b",
        "opens-day": "31",
        "opens-month": "2",
        "opens-year": "2026",
        "note": "x" * 21,
        "confirm": "y",
    }
    form, page = render(sqlite_app, typed)
    assert 'value="Team &lt;A&gt;"' in page
    assert 'value="eleven"' in page
    assert re.search(r'value="service" checked', page)
    assert re.search(r'value="pdf" checked', page) and not re.search(r'value="html" checked', page)
    assert re.search(r'<option selected value="b">', page)
    assert 'value="31"' in page and 'value="2026"' in page
    assert "Opening date must be a real date" in page
    assert page.count("input--error") >= 4  # headcount and the three date boxes
    assert "Note must be 20 characters or fewer" in page
    assert "You can enter up to 20 characters" in page
    assert re.search(r'<input checked class="checkboxes__input" id="confirm"', page)
    assert form.errors.keys() >= {"headcount", "opens", "note", "upload"}


def test_a_valid_form_gives_typed_values(sqlite_app: Flask) -> None:
    data = MultiDict(
        {
            "name": " Team A ",
            "headcount": "7",
            "layout": "board",
            "bank": "a",
            "opens-day": "1",
            "opens-month": "12",
            "opens-year": "2026",
        }
    )
    data.add("formats", "html")
    data.add("formats", "pdf")
    with sqlite_app.test_request_context("/", method="POST", data=data):
        form = Everything()
        form.validate()
        assert set(form.errors) == {"upload"}
        assert form.name.data == "Team A" and form.headcount.data == 7
        assert form.formats.data == ["html", "pdf"]
        assert form.opens.data == dt.date(2026, 12, 1)


def test_a_stored_date_fills_the_boxes(sqlite_app: Flask) -> None:
    with sqlite_app.test_request_context("/"):
        form = Everything(formdata=None, opens=dt.date(2026, 3, 9))
        page = render_template_string(PAGE, form=form)
    assert 'name="opens-day" type="text" inputmode="numeric" value="9"' in page
    assert 'name="opens-year" type="text" inputmode="numeric" value="2026"' in page
