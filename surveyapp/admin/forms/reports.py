"""The report form: which unit, which layout, trends from which wave, and what to download."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired

BUNDLE, PDF = "bundle", "pdf"


class ReportForm(FlaskForm):
    unit = SelectField(
        "Unit",
        description="The report covers this unit and the units below it.",
        coerce=int,
        validate_choice=False,  # a unit outside the admin's scope is a 404 (the view)
    )
    layout = RadioField("Layout", validators=[InputRequired("Choose a layout")])
    from_wave = SelectField(
        "Trends from", description="The earliest wave its trends show.", default=""
    )
    download = RadioField(
        "Download",
        choices=[
            SelectChoice(
                BUNDLE,
                "The signed report: a zip of the HTML, the PDF, the published figures as CSV "
                "and the signature",
            ),
            SelectChoice(PDF, "The PDF on its own"),
        ],
        default=BUNDLE,
        validators=[InputRequired("Choose what to download")],
    )
