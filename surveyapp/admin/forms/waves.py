"""Forms of the wave pages: a new wave (open now or on a date), and the confirmations to open
and to close one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectChoice, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from surveyapp.form_fields import DateInputField, strip

from .choices import asked_unit_field, bank_field, check_bank

NOW, LATER = "now", "later"


class NewWaveForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("Staff see it on the survey's first page, for example Pulse: spring 2027."),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter a name for the wave")),
            Length(max=200, message=_l("Name must be %(max)s characters or fewer", max=200)),
        ],
    )
    bank = bank_field()
    root_unit = asked_unit_field()
    when = RadioField(
        _l("When does it open?"),
        choices=[SelectChoice(NOW, _l("Now")), SelectChoice(LATER, _l("On a date"))],
        validators=[InputRequired(_l("Choose when the wave opens"))],
    )
    opens_on = DateInputField(
        _l("Opening date"),
        description=_l(
            "If it opens on a date. For example, 11 1 2027. It opens early that morning."
        ),
    )
    closes_on = DateInputField(
        _l("Closing date"),
        description=_l("The last day staff can answer. For example, 29 1 2027."),
        validators=[DataRequired(_l("Enter the closing date"))],
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_bank(self, field: Field) -> None:
        check_bank(field)

    def validate_opens_on(self, field: Field) -> None:
        if self.when.data != LATER:
            return
        if field.data is None:
            raise ValidationError(_l("Enter the opening date, or choose to open it now"))
        if field.data < self.today:
            raise ValidationError(_l("The opening date must be today or in the future"))

    def validate_closes_on(self, field: Field) -> None:
        if field.data < self.today:
            raise ValidationError(_l("The closing date must be today or in the future"))
        opens = self.today if self.when.data == NOW else self.opens_on.data
        if opens is not None and field.data < opens:
            raise ValidationError(
                _l("The closing date must be the same as or after the opening date")
            )

    def opening(self) -> dt.date | None:
        """The planned opening date (None: open now)."""
        return self.opens_on.data if self.when.data == LATER else None


class ConfirmForm(FlaskForm):
    """The button of a confirmation page: what it confirms is in the address."""

    confirm = HiddenField(validators=[AnyOf(["yes"], _l("Use the button on this page to confirm"))])
