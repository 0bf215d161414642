"""What the wave and pulse forms share: which question bank, and which unit is asked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, SelectField, ValidationError
from wtforms.validators import InputRequired

from surveyapp.domain.banks import Bank
from surveyapp.languages import current_language
from surveyapp.runtime import runtime
from surveyapp.services.units import TreeRow


def readers_banks() -> dict[str, Bank]:
    """The question banks, in the reader's language (titles and questions shown on a page)."""
    return {key: bank.in_language(current_language()) for key, bank in runtime().banks.items()}


def bank_field() -> RadioField:
    return RadioField(
        _l("Question bank"),
        validate_choice=False,
        validators=[InputRequired(_l("Choose a question bank"))],
    )


def asked_unit_field() -> SelectField:
    return SelectField(
        _l("Who is asked"),
        description=_l("Everyone in this unit and in every unit below it."),
        coerce=int,
        validate_choice=False,  # a unit the admin does not look after is a 404 (the view)
    )


def check_bank(field: Field) -> None:
    """The inline validator of a ``bank_field``: one of the banks offered."""
    if field.data not in [choice.value for choice in field.choices or ()]:
        raise ValidationError(_l("Choose a question bank from the list"))


def offer(form: FlaskForm, banks: Mapping[str, Bank], units: Sequence[TreeRow]) -> None:
    """Offer the question banks (the one there is chosen already) and the units, indented by
    depth so the tree shows."""
    form.bank.choices = [
        SelectChoice(
            key, _("%(title)s (version %(version)s)", title=bank.title, version=bank.version)
        )
        for key, bank in sorted(banks.items(), key=lambda item: item[1].title)
    ]
    if not form.is_submitted() and len(form.bank.choices) == 1:
        form.bank.data = form.bank.choices[0].value
    form.root_unit.choices = [
        SelectChoice(str(row.unit.id), "– " * row.depth + row.unit.name) for row in units
    ]
