"""Action plans for staff, and the public "You said, we did" page of each unit and wave."""

from .routes import bp

__all__ = ["bp"]
