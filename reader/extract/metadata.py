"""Page metadata from JSON-LD (incl. @graph), OpenGraph and plain <meta> tags.

Only what the article needs: title, authors, publication date, site name, language,
canonical URL, lead image and JSON-LD's articleBody (a fallback body for pages whose
HTML hides the text).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from reader.extract.dates import marked_date, modified_date, structured_date
from reader.extract.text import media_url, norm, safe_url, text_content

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "medicalwebpage",
    }
)

_MAX_LD_CHARS = 2_000_000
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "cxenseparse:author",
)


@dataclass
class Metadata:
    """What the page says about itself, before looking at its body."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None  # a last-modified date, for a page that states no other
    site_name: str | None = None
    lang: str | None = None
    url: str | None = None
    description: str = ""
    image: str | None = None
    ld_body: str = ""
    ld_found: bool = False
    publisher: str = ""
    # Image captions the page states in JSON-LD (ImageObject caption/description), by file name.
    image_captions: dict[str, tuple[str, str]] = field(default_factory=dict)


def image_key(url: str | None) -> str:
    """The file name of an image address: the same photo in two sizes often shares it."""
    if not url:
        return ""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1].lower()


def _image_captions(objs: list[dict[str, Any]], article: dict[str, Any] | None) -> dict[str, tuple[str, str]]:
    images: list[Any] = [o for o in objs if "imageobject" in _types(o)]
    if article is not None:
        value = article.get("image")
        images.extend(value[:20] if isinstance(value, list) else [value])
    out: dict[str, tuple[str, str]] = {}
    for img in images:
        if not isinstance(img, dict):
            continue
        caption = img.get("caption") or img.get("description")
        if isinstance(caption, dict):
            caption = caption.get("text") or caption.get("name")
        if not isinstance(caption, str) or len(norm(caption).split()) < 2:
            continue
        credit = img.get("creditText") or img.get("copyrightHolder") or img.get("author")
        credit_text = norm(_names(credit)[0]) if _names(credit) else ""
        for key in ("url", "contentUrl"):
            src = _first_str(img.get(key))
            if src and image_key(src) and image_key(src) not in out:
                out[image_key(src)] = (norm(html.unescape(caption)), credit_text)
    return out


