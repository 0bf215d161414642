"""The form of a recurring pulse schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from surveyapp.domain.pulses import NAME_FIELDS, Cadence, Period
from surveyapp.form_fields import DateInputField, strip
from surveyapp.languages import translated

from .choices import asked_unit_field, bank_field, check_bank

NAME_HINT = _l(
    "Each wave's name. It can show %(fields)s.",
    fields=LazyString(
        lambda: "; ".join(
            f"{{{key}}}: {translated(meaning)}" for key, meaning in NAME_FIELDS.items()
        )
    ),
)


class PulseForm(FlaskForm):
    name_pattern = StringField(
        _l("Name of each wave"),
        description=NAME_HINT,
        default="Pulse {month}",
        filters=[strip],
        validators=[
            DataRequired(_l("Enter a name for the waves")),
            Length(max=150, message=_l("Name must be %(max)s characters or fewer", max=150)),
        ],
    )
    bank = bank_field()
    root_unit = asked_unit_field()
    every = IntegerField(
        _l("Repeat every"),
        default=1,
        invalid_value_message=_l("Repeat every must be a whole number, like 2"),
        validators=[InputRequired(_l("Enter how often the pulse repeats"))],
    )
    period = RadioField(
        _l("Weeks or months"),
        choices=[
            SelectChoice(Period.WEEKS.value, _l("Weeks")),
            SelectChoice(Period.MONTHS.value, _l("Months")),
        ],
        default=Period.MONTHS.value,
        validators=[InputRequired(_l("Choose weeks or months"))],
    )
    open_days = IntegerField(
        _l("Open for (days)"),
        description=_l("How many days each pulse takes answers, counting the day it opens."),
        default=14,
        invalid_value_message=_l("Open for must be a whole number of days, like 10"),
        validators=[InputRequired(_l("Enter how many days each pulse is open"))],
    )
    first_opens_on = DateInputField(
        _l("First opening date"),
        description=_l(
            "For example, 1 2 2027. Later pulses open on the same weekday, or the same day of "
            "the month."
        ),
        validators=[DataRequired(_l("Enter the first opening date"))],
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_bank(self, field: Field) -> None:
        check_bank(field)

    def validate_first_opens_on(self, field: Field) -> None:
        if field.data < self.today:
            raise ValidationError(_l("The first opening date must be today or in the future"))

    def cadence(self) -> Cadence:
        return Cadence(
            self.first_opens_on.data, self.every.data, Period(self.period.data), self.open_days.data
        )
