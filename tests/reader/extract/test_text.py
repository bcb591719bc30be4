"""The extractor's text helpers on the shapes mangled pages make."""

from __future__ import annotations

from lxml import etree

from reader.extract.text import (
    link_text_len,
    norm,
    outermost,
    same_text_key,
    strip_controls,
    strip_controls_utf8,
)


def _tree(markup: str) -> etree._Element:
    return etree.fromstring(markup, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


def test_links_inside_links_are_counted_once_with_the_outer_one() -> None:
    box = _tree("<div><a>ab<a>cd</a></a> x <a>ef</a><p><a>g<b><a>h</a><a>i</a></b></a><a>jk</a></p></div>")
    assert [a.xpath("string()") for a in outermost(box, "a")] == ["abcd", "ef", "ghi", "jk"]
    assert link_text_len(box) == 11


def test_nested_paragraphs_yield_only_the_outer_one_and_a_link_itself_counts() -> None:
    box = _tree("<p>one<p>two<p>three</p></p></p>")
    assert [p.xpath("string()") for p in outermost(box, "p")] == ["onetwothree"]
    assert link_text_len(_tree("<a> linked </a>")) == 6


def test_norm_collapses_every_unicode_space_and_drops_controls() -> None:
    assert norm(" a\u00a0\u2003b\n\tc\u200b d\x07 ") == "a b c d"
    assert norm(None) == ""


def test_stripping_the_bytes_removes_exactly_the_characters_the_text_pattern_removes() -> None:
    # Every character of the Basic Multilingual Plane and a sample of the others, alone
    # and between ordinary letters: the page's UTF-8 loses what the text would.
    for code in [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97)]:
        char = chr(code)
        assert strip_controls_utf8(f"ab{char}cd".encode()) == strip_controls(f"ab{char}cd").encode(), hex(code)
    plain = "plain café text — “quoted”\t\n\r".encode()
    assert strip_controls_utf8(plain) == plain
    mixed = "a\x00b\u200bc\x85d\ufeffe\u2060f\x7f g\ufffe\uffff\t\n"
    assert strip_controls_utf8(mixed.encode()) == b"abcdef g\t\n"


def test_text_keys_compare_renderings_and_stop_early_on_megabyte_texts() -> None:
    assert same_text_key("A harbour, at dawn.") == same_text_key("a  HARBOUR at dawn")
    # Past 5,000 characters, renderings still compare equal (whitespace, case, punctuation).
    assert same_text_key("A harbour, at dawn. " * 300) == same_text_key("a  HARBOUR at dawn " * 300)
    assert same_text_key("A harbour " * 300) != same_text_key("A harbour " * 299 + "A station")
    assert len(same_text_key("word " * 400_000)) < 10_000