def _walk_ld(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 8:
        return
    if isinstance(node, list):
        for item in node[:200]:
            _walk_ld(item, out, depth + 1)
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                _walk_ld(node[key], out, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _names(value: Any, depth: int = 0) -> list[str]:
    """Names out of a JSON-LD author value: a string, a Person/Organization, or a list."""
    if depth > 3:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [n for v in value[:20] for n in _names(v, depth + 1)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
    return []


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        return _first_str(value[0])
    if isinstance(value, dict):
        return _first_str(value.get("url") or value.get("@id") or value.get("name"))
    return None


def json_ld_objects(root: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph and lists flattened; broken JSON skipped."""
    objs: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > _MAX_LD_CHARS:
            continue
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        _walk_ld(data, objs)
    return objs


def _meta_map(root: Any) -> dict[str, str]:
    metas: dict[str, str] = {}
    head = root.find("head")
    scope = head if head is not None else root
    for meta in scope.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content
    if head is not None:
        # An element libxml2 does not allow in <head> (a <div>, a stray tag) makes it start
        # the body there, and the page's later <meta name/property> tags land in <body>:
        # they are still the page's: those directly in <body> (a player's or a card's own <meta>
        # tags sit deeper, and in-body microdata uses itemprop, left out here).
        body = root.find("body")
        for meta in body.iterchildren("meta") if body is not None else ():
            key = (meta.get("property") or meta.get("name") or "").strip().lower()
            content = meta.get("content")
            if key and content and key not in metas:
                metas[key] = content
    return metas


def _clean_title(title: str, site_name: str | None) -> str:
    title = norm(title)
    if site_name and len(title) > len(site_name) + 5:
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            if title.endswith(sep + site_name):
                return title[: -len(sep + site_name)].strip()
            if title.startswith(site_name + sep):
                return title[len(site_name + sep) :].strip()
    return title


def read_metadata(root: Any, url: str | None) -> Metadata:
    """Collect the page's metadata; every source is optional and every value checked."""
    md = Metadata()
    metas = _meta_map(root)
    objs = json_ld_objects(root)
    article = next((o for o in objs if _types(o) & ARTICLE_TYPES), None)
    md.ld_found = article is not None
    # Canonical URL first: relative links in the body resolve against the page's real address.
    md.url = _canonical_url(root, metas, url)
    md.publisher, md.site_name = _publisher(article, metas)
    md.title = _clean_title(html.unescape(_title(root, article, metas)), md.site_name)
    md.authors = _authors(article, metas)
    md.published = structured_date(objs, article, metas) or marked_date(root)
    md.modified = modified_date(objs, metas)
    md.lang = _lang(root, article, metas)
    md.description = norm(metas.get("og:description") or metas.get("description"))
    md.image = media_url(metas.get("og:image") or metas.get("twitter:image"), md.url)
    md.image_captions = _image_captions(objs, article)
    if article is not None and isinstance(article.get("articleBody"), str):
        md.ld_body = article["articleBody"]
    return md


def _canonical_url(root: Any, metas: dict[str, str], url: str | None) -> str | None:
    canonical = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = safe_url(link.get("href"), url)
            break
    return canonical or safe_url(metas.get("og:url"), url) or safe_url(url, None) or url


def _publisher(article: dict[str, Any] | None, metas: dict[str, str]) -> tuple[str, str | None]:
    """The publisher JSON-LD names, and the site's name (og:site_name first)."""
    publisher = ""
    if article is not None and isinstance(article.get("publisher"), dict):
        publisher = norm(_first_str(article["publisher"].get("name")) or "")
    site = metas.get("og:site_name") or publisher or metas.get("application-name")
    site = site or metas.get("apple-mobile-web-app-title")
    return publisher, norm(site) or None


def _title(root: Any, article: dict[str, Any] | None, metas: dict[str, str]) -> str:
    title = _first_str(article.get("headline")) if article is not None else ""
    title = title or metas.get("og:title") or metas.get("twitter:title") or ""
    if not title:
        t = root.find(".//title")
        title = text_content(t) if t is not None else ""
    return title


def _authors(article: dict[str, Any] | None, metas: dict[str, str]) -> list[str]:
    authors: list[str] = []
    if article is not None:
        authors = _names(article.get("author")) or _names(article.get("creator"))
    if not authors:
        for key in _AUTHOR_META:
            value = metas.get(key)
            if value and not re.match(r"https?://", value.strip()):
                authors = [value]
                break
    if not authors:
        authors = _labelled_author(metas)
    return [a for a in (norm(a) for a in authors) if a and not a.startswith("http")]


# The label/value pairs link previews show ("Written by: Jane Doe"), which SEO plugins
# write as twitter:label1 / twitter:data1.
_WRITTEN_BY = re.compile(
    r"^(?:written|posted|geschrieben|verfasst|escrit[oa]|[ée]crit|scritto)\s+(?:by|von|por|par|da)$|^(?:author|autor|auteur)$",
    re.I,
)


def _labelled_author(metas: dict[str, str]) -> list[str]:
    for i in range(1, 5):
        label, value = metas.get(f"twitter:label{i}", ""), metas.get(f"twitter:data{i}", "")
        if value and _WRITTEN_BY.match(label.strip()) and not re.match(r"https?://", value.strip()):
            return [value]
    return []


def _lang(root: Any, article: dict[str, Any] | None, metas: dict[str, str]) -> str | None:
    lang = root.get("lang") or root.get("xml:lang") or metas.get("og:locale") or metas.get("content-language")
    if not lang and article is not None:
        lang = _first_str(article.get("inLanguage"))
    return norm(lang).replace("_", "-")[:35] or None if lang else None
