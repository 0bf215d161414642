"""The form that turns on signing in with the council's account for a wave."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import Field, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import URL, DataRequired, InputRequired, Length, ValidationError

from surveyapp.form_fields import strip

CLAIM, DIRECTORY = "claim", "directory"
MAX_DIRECTORY_BYTES = 200 * 1024


class SignOnForm(FlaskForm):
    issuer_url = StringField(
        "Issuer URL",
        description="The provider's OpenID Connect issuer. For Microsoft Entra ID, "
        "https://login.microsoftonline.com/<tenant id>/v2.0",
        filters=[strip],
        validators=[
            DataRequired("Enter the issuer URL"),
            URL(require_tld=False, message="Enter the issuer as a web address, with https://"),
            Length(max=500, message="Issuer URL must be 500 characters or fewer"),
        ],
    )
    client_id = StringField(
        "Client ID",
        description="The application (client) ID the provider gave this app.",
        filters=[strip],
        validators=[
            DataRequired("Enter the client ID"),
            Length(max=200, message="Client ID must be 200 characters or fewer"),
        ],
    )
    client_secret = PasswordField(
        "Client secret",
        description="Stored encrypted. Leave it empty to keep the secret already stored.",
        validators=[Length(max=500, message="Client secret must be 500 characters or fewer")],
    )
    mapping = RadioField(
        "How is a person's team found?",
        choices=[
            SelectChoice(CLAIM, "From a claim of their account (such as department)"),
            SelectChoice(DIRECTORY, "From a staff directory file"),
        ],
        validators=[InputRequired("Choose how a person's team is found")],
    )
    unit_claim = StringField(
        "Claim name",
        description="A claim whose value is the unit's key or name, for example department, "
        "or groups when the provider sends group names.",
        filters=[strip],
        validators=[Length(max=100, message="Claim name must be 100 characters or fewer")],
    )
    directory = FileField(
        "Staff directory",
        description="A CSV file with the columns person and unit: each person's sign-in "
        "subject or email, and their unit's key or name. A new file replaces the one stored.",
        validators=[
            FileAllowed(["csv", "txt"], "The selected file must be a CSV"),
            FileSize(MAX_DIRECTORY_BYTES, message="The selected file must be smaller than 200 KB"),
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
            raise ValidationError("Enter the issuer as an https:// address")

    def validate_client_secret(self, field: Field) -> None:
        if not field.data and not self.has_secret:
            raise ValidationError("Enter the client secret")

    def validate_unit_claim(self, field: Field) -> None:
        if self.mapping.data == CLAIM and not field.data:
            raise ValidationError("Enter the name of the claim that names a person's unit")

    def validate_directory(self, field: Field) -> None:
        if self.mapping.data != DIRECTORY:
            return
        if not field.data:
            if not self.has_directory:
                raise ValidationError("Select a staff directory file")
            return
        try:
            self.directory_text = field.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The selected file must be a CSV saved as UTF-8 text") from None
