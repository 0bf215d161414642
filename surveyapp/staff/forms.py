"""The form for a new staff account. Which units may be chosen depends on the admin: the view
fills ``scope_unit_id``'s choices with the units of their own scope."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from surveyapp.domain.roles import Role
from surveyapp.form_fields import strip
from surveyapp.services.users import MAX_VIEWER_DEPTH

ROLE_CHOICES = [
    SelectChoice(Role.ADMIN.value, "Admin: runs surveys, invitations and staff accounts"),
    SelectChoice(Role.ANALYST.value, "Analyst: reads results and comments"),
    SelectChoice(Role.VIEWER.value, "Viewer: a board member or inspector reading results"),
]


class NewStaffForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[strip],
        validators=[DataRequired("Enter their email address"), Length(max=320)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = RadioField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Choose a role")])
    scope_unit_id = SelectField(
        "Unit they look after",
        description="They see this unit and the units below it, and nothing else.",
        coerce=int,
        validators=[InputRequired("Choose a unit")],
    )
    viewer_max_depth = IntegerField(
        "Viewers: how many levels below that unit they may see",
        description="0 is that unit alone, 1 adds the units directly below it. Admins and"
        " analysts see every level.",
        default=1,
        validators=[
            Optional(),
            NumberRange(0, MAX_VIEWER_DEPTH, f"Enter a number from 0 to {MAX_VIEWER_DEPTH}"),
        ],
    )
    can_see_comments = BooleanField(
        "Viewers: may read published comments",
        description="Admins and analysts always can.",
    )
    send_link = BooleanField(
        "Email them a link to set their password now",
        default=True,
        description="The link works once, for 48 hours. No password is ever emailed.",
    )
