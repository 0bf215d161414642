"""WTForms fields every blueprint's ``forms.py`` may use, shaped for the GOV.UK patterns that
``templates/macros/forms.html`` renders: the date input (day, month and year boxes), checkboxes,
and a textarea with a character limit.

Each field keeps what was typed, so a form that fails comes back as the person left it, and
words its errors as the GOV.UK patterns do, from the field's label ("Closing date must include
a month").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from wtforms import Field, SelectMultipleField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from surveyapp.domain.wording import words

DATE_PARTS = ("day", "month", "year")


def strip(value: object) -> object:
    """A filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


MUST_INCLUDE: dict[tuple[str, ...], Callable[[str], str]] = {
    ("day",): lambda name: words("%(name)s must include a day", name=name),
    ("month",): lambda name: words("%(name)s must include a month", name=name),
    ("year",): lambda name: words("%(name)s must include a year", name=name),
    ("day", "month"): lambda name: words("%(name)s must include a day and month", name=name),
    ("day", "year"): lambda name: words("%(name)s must include a day and year", name=name),
    ("month", "year"): lambda name: words("%(name)s must include a month and year", name=name),
}
"""A date's error for the boxes left empty, each a whole sentence (for the catalogue)."""


def read_date(parts: Mapping[str, str], name: str) -> tuple[dt.date | None, str, tuple[str, ...]]:
    """A date from its day, month and year as typed: (the date or None, the problem or "",
    the parts at fault). Nothing typed at all is no problem here: a required field says so."""
    missing = tuple(part for part in DATE_PARTS if not parts.get(part))
    if len(missing) == len(DATE_PARTS):
        return None, "", ()
    if missing:
        return None, MUST_INCLUDE[missing](name), missing
    if not all(parts[part].isdigit() for part in DATE_PARTS):
        wrong = tuple(part for part in DATE_PARTS if not parts[part].isdigit())
        return None, words("%(name)s must be a real date", name=name), wrong
    if len(parts["year"]) != 4:
        return None, words("Year must include 4 numbers"), ("year",)
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"])), "", ()
    except ValueError:
        return None, words("%(name)s must be a real date", name=name), DATE_PARTS


class DateInputField(Field):
    """The GOV.UK date input: three boxes named ``<name>-day``, ``-month`` and ``-year``.

    ``data`` is a ``datetime.date`` or None; ``parts`` holds what was typed in each box and
    ``error_parts`` the boxes at fault, for the template to mark.
    """

    def __init__(
        self, label: str | None = None, *, autocomplete: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(label, **kwargs)
        self.autocomplete = autocomplete
        self.parts: dict[str, str] = dict.fromkeys(DATE_PARTS, "")
        self.error_parts: tuple[str, ...] = ()
        self._problem = ""

    def process(
        self, formdata: Any, data: Any = unset_value, extra_filters: Iterable[Any] | None = None
    ) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = self.data = data
        if isinstance(data, dt.date):
            self.parts = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        self.raw_data = []
        if formdata is None or not any(f"{self.name}-{part}" in formdata for part in DATE_PARTS):
            return
        self.parts = {part: formdata.get(f"{self.name}-{part}", "").strip() for part in DATE_PARTS}
        if any(self.parts.values()):
            self.raw_data = ["-".join(self.parts[part] for part in DATE_PARTS)]
        self.data, self._problem, self.error_parts = read_date(self.parts, self.label.text)

    def pre_validate(self, form: Any) -> None:
        if self._problem:
            raise StopValidation(self._problem)

    def _value(self) -> str:
        return self.data.isoformat() if isinstance(self.data, dt.date) else ""


class CheckboxesField(SelectMultipleField):
    """Several choices as GOV.UK checkboxes (a ``SelectMultipleField`` drawn as a fieldset)."""


class CharacterCountField(TextAreaField):
    """A textarea with a limit, drawn as the GOV.UK character count: the limit is stated under
    the box and checked on the server with the GOV.UK wording."""

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] = (),
        *,
        max_length: int,
        **kwargs: Any,
    ) -> None:
        def limit(_form: Any, field: Field) -> None:
            if field.data and len(field.data) > max_length:
                raise ValidationError(
                    words(
                        "%(label)s must be %(count)s characters or fewer",
                        label=field.label.text,
                        count=format(max_length, ","),
                    )
                )

        super().__init__(label, [*validators, limit], **kwargs)
        self.max_length = max_length
