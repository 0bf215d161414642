"""The typed code and token forms (the survey's question pages carry their answers by name)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from surveyapp.domain.blind_token import MAX_TOKEN_LENGTH
from surveyapp.domain.tokens import normalise

SHOWN_BACK = 80  # characters of a wrong code given back in the box


def _looks_like_a_code(_form: FlaskForm, field: Field) -> None:
    if normalise(field.data) is None:
        raise ValidationError(
            _l("Enter the code as it is printed, for example ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-AB")
        )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Enter your survey code"),
        description=_l(
            "It is printed on your invitation slip, for example "
            "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-AB. Capital letters and dashes are optional."
        ),
        validators=[
            DataRequired(_l("Enter the code from your invitation slip")),
            _looks_like_a_code,
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )

    def token(self) -> str | None:
        """The invitation token the code stands for (once the form is valid)."""
        return normalise(self.code.data or "")

    def shorten_for_display(self) -> None:
        """A wrong code is given back to correct, but no more of it than a code could be."""
        self.code.data = (self.code.data or "")[:SHOWN_BACK]


class TokenForm(FlaskForm):
    """The token got by signing in (``/sso/``), pasted, or filled in from this browser."""

    token = TextAreaField(
        _l("Your token"),
        description=_l(
            "Paste the token you copied or downloaded when you signed in. It starts with sv1."
        ),
        validators=[
            DataRequired(_l("Paste your token")),
            Length(max=MAX_TOKEN_LENGTH, message=_l("That is longer than a token can be")),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
