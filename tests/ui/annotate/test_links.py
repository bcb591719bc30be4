"""gloss:// links become a command line, strictly."""

from __future__ import annotations

from typing import Any

import pytest

from reader.annotations.export import gloss_link
from ui.annotate.links import parse_gloss_link


def test_links_gloss_writes_become_open_commands() -> None:
    assert parse_gloss_link(gloss_link("ab12cd34-0123456789ab", "h0011223344556677")) == [
        "open",
        "ab12cd34-0123456789ab",
        "--highlight",
        "h0011223344556677",
    ]
    assert parse_gloss_link("gloss://open/ab12cd34-0123456789ab") == ["open", "ab12cd34-0123456789ab"]


@pytest.mark.parametrize(
    "link",
    [
        "gloss://open/../../etc/passwd",
        "gloss://open/abc?highlight=--data-dir=/tmp",
        "gloss://open/--data-dir",
        "gloss://delete/abc",
        "gloss://open/",
        "gloss://open/abc?highlight=x&highlight=y",
        "gloss://open/abc?other=1",
        "http://open/abc",
        "gloss://open/a%20b",
        "gloss://[::1",
        "gloss://open/" + "a" * 5000,
        "gloss://open/ab\x00c",
    ],
)
def test_anything_else_becomes_an_error_in_words_never_an_id(link: str) -> None:
    argv = parse_gloss_link(link)
    assert len(argv) == 2 and argv[0] == "open"
    assert argv[1].startswith("--invalid-link=Gloss cannot open this link: ")


def test_an_invalid_link_never_reaches_an_article_and_carries_its_reason() -> None:
    """``gloss open --invalid-link WHY`` is refused in words; the window is never opened."""
    import io

    from reader.cli import main

    opened: list[Any] = []
    err = io.StringIO()
    code = main(parse_gloss_link("gloss://open/../x"), gui=opened.append, err=err)
    assert code == 2 and opened == []
    assert "the article in the link is not a Gloss id" in err.getvalue()


@pytest.mark.parametrize(
    "link",
    ["GLOSS://open/ab12cd34-0123456789ab", "Gloss://OPEN/ab12cd34-0123456789ab", "gLoSs://Open/ab12cd34-0123456789ab"],
)
def test_the_scheme_of_a_link_is_case_insensitive(link: str) -> None:
    from ui.launch import command_line

    assert command_line([link]) == ["open", "ab12cd34-0123456789ab"]
    assert command_line(["articles", "--limit", "3"]) == ["articles", "--limit", "3"]
