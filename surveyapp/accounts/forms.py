"""The sign-in form. Its messages are those staff have always seen: tests hold them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, InputRequired

from surveyapp.form_fields import strip


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your email address"))],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    # A password is taken exactly as typed, spaces included.
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password"))],
        render_kw={"autocomplete": "current-password"},
    )
