"""What the wave and pulse forms share: which question bank, and which unit is asked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, SelectField, ValidationError
from wtforms.validators import InputRequired

from surveyapp.domain.banks import Bank
from surveyapp.services.units import TreeRow


def bank_field() -> RadioField:
    return RadioField(
        "Question bank", validate_choice=False, validators=[InputRequired("Choose a question bank")]
    )


def asked_unit_field() -> SelectField:
    return SelectField(
        "Who is asked",
        description="Everyone in this unit and in every unit below it.",
        coerce=int,
        validate_choice=False,  # a unit the admin does not look after is a 404 (the view)
    )


def check_bank(field: Field) -> None:
    """The inline validator of a ``bank_field``: one of the banks offered."""
    if field.data not in [choice.value for choice in field.choices or ()]:
        raise ValidationError("Choose a question bank from the list")


def offer(form: FlaskForm, banks: Mapping[str, Bank], units: Sequence[TreeRow]) -> None:
    """Offer the question banks (the one there is chosen already) and the units, indented by
    depth so the tree shows."""
    form.bank.choices = [
        SelectChoice(key, f"{bank.title} (version {bank.version})")
        for key, bank in sorted(banks.items(), key=lambda item: item[1].title)
    ]
    if not form.is_submitted() and len(form.bank.choices) == 1:
        form.bank.data = form.bank.choices[0].value
    form.root_unit.choices = [
        SelectChoice(str(row.unit.id), "– " * row.depth + row.unit.name) for row in units
    ]
