"""The form that turns on signing in with the council's account for a wave."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import Field, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import URL, DataRequired, InputRequired, Length, ValidationError

from surveyapp.form_fields import strip

CLAIM, DIRECTORY = "claim", "directory"
MAX_DIRECTORY_BYTES = 200 * 1024


class SignOnForm(FlaskForm):
    issuer_url = StringField(
        _l("Issuer URL"),
        description=_l(
            "The provider's OpenID Connect issuer. For Microsoft Entra ID, "
            "https://login.microsoftonline.com/TENANT-ID/v2.0"
        ),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the issuer URL")),
            URL(require_tld=False, message=_l("Enter the issuer as a web address, with https://")),
            Length(max=500, message=_l("Issuer URL must be %(max)s characters or fewer", max=500)),
        ],
    )
    client_id = StringField(
        _l("Client ID"),
        description=_l("The application (client) ID the provider gave this app."),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the client ID")),
            Length(max=200, message=_l("Client ID must be %(max)s characters or fewer", max=200)),
        ],
    )
    client_secret = PasswordField(
        _l("Client secret"),
        description=_l("Stored encrypted. Leave it empty to keep the secret already stored."),
        validators=[
            Length(
                max=500, message=_l("Client secret must be %(max)s characters or fewer", max=500)
            )
        ],
    )
    mapping = RadioField(
        _l("How is a person's team found?"),
        choices=[
            SelectChoice(CLAIM, _l("From a claim of their account (such as department)")),
            SelectChoice(DIRECTORY, _l("From a staff directory file")),
        ],
        validators=[InputRequired(_l("Choose how a person's team is found"))],
    )
    unit_claim = StringField(
        _l("Claim name"),
        description=_l(
            "A claim whose value is the unit's key or name, for example department, or groups "
            "when the provider sends group names."
        ),
        filters=[strip],
        validators=[
            Length(max=100, message=_l("Claim name must be %(max)s characters or fewer", max=100))
        ],
    )
    directory = FileField(
        _l("Staff directory"),
        description=_l(
            "A CSV file with the columns person and unit: each person's sign-in subject or "
            "email, and their unit's key or name. A new file replaces the one stored."
        ),
        validators=[
            FileAllowed(["csv", "txt"], _l("The selected file must be a CSV")),
            FileSize(
                MAX_DIRECTORY_BYTES,
                message=_l("The selected file must be smaller than %(size)s KB", size=200),
            ),
        ],
    )

    def __init__(
        self,
        *args: Any,
        has_secret: bool,
        has_directory: bool,
        require_https: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.require_https = require_https
        self.has_secret = has_secret
        self.has_directory = has_directory
        self.directory_text: str | None = None

    def validate_issuer_url(self, field: Field) -> None:
        if self.require_https and not str(field.data).lower().startswith("https://"):
            raise ValidationError(_l("Enter the issuer as an https:// address"))

    def validate_client_secret(self, field: Field) -> None:
        if not field.data and not self.has_secret:
            raise ValidationError(_l("Enter the client secret"))

    def validate_unit_claim(self, field: Field) -> None:
        if self.mapping.data == CLAIM and not field.data:
            raise ValidationError(_l("Enter the name of the claim that names a person's unit"))

    def validate_directory(self, field: Field) -> None:
        if self.mapping.data != DIRECTORY:
            return
        if not field.data:
            if not self.has_directory:
                raise ValidationError(_l("Select a staff directory file"))
            return
        try:
            self.directory_text = field.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _l("The selected file must be a CSV saved as UTF-8 text")
            ) from None
