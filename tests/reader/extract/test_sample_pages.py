"""The bundled sample (resources/sample) read as a user sees it offline: every page's
extraction equals what its manifest says a perfect extraction returns."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from reader.extract import extract

_SAMPLE = files("resources").joinpath("sample")
_MANIFEST = json.loads(_SAMPLE.joinpath("manifest.json").read_text(encoding="utf-8"))
_ARTICLES = _MANIFEST["articles"]


def _credit(value: str | None) -> str:
    # Gloss files a credit without the brackets the page prints around it.
    text = (value or "").strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


@pytest.mark.parametrize("article", _ARTICLES, ids=[a["slug"] for a in _ARTICLES])
def test_sample_page_matches_its_manifest(article):
    html = _SAMPLE.joinpath(article["path"]).read_bytes()
    content = extract(html, article["url"])
    assert content.title == article["title"]
    assert list(content.bylines) == article["bylines"]
    assert content.dateline == article.get("dateline")
    assert content.published == article["published"]
    assert [(b.type, b.text) for b in content.body] == [(b["type"], b["text"]) for b in article["body"]]
    want = [(f["src"], f["caption"], _credit(f.get("credit")), f["position"]) for f in article["figures"]]
    got = [(f.src, f.caption, f.credit, f.position) for f in content.figures]
    assert got == want


@pytest.mark.parametrize("article", _ARTICLES, ids=[a["slug"] for a in _ARTICLES])
def test_sample_page_body_has_no_furniture(article):
    content = extract(_SAMPLE.joinpath(article["path"]).read_bytes(), article["url"])
    body = "\n".join(b.text for b in content.body)
    furniture = _MANIFEST["furniture"]
    for junk in [furniture["boilerplate"], furniture["newsletter"], *furniture["strings"]]:
        for block in content.body:
            assert block.text != junk
        if len(junk) > 12:
            assert junk not in body
    for fig in content.figures:
        assert "No media source" not in fig.caption + fig.credit
        assert not fig.credit.startswith("(")


def test_sample_images_are_kept_only_on_sample_pages():
    article = _ARTICLES[0]
    html = _SAMPLE.joinpath(article["path"]).read_bytes()
    on_sample = extract(html, article["url"])
    assert all(f.src and f.src.startswith("gloss-sample:///images/") for f in on_sample.figures)
    # The same markup served from the web must not point Gloss at its own bundle.
    on_web = extract(html, "https://news.example.org/articles/late-night-library-hours.html")
    assert all(f.src is None or f.src.startswith("https://") for f in on_web.figures)
    assert not any(f.src and f.src.startswith("gloss-sample:") for f in on_web.figures)


def test_sample_scheme_images_cannot_leave_the_sample_folder():
    html = (
        "<html><body><article><p>" + "A long enough paragraph of text for the body, about a market. " * 4 + "</p>"
        '<figure><img src="gloss-sample:///../../etc/passwd.png"><figcaption>A market stall at noon.</figcaption>'
        '</figure><figure><img src="../images/stall.png"><figcaption>Another stall, later.</figcaption></figure>'
        "</article></body></html>"
    )
    content = extract(html, "gloss-sample:///articles/market.html")
    srcs = [f.src for f in content.figures]
    assert "gloss-sample:///images/stall.png" in srcs
    assert not any(s and ".." in s for s in srcs)
