"""OPML 2.0 import and export, with folders (one level) and a safe XML parser.

Import is all or nothing: a malformed file, an entity bomb, a non-web feed address or too
many outlines raise :class:`reader.errors.OPMLError` (naming the line when there is one)
before anything is returned, so nothing is imported half-way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urlsplit

from lxml import etree

from ..errors import OPMLError
from ..types import Feed, utcnow

MAX_OUTLINES = 10_000
_FEED_SCHEMES = ("http", "https", "gloss-sample")


@dataclass(frozen=True, slots=True)
class OpmlOutline:
    """One feed of an OPML file. ``folder`` is its top-level folder (deeper ones flatten into it)."""

    url: str
    title: str = ""
    site_url: str | None = None
    folder: str | None = None


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    """A parsed OPML file: its title, its folders in order (empty ones too) and its feeds."""

    title: str
    folders: tuple[str, ...]
    outlines: tuple[OpmlOutline, ...]


def _parser() -> etree.XMLParser:
    # Never resolve entities, never touch the network, never load a DTD, no huge trees.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def parse_opml(data: bytes) -> list[OpmlOutline]:
    """The feeds listed in an OPML file, in document order (see :func:`parse_opml_document`)."""
    return list(parse_opml_document(data).outlines)


def parse_opml_document(data: bytes) -> OpmlDocument:
    """Parse an OPML file completely, or raise :class:`OPMLError` naming the line."""
    if not data.strip():
        raise OPMLError("The OPML file is empty.")
    entity_at = data.find(b"<!ENTITY")
    if entity_at >= 0:
        line = data.count(b"\n", 0, entity_at) + 1
        raise OPMLError(
            f"Line {line}: the file declares XML entities, which OPML never needs; nothing was imported.",
            line=line,
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        lineno: int | None = exc.lineno or None
        where = f"Line {lineno}: " if lineno else ""
        raise OPMLError(f"{where}the file is not well-formed XML ({exc.msg}).", line=lineno) from exc
    if not isinstance(root.tag, str) or etree.QName(root).localname != "opml":
        raise OPMLError(f"This is not an OPML file (it starts with <{root.tag}>, not <opml>).", line=root.sourceline)
    total = sum(1 for _ in root.iter("outline"))
    if total > MAX_OUTLINES:
        raise OPMLError(f"The file lists {total:,} outlines; Gloss imports at most {MAX_OUTLINES:,} at once.")
    title = (root.findtext("head/title") or "").strip()
    body = root.find("body")
    if body is None:
        raise OPMLError("This OPML file has no <body>, so it lists no feeds.", line=root.sourceline)

    folders: list[str] = []
    outlines: list[OpmlOutline] = []
    seen: set[str] = set()
    for top in body.iterchildren("outline"):
        if _xml_url(top) is None:
            name = _label(top)
            if name and name not in folders:
                folders.append(name)
            # Nested folders flatten into their top-level folder (one level is all Gloss has).
            candidates = [el for el in top.iter("outline") if el is not top and _xml_url(el) is not None]
            folder: str | None = name or None
        else:
            candidates = [el for el in top.iter("outline") if _xml_url(el) is not None]
            folder = None
        for el in candidates:
            outline = _feed_outline(el, folder)
            if outline.url not in seen:
                seen.add(outline.url)
                outlines.append(outline)
    return OpmlDocument(title=title, folders=tuple(folders), outlines=tuple(outlines))


def _xml_url(el: etree._Element) -> str | None:
    value = el.get("xmlUrl") or el.get("xmlurl")
    return value.strip() if value and value.strip() else None


def _label(el: etree._Element) -> str:
    return (el.get("title") or el.get("text") or "").strip()


def _feed_outline(el: etree._Element, folder: str | None) -> OpmlOutline:
    url = _xml_url(el) or ""
    if urlsplit(url).scheme.lower() not in _FEED_SCHEMES:
        raise OPMLError(
            f"Line {el.sourceline}: the feed address {url[:200]!r} is not an http or https address; "
            "nothing was imported.",
            line=el.sourceline,
        )
    site = (el.get("htmlUrl") or el.get("htmlurl") or "").strip()
    site_url = site if urlsplit(site).scheme.lower() in ("http", "https") else None
    return OpmlOutline(url=url, title=_label(el), site_url=site_url, folder=folder)


def write_opml(feeds: Sequence[Feed], folders: Sequence[str], title: str = "Gloss subscriptions") -> bytes:
    """OPML 2.0 for ``feeds``: each folder (in ``folders`` order, empty ones kept) with its
    feeds, then the feeds in no folder. :func:`parse_opml_document` reads it back exactly."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(utcnow(), usegmt=True)
    body = etree.SubElement(root, "body")
    order = list(dict.fromkeys([*folders, *(f.folder for f in feeds if f.folder)]))
    for name in order:
        folder_el = etree.SubElement(body, "outline", text=name, title=name)
        for feed in feeds:
            if feed.folder == name:
                _feed_element(folder_el, feed)
    for feed in feeds:
        if not feed.folder:
            _feed_element(body, feed)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _feed_element(parent: etree._Element, feed: Feed) -> None:
    el = etree.SubElement(parent, "outline", type="rss", text=feed.title, title=feed.title, xmlUrl=feed.url)
    if feed.site_url:
        el.set("htmlUrl", feed.site_url)
