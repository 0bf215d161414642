"""A list of email addresses as an admin pastes or uploads it: one a line (or several, split by
commas or semicolons, as mail programs copy them), each problem named by its line number.

The list is the admin's own input: it is read, used for one send, and forgotten. A malformed
address is reported and not sent; a repeated one is sent once (two invitations for one person
would be two votes); the others go ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from .wording import words

MAX_ADDRESSES = 200
MAX_LENGTH = 254
SEPARATORS = re.compile(r"[,;]")
ANGLED = re.compile(r"<([^<>]*)>\s*$")
HEADER_WORDS = {"email", "e-mail", "email address", "e-mail address", "address", "mail"}


@dataclass(frozen=True)
class ListedAddress:
    line: int
    address: str


@dataclass(frozen=True)
class LineProblem:
    line: int
    text: str
    problem: str


@dataclass(frozen=True)
class AddressList:
    addresses: tuple[ListedAddress, ...]
    problems: tuple[LineProblem, ...]

    @property
    def is_too_long(self) -> bool:
        return len(self.addresses) > MAX_ADDRESSES

    def as_text(self) -> str:
        """The good addresses one a line, e.g. to keep for reminders or to send again."""
        return "\n".join(listed.address for listed in self.addresses)


def _pieces(line: str) -> list[str]:
    return [piece.strip().strip("\"'") for piece in SEPARATORS.split(line) if piece.strip()]


def _bare(piece: str) -> str:
    """``Sam Jones <sam@example.org>`` -> ``sam@example.org``."""
    angled = ANGLED.search(piece)
    return angled.group(1).strip() if angled else piece


def normalised_address(text: str) -> str | None:
    """The address in a canonical form (domain lower-cased, IDN encoded), or None if it is not
    one. Deliverability is not checked: that would ask the DNS about each person's address."""
    if len(text) > MAX_LENGTH:
        return None
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return None
    return str(checked.normalized)


def parse_address_list(text: str) -> AddressList:
    """Read pasted or uploaded text: every address once, and every problem by line."""
    addresses: list[ListedAddress] = []
    problems: list[LineProblem] = []
    first_seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if number == 1 and line.strip().strip("\"'").lower() in HEADER_WORDS:
            continue  # a CSV file's header
        for piece in _pieces(line):
            address = normalised_address(_bare(piece))
            if address is None:
                problems.append(LineProblem(number, piece, words("is not an email address")))
                continue
            key = address.lower()
            if key in first_seen:
                problems.append(
                    LineProblem(
                        number,
                        piece,
                        words("repeats line %(line)s: sent once", line=first_seen[key]),
                    )
                )
                continue
            first_seen[key] = number
            addresses.append(ListedAddress(number, address))
    return AddressList(tuple(addresses), tuple(problems))
