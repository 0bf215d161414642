"""The invitation pages' forms. An address list comes pasted, uploaded, or both; the lines
that are not addresses are reported by number on the page that follows, not refused here."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from surveyapp.domain.address_list import MAX_ADDRESSES, AddressList, parse_address_list
from surveyapp.form_fields import DateInputField
from surveyapp.languages import translated
from surveyapp.services.invitation_desk import FileFormat
from surveyapp.services.invitations import MAX_BATCH

MAX_UPLOAD_BYTES = 200 * 1024


class DownloadForm(FlaskForm):
    count = IntegerField(
        _l("How many invitations"),
        description=_l(
            "One for each person in the team, up to %(max)s at a time.", max=format(MAX_BATCH, ",")
        ),
        validators=[
            InputRequired(_l("Enter how many invitations to make")),
            NumberRange(
                1, MAX_BATCH, _l("Enter a number from 1 to %(max)s", max=format(MAX_BATCH, ","))
            ),
        ],
    )
    file_format = RadioField(
        _l("File"),
        choices=[
            SelectChoice(
                FileFormat.PDF.value, _l("Printable slips (PDF, 8 to a page, with QR codes)")
            ),
            SelectChoice(
                FileFormat.CSV.value, _l("A spreadsheet of links and codes (CSV, for a mail merge)")
            ),
        ],
        default=FileFormat.PDF.value,
        validators=[InputRequired(_l("Choose a file to download"))],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: the CSRF token is all it carries."""


class PosterForm(FlaskForm):
    token = HiddenField(validators=[InputRequired()])


class AddressesForm(FlaskForm):
    """Addresses pasted, uploaded as a text or CSV file (one address a line), or both.

    Once valid, ``parsed`` holds the list: at least one address, at most ``MAX_ADDRESSES``;
    lines that are not addresses are in it to report, not reasons to refuse the form.
    """

    addresses = TextAreaField(
        _l("Email addresses"),
        description=_l(
            "One a line, up to %(max)s at a time. They are used for this send and not kept.",
            max=MAX_ADDRESSES,
        ),
    )
    upload = FileField(
        _l("Or upload a file of addresses"),
        description=_l("A text or CSV file with one address a line."),
        validators=[FileAllowed(["txt", "csv"], _l("The file must be a .txt or .csv file"))],
    )
    parsed: AddressList

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        try:
            text = (self.addresses.data or "") + "\n" + self._uploaded_text()
        except ValueError as problem:
            self.upload.errors = [str(problem.args[0])]
            return False
        parsed = parse_address_list(text)
        problem = _list_problem(parsed)
        if problem:
            self.addresses.errors = [problem]
            return False
        self.parsed = parsed
        return True

    def _uploaded_text(self) -> str:
        upload = self.upload.data
        if not upload or not getattr(upload, "filename", ""):
            return ""
        raw = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ValueError(_l("The file must be smaller than %(size)s KB", size=200))
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ValueError(_l("The file must be plain text (UTF-8)")) from None


def _list_problem(parsed: AddressList) -> object | None:
    if not parsed.addresses and not parsed.problems:
        return _l("Enter at least one email address, or upload a file of them")
    if not parsed.addresses:
        first = parsed.problems[0]
        return _l(
            "No email addresses found: line %(line)s %(problem)s",
            line=first.line,
            problem=LazyString(translated, first.problem),
        )
    if parsed.is_too_long:
        return _l(
            "Enter at most %(max)s addresses at a time, and send the rest after", max=MAX_ADDRESSES
        )
    return None


class EmailForm(AddressesForm):
    keep_for_reminders = BooleanField(
        _l("Keep these addresses for reminders until the survey closes"),
        description=_l(
            "Kept encrypted, for this unit and survey only, and deleted when it closes."
        ),
    )


class RetryForm(FlaskForm):
    """The addresses a send could not reach, posted back as they were typed."""

    addresses = HiddenField(validators=[InputRequired()])
    keep_for_reminders = HiddenField()


class ReminderDateForm(FlaskForm):
    send_on = DateInputField(
        _l("Send a reminder on"),
        description=_l("For example, 27 11 2026. Reminders go from 9 in the morning."),
    )
    days_before_close = IntegerField(
        _l("Or a number of days before the survey closes"),
        validators=[
            Optional(),
            NumberRange(0, 365, _l("Enter a number of days from %(min)s to %(max)s")),
        ],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.send_on.data is None and self.days_before_close.data is None:
            self.send_on.errors = [_l("Enter a date, or a number of days before the survey closes")]
            return False
        if self.send_on.data is not None and self.days_before_close.data is not None:
            self.send_on.errors = [_l("Enter a date or a number of days, not both")]
            return False
        return True


class RemoveDateForm(FlaskForm):
    send_on = HiddenField(validators=[InputRequired()])


class OverIssueForm(FlaskForm):
    """A request to issue more invitations than the unit's headcount, for another admin."""

    count = IntegerField(
        _l("How many invitations you need to issue"),
        description=_l("The number you will download or email in one go once it is approved."),
        validators=[
            InputRequired(_l("Enter how many invitations you need to issue")),
            NumberRange(
                1, MAX_BATCH, _l("Enter a number from 1 to %(max)s", max=format(MAX_BATCH, ","))
            ),
        ],
    )
    reason = TextAreaField(
        _l("Why the team needs more than its headcount"),
        description=_l(
            "For example: the headcount is out of date, or slips were lost. The admin who "
            "approves it reads this, and it goes into the audit trail."
        ),
        validators=[
            InputRequired(_l("Say why the team needs more invitations than its headcount")),
            Length(max=500, message=_l("Write %(max)s characters or fewer", max=500)),
        ],
    )
