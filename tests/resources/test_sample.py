"""The bundled offline sample feed, the icons and the .desktop entry, as shipped in ``resources``."""

from __future__ import annotations

import configparser
import json
import re
import shutil
import struct
import subprocess
import sys
from datetime import datetime
from email.utils import parsedate_to_datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import pytest
from lxml import etree

RES = files("resources")
SAMPLE = RES.joinpath("sample")
PREFIX = "gloss-sample:///"
NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
BLURB_START = "Gloss Sample News is a demonstration publication"
TOOLBAR_ICONS = [
    "refresh", "add-feed", "star", "star-filled", "open-external", "highlight",
    "note", "notebook", "search", "export", "settings", "mark-read",
]  # fmt: skip


def safe_xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def sample_file(url: str) -> Traversable:
    """The packaged file a ``gloss-sample:///...`` URL names (the way the fetcher resolves it)."""
    assert url.startswith(PREFIX), url
    node = SAMPLE
    for part in url.removeprefix(PREFIX).split("/"):
        assert part not in ("", ".", ".."), url
        node = node.joinpath(part)
    return node


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.joinpath("manifest.json").read_text(encoding="utf-8"))
    return data


ARTICLES = manifest()["articles"]
SLUGS = [a["slug"] for a in ARTICLES]


def page(slug: str) -> Any:
    raw = SAMPLE.joinpath("articles", f"{slug}.html").read_bytes()
    return lxml.html.document_fromstring(raw, parser=lxml.html.HTMLParser(no_network=True, encoding="utf-8"))


def text_of(el: Any) -> str:
    return " ".join(el.text_content().split())


def feed_root() -> Any:
    return etree.fromstring(SAMPLE.joinpath("feed.xml").read_bytes(), safe_xml_parser())


# --- the feed -----------------------------------------------------------------------------------


def test_feed_is_rss2_with_five_complete_items() -> None:
    root = feed_root()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Gloss Sample News"
    assert "offline" in channel.findtext("description")
    items = channel.findall("item")
    assert len(items) == 5
    for item in items:
        for tag in ("title", "link", "guid", "pubDate", "description"):
            assert (item.findtext(tag) or "").strip(), f"item without {tag}"
        assert item.findall("dc:creator", NS), "item without an author"
        assert "<p>" in item.findtext("content:encoded", namespaces=NS)
        assert re.fullmatch(r"gloss-sample:///articles/[a-z0-9-]+\.html", item.findtext("link"))
        when = parsedate_to_datetime(item.findtext("pubDate"))
        assert (when.year, when.month) == (2026, 11) and when.day >= 15


def test_feed_links_point_at_packaged_pages_listed_in_the_manifest() -> None:
    links = [item.findtext("link") for item in feed_root().iter("item")]
    assert sorted(links) == sorted(a["url"] for a in ARTICLES)
    for link in links:
        assert sample_file(link).is_file(), f"{link} is not in the package"


