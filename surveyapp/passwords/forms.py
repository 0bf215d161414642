"""Choosing a password. How strong it must be is a domain rule (``domain.password_rule``),
checked with the account's email address as a word it must not lean on."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired

from surveyapp.domain.password_rule import MIN_LENGTH


class SetPasswordForm(FlaskForm):
    # Passwords are taken exactly as typed, spaces included.
    password = PasswordField(
        "New password",
        description=f"At least {MIN_LENGTH} characters. Three or four words that do not go"
        " together are easy to remember and hard to guess.",
        validators=[InputRequired("Enter a new password")],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Type the password again",
        validators=[
            InputRequired("Type the password again"),
            EqualTo("password", "The two passwords are not the same"),
        ],
        render_kw={"autocomplete": "new-password"},
    )
