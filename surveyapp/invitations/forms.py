"""The invitation pages' forms. An address list comes pasted, uploaded, or both; the lines
that are not addresses are reported by number on the page that follows, not refused here."""

from __future__ import annotations

from typing import Any

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
from surveyapp.services.invitation_desk import FileFormat
from surveyapp.services.invitations import MAX_BATCH

MAX_UPLOAD_BYTES = 200 * 1024


class DownloadForm(FlaskForm):
    count = IntegerField(
        "How many invitations",
        description=f"One for each person in the team, up to {MAX_BATCH:,} at a time.",
        validators=[
            InputRequired("Enter how many invitations to make"),
            NumberRange(1, MAX_BATCH, f"Enter a number from 1 to {MAX_BATCH:,}"),
        ],
    )
    file_format = RadioField(
        "File",
        choices=[
            SelectChoice(FileFormat.PDF.value, "Printable slips (PDF, 8 to a page, with QR codes)"),
            SelectChoice(
                FileFormat.CSV.value, "A spreadsheet of links and codes (CSV, for a mail merge)"
            ),
        ],
        default=FileFormat.PDF.value,
        validators=[InputRequired("Choose a file to download")],
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
        "Email addresses",
        description=f"One a line, up to {MAX_ADDRESSES} at a time. They are used for this send"
        " and not kept.",
    )
    upload = FileField(
        "Or upload a file of addresses",
        description="A text or CSV file with one address a line.",
        validators=[FileAllowed(["txt", "csv"], "The file must be a .txt or .csv file")],
    )
    parsed: AddressList

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        try:
            text = (self.addresses.data or "") + "\n" + self._uploaded_text()
        except ValueError as problem:
            self.upload.errors = [str(problem)]
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
            raise ValueError("The file must be smaller than 200 KB")
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ValueError("The file must be plain text (UTF-8)") from None


def _list_problem(parsed: AddressList) -> str | None:
    if not parsed.addresses and not parsed.problems:
        return "Enter at least one email address, or upload a file of them"
    if not parsed.addresses:
        first = parsed.problems[0]
        return f"No email addresses found: line {first.line} {first.problem}"
    if parsed.is_too_long:
        return f"Enter at most {MAX_ADDRESSES} addresses at a time, and send the rest after"
    return None


class EmailForm(AddressesForm):
    keep_for_reminders = BooleanField(
        "Keep these addresses for reminders until the survey closes",
        description="Kept encrypted, for this unit and survey only, and deleted when it closes.",
    )


class RetryForm(FlaskForm):
    """The addresses a send could not reach, posted back as they were typed."""

    addresses = HiddenField(validators=[InputRequired()])
    keep_for_reminders = HiddenField()


class ReminderDateForm(FlaskForm):
    send_on = DateInputField(
        "Send a reminder on",
        description="For example, 27 11 2026. Reminders go from 9 in the morning.",
    )
    days_before_close = IntegerField(
        "Or a number of days before the survey closes",
        validators=[Optional(), NumberRange(0, 365, "Enter a number of days from 0 to 365")],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.send_on.data is None and self.days_before_close.data is None:
            self.send_on.errors = ["Enter a date, or a number of days before the survey closes"]
            return False
        if self.send_on.data is not None and self.days_before_close.data is not None:
            self.send_on.errors = ["Enter a date or a number of days, not both"]
            return False
        return True


class RemoveDateForm(FlaskForm):
    send_on = HiddenField(validators=[InputRequired()])


class OverIssueForm(FlaskForm):
    """A request to issue more invitations than the unit's headcount, for another admin."""

    count = IntegerField(
        "How many invitations you need to issue",
        description="The number you will download or email in one go once it is approved.",
        validators=[
            InputRequired("Enter how many invitations you need to issue"),
            NumberRange(1, MAX_BATCH, f"Enter a number from 1 to {MAX_BATCH:,}"),
        ],
    )
    reason = TextAreaField(
        "Why the team needs more than its headcount",
        description="For example: the headcount is out of date, or slips were lost. The admin "
        "who approves it reads this, and it goes into the audit trail.",
        validators=[
            InputRequired("Say why the team needs more invitations than its headcount"),
            Length(max=500, message="Write 500 characters or fewer"),
        ],
    )
