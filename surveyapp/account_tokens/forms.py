"""Naming a new API token, and choosing one to revoke."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from surveyapp.form_fields import strip
from surveyapp.services.api_tokens import MAX_LENGTH


class NewTokenForm(FlaskForm):
    label = StringField(
        _l("Name the token"),
        description=_l("Say what will use it, for example the board's reporting spreadsheet."),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter a name for the token")),
            Length(
                max=MAX_LENGTH,
                message=_l("The name must be %(n)s characters or fewer", n=MAX_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "off"},
    )


class RevokeForm(FlaskForm):
    label = HiddenField(validators=[InputRequired()])
