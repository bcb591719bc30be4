"""The publication date of pages whose metadata states none: the date printed by the
headline, in a box beside it, in the page's script data, or in its address; never a date
the text mentions, never one in the future."""

from __future__ import annotations

import pytest

from reader.extract import extract
from reader.extract.dates import text_date

_TEXT = "".join(
    f"<p>Paragraph {i}: the orchard society planted forty apple trees along the canal, "
    f"and the volunteers will prune them every winter, as the chair explained at length.</p>"
    for i in range(5)
)


def _published(page: str, url: str = "https://orchard.example.org/trees") -> str | None:
    return extract(page, url).published


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Last updated: Dec 12, 2025", "2025-12-12"),
        ("16. Mai 2024", "2024-05-16"),
        ("le 3 mars 2023", "2023-03-03"),
        ("Publicado el 7 de julio de 2022", "2022-07-07"),
        ("05.11.2021 | 14:03", "2021-11-05"),
        ("2024年5月16日", "2024-05-16"),
    ],
)
def test_the_date_printed_by_the_headline_is_read(printed: str, expected: str) -> None:
    # The date sits in a plain box right before the headline, its text running into it.
    page = (
        "<html><head><title>Forty trees</title></head><body><main><div class='post-header'>"
        f"<div class='text-16px'>{printed}</div><h1>Forty trees</h1></div>{_TEXT}</main></body></html>"
    )
    assert (_published(page) or "").startswith(expected)


def test_a_date_in_an_aside_beside_the_headline_is_read() -> None:
    page = (
        "<html><body><div class='container'><h1>Forty trees</h1>"
        "<aside><h3>Published</h3><p><time datetime='2024-08-30T12:00:00Z'>30 August</time></p></aside></div>"
        f"<article>{_TEXT}</article></body></html>"
    )
    assert (_published(page) or "").startswith("2024-08-30")


def test_a_date_the_page_carries_in_its_script_data_is_read() -> None:
    payload = '{"props":{"post":{"title":"Forty trees","publishedAt":"2023-04-26T08:00:00Z"}}}'
    page = (
        f"<html><body><article><h1>Forty trees</h1>{_TEXT}</article>"
        f"<script id='__NEXT_DATA__' type='application/json'>{payload}</script></body></html>"
    )
    assert (_published(page) or "").startswith("2023-04-26")


def test_a_date_the_text_mentions_is_not_the_publication_date() -> None:
    page = (
        "<html><body><article><h1>Forty trees</h1><p class='meta'>March 3, 2024</p>"
        "<p>The first trees were planted on 12 October 2019, the chair recalled, long before the canal "
        f"was cleaned.</p>{_TEXT}</article></body></html>"
    )
    assert (_published(page) or "").startswith("2024-03-03")


def test_the_address_gives_the_date_when_the_page_prints_none() -> None:
    page = f"<html><body><article><h1>Forty trees</h1>{_TEXT}</article></body></html>"
    assert (_published(page, "https://orchard.example.org/2022/10/05/forty-trees/") or "").startswith("2022-10-05")


def test_no_date_in_the_future_and_none_before_the_web() -> None:
    assert text_date("Posted on March 3, 2999") is None
    assert text_date("Posted on March 3, 1899") is None
    assert text_date("13/05/2024", month_first=True) is not None  # cannot be month 13: read day first
    assert str(text_date("05/13/2024", month_first=True)) == "2024-05-13"
    assert str(text_date("05/06/2024", month_first=False)) == "2024-06-05"


def test_digits_in_the_markup_are_not_taken_for_the_date() -> None:
    # No date anywhere a reader would see one: an image's file name, a counter and the
    # copyright line carry digits that could be read as dates, and none of them is the article's.
    page = (
        "<html><body><article><h1>Forty trees</h1>"
        "<img src='/media/uploads/orchard-2021-03-04-final.jpg' alt='The orchard'>"
        f"{_TEXT}<span data-count='2018.04.11'>views</span></article>"
        "<footer>© 2019 Orchard Society</footer></body></html>"
    )
    assert _published(page) is None


def test_a_date_stated_in_a_line_of_its_own_far_down_the_page_is_found() -> None:
    # Below the article (past where a printed date still introduces it), in a plain sentence.
    page = (
        f"<html><body><article><h1>Forty trees</h1>{_TEXT * 3}</article>"
        "<div><p>This story was first published on 14 June 2021.</p></div></body></html>"
    )
    assert (_published(page) or "").startswith("2021-06-14")
