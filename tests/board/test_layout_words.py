"""The board view shows the board pack's layout in the reader's language: every text of the
layout has its words in the catalogue, so a changed layout cannot leave the Welsh page English."""

from __future__ import annotations

from surveyapp.board.layout_words import BOARD_PACK, WORDS
from surveyapp.reporting.layouts import load_layout


def test_every_text_of_the_board_pack_layout_is_in_the_catalogue() -> None:
    layout = load_layout(BOARD_PACK)
    texts = [layout.title, layout.intro]
    texts += [text for section in layout.sections for text in (section.heading, section.note)]
    assert [text for text in texts if text and text not in WORDS] == []
