"""The form for a new staff account. Which units may be chosen depends on the admin: the view
fills ``scope_unit_id``'s choices with the units of their own scope."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
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
    SelectChoice(Role.ADMIN.value, _l("Admin: runs surveys, invitations and staff accounts")),
    SelectChoice(Role.ANALYST.value, _l("Analyst: reads results and comments")),
    SelectChoice(Role.VIEWER.value, _l("Viewer: a board member or inspector reading results")),
]


class NewStaffForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        filters=[strip],
        validators=[DataRequired(_l("Enter their email address")), Length(max=320)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = RadioField(
        _l("Role"), choices=ROLE_CHOICES, validators=[InputRequired(_l("Choose a role"))]
    )
    scope_unit_id = SelectField(
        _l("Unit they look after"),
        description=_l("They see this unit and the units below it, and nothing else."),
        coerce=int,
        validators=[InputRequired(_l("Choose a unit"))],
    )
    viewer_max_depth = IntegerField(
        _l("Viewers: how many levels below that unit they may see"),
        description=_l(
            "0 is that unit alone, 1 adds the units directly below it. Admins and"
            " analysts see every level."
        ),
        default=1,
        validators=[
            Optional(),
            NumberRange(
                0, MAX_VIEWER_DEPTH, _l("Enter a number from 0 to %(n)s", n=MAX_VIEWER_DEPTH)
            ),
        ],
    )
    can_see_comments = BooleanField(
        _l("Viewers: may read published comments"),
        description=_l("Admins and analysts always can."),
    )
    send_link = BooleanField(
        _l("Email them a link to set their password now"),
        default=True,
        description=_l("The link works once, for 48 hours. No password is ever emailed."),
    )
