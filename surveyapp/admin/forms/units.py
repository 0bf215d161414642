"""Forms of the unit pages: upload a unit file, apply its preview, edit one unit."""

from __future__ import annotations

import base64
import binascii
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import Field, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from surveyapp.domain.unit_tree import MAX_HEADCOUNT, MAX_NAME
from surveyapp.form_fields import strip

MAX_FILE_BYTES = 128 * 1024  # its preview re-posts it, base64 encoded, within the request limit
FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


def _read_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _l(
                "The selected file must be a CSV saved as UTF-8 text (in a spreadsheet, choose "
                "Save as, then CSV UTF-8)"
            )
        ) from None


class UnitFileForm(FlaskForm):
    file = FileField(
        _l("Unit file"),
        description=_l("A CSV file with the columns key, name, parent_key and headcount."),
        validators=[
            FileRequired(_l("Select a unit file")),
            FileAllowed(["csv", "txt"], _l("The selected file must be a CSV")),
            FileSize(
                MAX_FILE_BYTES,
                message=_l("The selected file must be smaller than %(size)s KB", size=128),
            ),
        ],
    )

    def validate_file(self, field: Field) -> None:
        self.text = _read_text(field.data.read())


class ApplyUnitsForm(FlaskForm):
    """The previewed file, carried back as it was uploaded, and what its preview showed."""

    csv = HiddenField(validators=[DataRequired(_l("Upload the unit file again"))])
    fingerprint = HiddenField(validators=[DataRequired(_l("Upload the unit file again"))])

    @classmethod
    def carrying(cls, text: str, fingerprint: str) -> ApplyUnitsForm:
        form = cls(formdata=None)
        form.csv.data = base64.b64encode(text.encode()).decode()
        form.fingerprint.data = fingerprint
        return form

    def validate_csv(self, field: Field) -> None:
        try:
            data = base64.b64decode(field.data, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(_l("Upload the unit file again")) from None
        self.text = _read_text(data)

    def validate_fingerprint(self, field: Field) -> None:
        if not FINGERPRINT.match(field.data or ""):
            raise ValidationError(_l("Upload the unit file again"))


class EditUnitForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the unit's name")),
            Length(
                max=MAX_NAME, message=_l("Name must be %(max)s characters or fewer", max=MAX_NAME)
            ),
        ],
    )
    parent = SelectField(
        _l("Part of"),
        description=_l("The unit it belongs to. A unit cannot be moved inside itself."),
        coerce=int,
        validate_choice=False,  # the service says why a unit cannot go there
    )
    headcount = IntegerField(
        _l("Headcount"),
        description=_l("People in this unit itself, not counting the units below it."),
        invalid_value_message=_l("Headcount must be a whole number, like 8"),
        validators=[
            InputRequired(_l("Enter the headcount")),
            NumberRange(
                0,
                MAX_HEADCOUNT,
                _l("Headcount must be between 0 and %(max)s", max=format(MAX_HEADCOUNT, ",")),
            ),
        ],
    )
