"""Administration pages: units, waves and recurring pulses, workforce figures, reports, and
participation (counts of people, never results). Every page is for admins, within the units
they look after.

Each feature's routes are a module here registering on the one ``bp`` (``routes.py``), with
its forms in ``forms/``.
"""

from . import pulses, reports, sign_on, units, waves, workforce  # noqa: F401  (each registers its routes)
from .routes import bp

__all__ = ["bp"]
