"""Sealed responses and comments: fixed-width plaintexts, their encryption, and counting them.

Plain Python and numpy, so the encoding is fast to test and the counting fast to run. The
database side (which rows, which transaction) is ``surveyapp.services.sealed``.
"""

from .cipher import AnswerCipher, SealError, associated_data, key_id, new_key, parse_key
from .comments import DecodedComment, comment_unit_and_prompt, decode_comment, encode_comment
from .counting import Counts, OpenedResponses
from .layout import DecodedResponse, Field, FieldKind, Layout, LayoutError, layout_of

RESPONSE = "response"
COMMENT = "comment"

__all__ = [
    "COMMENT",
    "RESPONSE",
    "AnswerCipher",
    "Counts",
    "DecodedComment",
    "DecodedResponse",
    "Field",
    "FieldKind",
    "Layout",
    "LayoutError",
    "OpenedResponses",
    "SealError",
    "associated_data",
    "comment_unit_and_prompt",
    "decode_comment",
    "encode_comment",
    "key_id",
    "layout_of",
    "new_key",
    "parse_key",
]