def test_feedparser_reads_the_feed_cleanly() -> None:
    parsed = feedparser.parse(SAMPLE.joinpath("feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 5
    # feedparser rewrites "gloss-sample:///x" as "gloss-sample://x" (urlunsplit drops the empty
    # authority); the feed parser module must undo that, here we only compare the paths.
    by_link = {re.sub(r"^gloss-sample:/*", PREFIX, e.link): e for e in parsed.entries}
    for art in ARTICLES:
        entry = by_link[art["url"]]
        assert entry.title == art["title"]
        assert [a["name"] for a in entry.authors] == art["bylines"]
        assert entry.content[0].value.count("<p>") >= 3


# --- the article pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_page_carries_the_furniture_an_extractor_must_remove(slug: str) -> None:
    doc = page(slug)
    sr_heading = doc.xpath("//div[contains(@class,'sr-only')]/h2")
    assert [text_of(h) for h in sr_heading] == ["Accessibility links"]
    assert "Breaking News" in [text_of(s) for s in doc.xpath("//*[contains(@class,'c-hlights__label')]/span")]
    indicator = doc.xpath("//div[@class='responsive-indicator']/div")
    assert [text_of(d) for d in indicator] == ["XS", "SM", "MD", "LG"]
    blurb = doc.xpath("//div[@class='c-about-publisher']")
    assert len(blurb) == 1 and text_of(blurb[0]).startswith(BLURB_START)
    assert text_of(blurb[0]) == manifest()["furniture"]["boilerplate"]
    assert doc.xpath("//img[@alt='16x9 Image']"), "no 16x9 placeholder"
    heads = [text_of(h) for h in doc.xpath("//h2[contains(@class,'section-head')]")]
    assert "Related" in heads and "Most popular" in heads
    assert doc.xpath("//*[contains(@class,'c-newsletter')]//input[@type='email']")
    assert doc.xpath("//aside[contains(@class,'share')]//a[@title='Email to a Friend']")
    # None of it sits inside the article body container.
    body_text = text_of(doc.xpath("//div[@class='wsw']")[0])
    for furniture in ("Accessibility links", "Breaking News", BLURB_START, "Most popular", "Related"):
        assert furniture not in body_text


@pytest.mark.parametrize("art", ARTICLES, ids=SLUGS)
def test_page_metadata_matches_the_manifest(art: dict[str, Any]) -> None:
    doc = page(art["slug"])
    assert text_of(doc.xpath("//h1")[0]) == art["title"]
    assert doc.xpath("//link[@rel='canonical']/@href") == [art["url"]]
    assert doc.xpath("//meta[@property='og:title']/@content")[0].strip() == art["title"]
    assert doc.xpath("//div[@class='published']//time/@datetime") == [art["published"]]
    assert [text_of(a) for a in doc.xpath("//a[@class='links__item-link']")] == art["bylines"]
    (ld_text,) = doc.xpath("//script[@type='application/ld+json']/text()")
    ld = json.loads(ld_text)
    assert ld["@type"] == "NewsArticle" and ld["headline"] == art["title"]
    assert datetime.fromisoformat(ld["datePublished"]) == datetime.fromisoformat(art["published"])
    authors = ld["author"] if isinstance(ld["author"], list) else [ld["author"]]
    assert [a["name"] for a in authors] == art["bylines"]


@pytest.mark.parametrize("art", ARTICLES, ids=SLUGS)
def test_manifest_body_is_exactly_the_pages_body(art: dict[str, Any]) -> None:
    """The manifest is a truth file for extraction tests, so it must match the page."""
    wsw = page(art["slug"]).xpath("//div[@class='wsw']")[0]
    blocks = wsw.xpath("./p | ./h2 | ./blockquote")
    texts = [text_of(b) for b in blocks]
    dateline = art["dateline"]
    if dateline:
        first = texts[0]
        prefix = wsw.xpath("./span[@class='dateline']")
        if prefix:
            assert text_of(prefix[0]).startswith(dateline)
        else:
            assert first.startswith(f"{dateline} \u2014 ")
            texts[0] = first.removeprefix(f"{dateline} \u2014 ")
    assert texts == [b["text"] for b in art["body"]]
    assert 6 <= sum(b["type"] == "paragraph" for b in art["body"]) <= 12


@pytest.mark.parametrize("art", ARTICLES, ids=SLUGS)
def test_figures_have_captions_and_credits_and_inline_captions_are_printed_twice(art: dict[str, Any]) -> None:
    raw = SAMPLE.joinpath("articles", f"{art['slug']}.html").read_text(encoding="utf-8")
    doc = page(art["slug"])
    photos = [f for f in art["figures"] if f.get("kind") != "video"]
    assert 2 <= len(photos) <= 3 and photos[0]["position"] == -1
    figcaptions = [text_of(f) for f in doc.xpath("//figure[contains(@class,'media-image')]/figcaption")]
    for fig in photos:
        assert re.fullmatch(r"\(Gloss Sample/[^()]+\)", fig["credit"])
        assert f"{fig['caption']} {fig['credit']}" in figcaptions
    for fig in photos[1:]:
        assert raw.count(f">{fig['caption']}<") + raw.count(f">{fig['caption']} (") >= 2, fig["caption"]


# --- images --------------------------------------------------------------------------------------


def referenced_images() -> set[str]:
    urls: set[str] = set()
    for slug in SLUGS:
        doc = page(slug)
        urls.update(doc.xpath("//img/@src | //img/@data-src"))
        urls.update(doc.xpath("//meta[@property='og:image']/@content"))
        (ld_text,) = doc.xpath("//script[@type='application/ld+json']/text()")
        urls.add(json.loads(ld_text)["image"]["url"])
    root = feed_root()
    urls.update(e.get("url") for e in root.iter("enclosure"))
    for html in root.xpath("//content:encoded/text()", namespaces=NS):
        urls.update(lxml.html.fragment_fromstring(html, create_parent="div").xpath("//img/@src"))
    urls.discard("")
    return urls


def test_every_referenced_image_is_a_real_small_image_in_the_package() -> None:
    urls = referenced_images()
    assert len(urls) >= 13
    for url in sorted(urls):
        node = sample_file(url)
        assert node.is_file(), f"{url} is missing"
        data = node.read_bytes()
        assert len(data) <= 60 * 1024, url
        if url.endswith(".png"):
            assert data[:8] == b"\x89PNG\r\n\x1a\n", url
            width, height = struct.unpack(">II", data[16:24])
            assert width >= 320 and height >= 180
        elif url.endswith(".jpg"):
            assert data[:3] == b"\xff\xd8\xff" and data.rstrip(b"\x00")[-2:] == b"\xff\xd9", url
        else:
            pytest.fail(f"unexpected image type: {url}")


def test_feed_enclosure_lengths_are_the_file_sizes() -> None:
    for enc in feed_root().iter("enclosure"):
        assert int(enc.get("length")) == len(sample_file(enc.get("url")).read_bytes())


# --- icons and the .desktop entry ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["gloss", *TOOLBAR_ICONS])
def test_icon_is_well_formed_svg(name: str) -> None:
    root = etree.fromstring(RES.joinpath("icons", f"{name}.svg").read_bytes(), safe_xml_parser())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    if name != "gloss":
        assert root.get("viewBox") == "0 0 24 24"
        assert root.get("stroke") == "#555555"
        assert root.get("stroke-width") == "2"
    assert b"currentColor" not in RES.joinpath("icons", f"{name}.svg").read_bytes()


def test_app_icon_png_is_256_px() -> None:
    data = RES.joinpath("icons", "gloss.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (256, 256)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(RES.joinpath("gloss.desktop").read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_keys() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Gloss" and entry["GenericName"] == "News Reader"
    assert entry["Comment"]
    assert entry["Exec"] == "gloss-gui %u"
    assert entry["Icon"] == "gloss" and entry["Terminal"] == "false"
    assert set(entry["Categories"].rstrip(";").split(";")) == {"Network", "News", "Feed", "Qt"}
    assert "x-scheme-handler/gloss" in entry["MimeType"].split(";")
    assert "rss" in entry["Keywords"].split(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    path = RES.joinpath("gloss.desktop")
    assert isinstance(path, Path)
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


# --- shipped in a build ---------------------------------------------------------------------------


def test_build_ships_the_sample_feed_icons_and_desktop_file(tmp_path: Path) -> None:
    """setuptools' build_py copies exactly what a wheel's files are made of (bdist_wheel runs it);
    benchmarks/tools/check_wheel.py builds a real wheel for the same check."""
    repo = Path(__file__).resolve().parents[2]
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy2(repo / "pyproject.toml", src)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("reader", "ui", "resources"):
        shutil.copytree(repo / package, src / package, ignore=ignore)
    out = tmp_path / "lib"
    build_py = [sys.executable, "-W", "ignore", "-c", "from setuptools import setup; setup()", "-q", "build_py"]
    result = subprocess.run(
        [*build_py, "-d", str(out)],
        cwd=src,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    shipped = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {"resources/sample/feed.xml", "resources/sample/manifest.json", "resources/gloss.desktop"}
    expected |= {f"resources/sample/{a['path']}" for a in ARTICLES}
    expected |= {f"resources/sample/{img}" for a in ARTICLES for img in a["images"]}
    expected |= {f"resources/icons/{n}.svg" for n in ["gloss", *TOOLBAR_ICONS]} | {"resources/icons/gloss.png"}
    expected |= {f"resources/icons/hicolor/{n}x{n}/apps/gloss.png" for n in (16, 22, 24, 32, 48, 64, 128, 256, 512)}
    assert expected <= shipped, sorted(expected - shipped)
