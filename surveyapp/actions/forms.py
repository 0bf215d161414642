"""The forms of action plans. Choices come from the plan and the staff list, but the service
checks every value again: a crafted form is refused there with the same messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, SelectField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from surveyapp.domain.actions import MAX_DESCRIPTION, MAX_REASON, MAX_UPDATE, ActionStatus
from surveyapp.form_fields import CharacterCountField, DateInputField, strip

NO_CHANGE = ""


class ActionForm(FlaskForm):
    measure = RadioField(
        _l("Which result is the action about?"),
        description=_l(
            "Only results published for this unit in this survey can be chosen, so "
            "that the next survey shows whether they changed."
        ),
        validators=[InputRequired(_l("Choose the result the action is about"))],
        validate_choice=False,  # the service checks it against the plan itself
    )
    description = CharacterCountField(
        _l("What will change?"),
        description=_l(
            "Say what will be done, so that staff can tell when it has been. It is "
            "shown to staff on the unit's \u201cYou said, we did\u201d page."
        ),
        max_length=MAX_DESCRIPTION,
        filters=[strip],
        validators=[DataRequired(_l("Enter what will change"))],
    )
    owner = SelectField(
        _l("Owner"),
        description=_l(
            "The person who will see it through: someone who can record this unit's actions."
        ),
        validators=[DataRequired(_l("Choose an owner"))],
        validate_choice=False,
    )
    due_on = DateInputField(
        _l("Due date"),
        description=_l("For example, 31 3 2027"),
        validators=[InputRequired(_l("Enter the date the action is due"))],
    )


class ProgressForm(FlaskForm):
    text = CharacterCountField(
        _l("Progress update"),
        description=_l(
            "What has happened since the last update. Updates are dated and shown to "
            "staff on the unit's \u201cYou said, we did\u201d page."
        ),
        max_length=MAX_UPDATE,
        filters=[strip],
        validators=[Optional()],
    )
    status = RadioField(
        _l("Status"),
        choices=[SelectChoice(NO_CHANGE, _l("Leave the status as it is"))]
        + [SelectChoice(status.value, status.label) for status in ActionStatus],
        default=NO_CHANGE,
        validate_choice=False,
    )
    dropped_reason = CharacterCountField(
        _l("If you are dropping it, why?"),
        description=_l("Staff see the reason beside the action."),
        max_length=MAX_REASON,
        filters=[strip],
        validators=[Optional()],
    )

    def validate_status(self, field: Field) -> None:
        if field.data not in (NO_CHANGE, *ActionStatus):
            raise ValidationError(_l("Choose a status from the list"))

    def chosen_status(self) -> ActionStatus | None:
        """The status chosen, or None to leave it as it is."""
        return None if self.status.data == NO_CHANGE else ActionStatus(self.status.data)
