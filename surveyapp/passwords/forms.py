"""Choosing a password. How strong it must be is a domain rule (``domain.password_rule``),
checked with the account's email address as a word it must not lean on."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired

from surveyapp.domain.password_rule import MIN_LENGTH


class SetPasswordForm(FlaskForm):
    # Passwords are taken exactly as typed, spaces included.
    password = PasswordField(
        _l("New password"),
        description=_l(
            "At least %(n)s characters. Three or four words that do not go together are easy"
            " to remember and hard to guess.",
            n=MIN_LENGTH,
        ),
        validators=[InputRequired(_l("Enter a new password"))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[
            InputRequired(_l("Type the password again")),
            EqualTo("password", _l("The two passwords are not the same")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
