"""An exact auditor for the unit tree crossed with several demographic dimensions at once.

The span. As in crossed_audit, tree cells span the functions constant on each piece (zero on
units no cell covers), and each dimension's band cells span the functions of its band node; so
a derivable vector takes, on an atom, the value a[piece] + sum of h[node] over the atom's band
nodes (at most one per dimension). Call an atom's set of band nodes its *vector*, and s(v) the
sum of h over a vector. With one dimension this is a bipartite graph and level cuts decide it;
with several it is not, so this auditor works with the differences instead.

Why the search is exact. Within a piece every atom shares a[piece], so a 0/1 vector needs
s(v) - s(w) in {-1, 0, 1} for any two vectors v, w populated in the same piece, and s(v) in
{0, 1} for vectors populated where no tree cell reaches (a = 0 there). These *forms* are linear
in h. Choose a maximal independent set of them as a basis: any values given to the basis are
reached by some rational h (independent linear forms can take any values at once), and they
fix every other form. So enumerating basis values in {-1, 0, 1} (or {0, 1}), and keeping the
assignments where every form lands in its allowed set, visits every derivable 0/1 vector up to
the choice of a in pieces where all vectors share one value. Such a piece adds all of its people
or none; a piece whose vectors take two values adds exactly those with the higher one.

So a leak exists if and only if either some piece alone holds fewer people than the threshold
(h = 0), or some feasible assignment forces between 1 and threshold - 1 people. Pieces with the
same set of vectors behave alike and are merged (their forced people add up). The enumeration
is depth first, each form checked as soon as the basis values it depends on are set; past the
step budget the answer is "undecided", which callers treat as unsafe.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Generic, TypeVar

from surveyapp.domain.disclosure.auditor import AuditResult, Verdict

A = TypeVar("A", bound=Hashable)

JointAtom = tuple[A, int | None, tuple[int, ...], int]
"""(label, piece or None, band nodes, people); None marks units no tree cell covers."""

DEFAULT_MAX_STEPS = 2_000_000
DIFFERENCE = (-1, 0, 1)
ABSOLUTE = (0, 1)

Vector = tuple[int, ...]
Form = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class _Atoms(Generic[A]):
    people: int = 0
    labels: list[A] = field(default_factory=list)


class _OutOfBudget(Exception):
    pass


def find_joint_group(
    atoms: Iterable[JointAtom[A]], threshold: int, *, max_steps: int = DEFAULT_MAX_STEPS
) -> AuditResult[A]:
    pieces: dict[int | None, dict[Vector, _Atoms[A]]] = {}
    for label, piece, nodes, count in atoms:
        vector = tuple(sorted(nodes))
        if count <= 0 or (piece is None and not vector):
            continue
        vectors = pieces.setdefault(piece, {})
        entry = vectors.get(vector)
        if entry is None:
            entry = vectors[vector] = _Atoms()
        entry.people += count
        entry.labels.append(label)
    anchor = pieces.pop(None, {})
    if pieces:
        smallest = min(pieces.values(), key=lambda vectors: _people(vectors.values()))
        people = _people(smallest.values())
        if people < threshold:
            labels = [label for entry in smallest.values() for label in entry.labels]
            return AuditResult(Verdict.LEAK, frozenset(labels), people)
    search = _Search(pieces, anchor, threshold, max_steps)
    try:
        found = search.run()
    except _OutOfBudget:
        return AuditResult(Verdict.UNDECIDED)
    if found is None:
        return AuditResult(Verdict.SAFE)
    labels, people = found
    return AuditResult(Verdict.LEAK, frozenset(labels), people)


def _people(entries: Iterable[_Atoms[A]]) -> int:
    return sum(entry.people for entry in entries)


def _difference(v: Vector, w: Vector) -> tuple[Form, int]:
    """The form s(v) - s(w), signed so its first coefficient is positive, and that sign."""
    coefficients: dict[int, int] = {}
    for node in v:
        coefficients[node] = coefficients.get(node, 0) + 1
    for node in w:
        coefficients[node] = coefficients.get(node, 0) - 1
    form = tuple(sorted((n, c) for n, c in coefficients.items() if c))
    sign = 1 if form[0][1] > 0 else -1
    return tuple((n, c * sign) for n, c in form), sign


class _Search(Generic[A]):
    def __init__(
        self,
        pieces: dict[int | None, dict[Vector, _Atoms[A]]],
        anchor: dict[Vector, _Atoms[A]],
        threshold: int,
        max_steps: int,
    ) -> None:
        self.threshold = threshold
        self.steps_left = max_steps
        self.forms: dict[Form, int] = {}
        self.allowed: list[tuple[int, ...]] = []
        numbers: dict[Vector, int] = {}
        profiles: dict[tuple[int, ...], dict[int, _Atoms[A]]] = {}
        for vectors in pieces.values():
            if len(vectors) > 1:
                ids: dict[int, _Atoms[A]] = {}
                for vector, entry in vectors.items():
                    number = numbers.get(vector)
                    if number is None:
                        number = numbers[vector] = len(numbers)
                    ids[number] = entry
                merged = profiles.setdefault(tuple(sorted(ids)), {})
                for number, entry in ids.items():
                    into = merged.get(number)
                    if into is None:
                        into = merged[number] = _Atoms()
                    into.people += entry.people
                    into.labels.extend(entry.labels)
        vector_of = list(numbers)
        differences: dict[tuple[int, int], tuple[int, int]] = {}

        def difference(v: int, w: int) -> tuple[int, int]:
            found = differences.get((v, w))
            if found is None:
                form, sign = _difference(vector_of[v], vector_of[w])
                found = differences[v, w] = (self._form(form, DIFFERENCE), sign)
            return found

        # each merged piece: its reference vector's atoms, and the others with their form
        self.profiles: list[tuple[_Atoms[A], list[tuple[int, int, _Atoms[A]]]]] = []
        self.touching: dict[int, list[int]] = {}
        together = [0] * len(vector_of)
        for key, merged in sorted(profiles.items()):
            reference, *others = key
            relative = []
            for member in others:
                number, sign = difference(member, reference)
                relative.append((number, sign, merged[member]))
                self.touching.setdefault(number, []).append(len(self.profiles))
            self.profiles.append((merged[reference], relative))
            mask = 0
            for member in key:
                mask |= 1 << member
            for member in key:
                together[member] |= mask
        for v, mask in enumerate(together):
            for w in range(v + 1, mask.bit_length()):
                if mask >> w & 1:
                    difference(w, v)
        self.anchor = [
            (self._form(tuple((node, 1) for node in vector), ABSOLUTE), entry)
            for vector, entry in sorted(anchor.items())
        ]
        self._prepare()

    def _form(self, form: Form, allowed: tuple[int, ...]) -> int:
        number = self.forms.setdefault(form, len(self.forms))
        if number == len(self.allowed):
            self.allowed.append(allowed)
        elif allowed is ABSOLUTE:
            self.allowed[number] = ABSOLUTE
        return number

    def _prepare(self) -> None:
        """Pick a basis of the forms and write every form over it, with integer weights."""
        forms = list(self.forms)
        order = sorted(range(len(forms)), key=lambda i: (len(forms[i]), forms[i]))
        basis: list[int] = []
        echelon: list[tuple[int, dict[int, int]]] = []
        for number in order:
            row = dict(forms[number])
            for pivot, reduced in echelon:
                if row.get(pivot):
                    factor, lead = row[pivot], reduced[pivot]
                    row = {
                        n: lead * row.get(n, 0) - factor * reduced.get(n, 0)
                        for n in row.keys() | reduced.keys()
                    }
                    divisor = math.gcd(*row.values()) or 1
                    row = {n: c // divisor for n, c in row.items() if c}
            if row:
                echelon.append((min(row), row))
                basis.append(number)
        self.basis = basis
        columns = [pivot for pivot, _ in echelon]
        square = [[Fraction(dict(forms[b]).get(c, 0)) for c in columns] for b in basis]
        inverse, denominator = _integer_inverse(square)
        self.weights: list[tuple[list[int], int, int]] = []
        self.due: list[list[int]] = [[] for _ in basis]
        position = {c: j for j, c in enumerate(columns)}
        for number, form in enumerate(forms):
            integer = [0] * len(basis)
            for n, c in form:
                j = position.get(n)
                if j is not None:
                    weights = inverse[j]
                    for i in range(len(basis)):
                        integer[i] += c * weights[i]
            divisor = math.gcd(denominator, *integer)
            integer = [x // divisor for x in integer]
            last = max(i for i, x in enumerate(integer) if x)  # no form is zero
            self.weights.append((integer, denominator // divisor, last))
            self.due[last].append(number)
        self.values = [0] * len(forms)

    def run(self) -> tuple[list[A], int] | None:
        return self._descend(0, [0] * len(self.basis))

    def _descend(self, depth: int, chosen: list[int]) -> tuple[list[A], int] | None:
        self._spend(1)
        if depth == len(self.basis):
            return self._leaf()
        for value in self.allowed[self.basis[depth]]:
            chosen[depth] = value
            if self._consistent(depth, chosen):
                found = self._descend(depth + 1, chosen)
                if found is not None:
                    return found
        return None

    def _consistent(self, depth: int, chosen: list[int]) -> bool:
        for number in self.due[depth]:
            integer, scale, _ = self.weights[number]
            total = sum(w * v for w, v in zip(integer, chosen, strict=False) if w)
            value, remainder = divmod(total, scale)
            if remainder or value not in self.allowed[number]:
                return False
            self.values[number] = value
        return True

    def _spend(self, steps: int) -> None:
        self.steps_left -= steps
        if self.steps_left < 0:
            raise _OutOfBudget

    def _leaf(self) -> tuple[list[A], int] | None:
        """The people this assignment forces; a leak when between 1 and threshold - 1."""
        values = self.values
        forced = [entry for number, entry in self.anchor if values[number] == 1]
        people = _people(forced)
        seen: set[int] = set()
        for number, profiles in self.touching.items():
            if not values[number]:
                continue
            self._spend(len(profiles))
            for profile in profiles:
                if people >= self.threshold:
                    return None
                if profile in seen:
                    continue
                seen.add(profile)
                reference, relative = self.profiles[profile]
                levels = [(0, reference)] + [
                    (values[n] * sign, entry) for n, sign, entry in relative
                ]
                # a non-zero form sets one vector apart: the higher of the two levels is forced
                top = max(level for level, _ in levels)
                chosen = [entry for level, entry in levels if level == top]
                forced.extend(chosen)
                people += _people(chosen)
        if 0 < people < self.threshold:
            return [label for entry in forced for label in entry.labels], people
        return None


def _integer_inverse(square: list[list[Fraction]]) -> tuple[list[list[int]], int]:
    """The inverse of an invertible square matrix as integers over one common denominator."""
    size = len(square)
    work = [row[:] + [Fraction(int(i == j)) for j in range(size)] for i, row in enumerate(square)]
    for column in range(size):
        pick = next(i for i in range(column, size) if work[i][column] != 0)
        work[column], work[pick] = work[pick], work[column]
        lead = work[column][column]
        work[column] = [x / lead for x in work[column]]
        for i in range(size):
            factor = work[i][column]
            if i != column and factor != 0:
                work[i] = [x - factor * y for x, y in zip(work[i], work[column], strict=True)]
    inverse = [row[size:] for row in work]
    denominator = math.lcm(1, *(x.denominator for row in inverse for x in row))
    return [[int(x * denominator) for x in row] for row in inverse], denominator
