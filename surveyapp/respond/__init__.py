"""The respondent's journey: enter by link, code or team link; answer; check; submit."""

from . import carried, padding
from .routes import bp

carried.init_blueprint(bp)
bp.after_request(padding.pad_page)

__all__ = ["bp"]
