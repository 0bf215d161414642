"""A staff directory for single sign-on: which unit each person who may sign in belongs to.

Uploaded as CSV with two columns, ``person`` (the sign-in subject, or the email address the
council's accounts give) and ``unit`` (the unit's key or name). The whole file is read first
and every problem named by its row, as for unit files; nothing is kept from a file with one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from .wording import words

COLUMNS = ("person", "unit")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class DirectoryProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


def normalised_person(person: str) -> str:
    """How a subject or email is compared: trimmed, and case-folded (emails are case-blind,
    and a subject that differs only by case is the same person to any provider we know)."""
    return person.strip().casefold()


def read_directory(
    text: str, unit_ids: Mapping[str, int]
) -> tuple[dict[str, int], list[DirectoryProblem]]:
    """People (normalised) to unit ids, and the problems found; ``unit_ids`` maps each unit's
    key and name (case-folded) to its id."""
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().casefold() for cell in next(reader, [])]
    if tuple(header[:2]) != COLUMNS:
        return {}, [DirectoryProblem(1, words("the first row must be the headings: person,unit"))]
    people: dict[str, int] = {}
    problems: list[DirectoryProblem] = []
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS:
            problems.append(
                DirectoryProblem(
                    number, words("a directory has at most %(max)s rows", max=MAX_ROWS)
                )
            )
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            problems.append(DirectoryProblem(number, words("give a person and a unit")))
            continue
        person, unit = normalised_person(row[0]), row[1].strip().casefold()
        if unit not in unit_ids:
            problems.append(
                DirectoryProblem(
                    number, words("%(unit)s is not a unit of this wave", unit=row[1].strip())
                )
            )
        elif people.get(person, unit_ids[unit]) != unit_ids[unit]:
            problems.append(
                DirectoryProblem(
                    number, words("%(person)s is listed in two units", person=row[0].strip())
                )
            )
        else:
            people[person] = unit_ids[unit]
    if not people and not problems:
        problems.append(DirectoryProblem(0, words("the file lists nobody")))
    return people, problems
