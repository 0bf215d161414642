"""The report form: which unit, which layout, in which language, trends from which wave, and
what to download."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired

BUNDLE, PDF = "bundle", "pdf"


class ReportForm(FlaskForm):
    unit = SelectField(
        _l("Unit"),
        description=_l("The report covers this unit and the units below it."),
        coerce=int,
        validate_choice=False,  # a unit outside the admin's scope is a 404 (the view)
    )
    layout = RadioField(_l("Layout"), validators=[InputRequired(_l("Choose a layout"))])
    language = RadioField(
        _l("Language"),
        description=_l("The whole report is written in this language, and signed with it."),
    )
    """One is always chosen: the deployment's first language unless another is (the view)."""
    from_wave = SelectField(
        _l("Trends from"), description=_l("The earliest wave its trends show."), default=""
    )
    download = RadioField(
        _l("Download"),
        choices=[
            SelectChoice(
                BUNDLE,
                _l(
                    "The signed report: a zip of the HTML, the PDF, the published figures as CSV "
                    "and the signature"
                ),
            ),
            SelectChoice(PDF, _l("The PDF on its own")),
        ],
        default=BUNDLE,
        validators=[InputRequired(_l("Choose what to download"))],
    )
