"""The workforce figures form: one box per figure of ``services.workforce.FIELDS``; an empty
box clears that figure."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, Field
from wtforms.validators import NumberRange, Optional, ValidationError

from surveyapp.domain.wording import Words
from surveyapp.services.workforce import FIELDS

LIMITS = {"fte_in_post": 100_000, "average_caseload": 1_000}


def _one_decimal_place(label: Words) -> Callable[[FlaskForm, Field], None]:
    def check(_form: FlaskForm, field: Field) -> None:
        value = field.data
        if isinstance(value, Decimal) and (not value.is_finite() or value != round(value, 1)):
            raise ValidationError(
                _l("%(label)s must have at most 1 decimal place, like 11.8", label=_l(label.msgid))
            )

    return check


def _figure(name: str, label: Words, suffix: str) -> DecimalField:
    top = 100 if suffix == "%" else LIMITS[name]
    shown = _l(label.msgid)
    return DecimalField(
        _l("%(label)s (%%)", label=shown) if suffix == "%" else shown,
        places=None,
        invalid_value_message=_l(
            "%(label)s must be a number, like %(example)s",
            label=shown,
            example="11.8" if suffix else "36",
        ),
        validators=[
            Optional(),
            NumberRange(
                0,
                top,
                _l("%(label)s must be between 0 and %(max)s", label=shown, max=format(top, ",")),
            ),
            _one_decimal_place(label),
        ],
    )


class WorkforceForm(FlaskForm):
    def figures(self) -> dict[str, Decimal | None]:
        return {name: self[name].data for name in FIELDS}


for _name, (_label, _suffix) in FIELDS.items():
    setattr(WorkforceForm, _name, _figure(_name, _label, _suffix))
