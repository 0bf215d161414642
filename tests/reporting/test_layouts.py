from pathlib import Path

import pytest

from surveyapp.reporting.layouts import LayoutError, available_layouts, load_layout


def test_shipped_layouts_load() -> None:
    assert available_layouts() == ["board-pack", "service"]
    pack = load_layout("board-pack")
    assert [s.kind for s in pack.sections][:2] == ["summary", "themes"]
    assert pack.has("workforce") and not pack.has("comments")
    assert load_layout("service").has("comments")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "T"\naudience = "A"\nintro = "I"\n', "sections must list at least one"),
        ('title = "T"\naudience = "A"\n', "intro is required"),
        (
            'title = "T"\naudience = "A"\nintro = "I"\n[[sections]]\nkind = "pie"\nheading = "H"\n',
            r"sections\[0\].kind 'pie' is not one of",
        ),
        (
            'title = "T"\naudience = "A"\nintro = "I"\n[[sections]]\nkind = "themes"\n',
            r"sections\[0\].heading is required",
        ),
        ("title = ", "not valid TOML"),
    ],
)
def test_bad_layout_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "layout.toml").write_text(text)
    with pytest.raises(LayoutError, match=message):
        load_layout("mine", tmp_path)
    with pytest.raises(LayoutError, match="no layout 'other'"):
        load_layout("other", tmp_path)
