"""OPML import and export, with nested folders and a safe XML parser.

Import is lenient with what other readers write, and strict about safety:

- one bad outline never refuses the file: a feed address that is relative, ``ftp:``, ``file:``,
  ``javascript:`` or otherwise not a web address is skipped and reported with its line; a bare
  ``&`` (not escaped as ``&amp;``, a slip many tools make in URLs and titles) is read as ``&amp;``
  and reported too;
- element and attribute names are read case-insensitively (``xmlUrl``, ``xmlurl``, ``XMLURL``);
- nested folders keep their nesting as a path, ``"News/Africa"`` (Gloss's folders are one level;
  the export writes the path back as nested outlines);
- a file that is not XML at all (torn, truncated), declares entities (an entity bomb, an external
  entity) or lists more than :data:`MAX_OUTLINES` outlines is refused whole, naming the line, before
  anything is returned.

Export writes OPML 2.0 with ``text`` never empty, and never the bundled sample feed or other
addresses only Gloss understands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urlsplit

from lxml import etree

from ..errors import OPMLError
from ..types import Feed, utcnow

MAX_OUTLINES = 10_000
FOLDER_SEPARATOR = "/"
_FEED_SCHEMES = ("http", "https", "gloss-sample")
_EXPORTED_SCHEMES = ("http", "https")
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z_][A-Za-z0-9._-]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)")


@dataclass(frozen=True, slots=True)
class OpmlOutline:
    """One feed of an OPML file. ``folder`` is its folder path (``"News/Africa"``), or None."""

    url: str
    title: str = ""
    site_url: str | None = None
    folder: str | None = None


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    """A parsed OPML file: its title, its folders in order (empty ones too), its feeds, and the
    lines skipped or repaired, in words."""

    title: str
    folders: tuple[str, ...]
    outlines: tuple[OpmlOutline, ...]
    skipped: tuple[str, ...] = ()


def _parser() -> etree.XMLParser:
    # Never resolve entities, never touch the network, never load a DTD, no huge trees.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def parse_opml(data: bytes) -> list[OpmlOutline]:
    """The feeds listed in an OPML file, in document order (see :func:`parse_opml_document`)."""
    return list(parse_opml_document(data).outlines)


def _parse_xml(data: bytes) -> tuple[etree._Element, list[str]]:
    try:
        return etree.fromstring(data, _parser()), []
    except etree.XMLSyntaxError as exc:
        first = exc
    repaired = _BARE_AMPERSAND.sub(b"&amp;", data)
    if repaired != data:
        try:
            root = etree.fromstring(repaired, _parser())
        except etree.XMLSyntaxError:
            pass
        else:
            lines = sorted({data.count(b"\n", 0, m.start()) + 1 for m in _BARE_AMPERSAND.finditer(data)})
            shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
            return root, [f"Line{'s' if len(lines) > 1 else ''} {shown}: a bare '&' was read as '&amp;'."]
    lineno: int | None = first.lineno or None
    where = f"Line {lineno}: " if lineno else ""
    raise OPMLError(f"{where}the file is not well-formed XML ({first.msg}).", line=lineno) from first


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _attrs(el: etree._Element) -> dict[str, str]:
    """Attribute names lower-cased; a plain attribute wins over a namespaced one of that name."""
    plain: dict[str, str] = {}
    namespaced: dict[str, str] = {}
    for key, value in el.attrib.items():
        name = str(key)
        if name.startswith("{"):
            namespaced.setdefault(name.rpartition("}")[2].lower(), str(value))
        else:
            plain.setdefault(name.lower(), str(value))
    return {**namespaced, **plain}


def _children(el: etree._Element) -> Iterator[etree._Element]:
    return (c for c in el if _local(c) == "outline")


def parse_opml_document(data: bytes) -> OpmlDocument:
    """Parse an OPML file (see the module docstring), or raise :class:`OPMLError` naming the line."""
    if not data.strip():
        raise OPMLError("The OPML file is empty.")
    entity_at = data.find(b"<!ENTITY")
    if entity_at >= 0:
        line = data.count(b"\n", 0, entity_at) + 1
        raise OPMLError(
            f"Line {line}: the file declares XML entities, which OPML never needs; nothing was imported.",
            line=line,
        )
    root, skipped = _parse_xml(data)
    if _local(root) != "opml":
        raise OPMLError(f"This is not an OPML file (it starts with <{root.tag}>, not <opml>).", line=root.sourceline)
    total = sum(1 for el in root.iter() if _local(el) == "outline")
    if total > MAX_OUTLINES:
        raise OPMLError(f"The file lists {total:,} outlines; Gloss imports at most {MAX_OUTLINES:,} at once.")
    head = next((c for c in root if _local(c) == "head"), None)
    title_el = next((c for c in head if _local(c) == "title"), None) if head is not None else None
    body = next((c for c in root if _local(c) == "body"), None)
    if body is None:
        raise OPMLError("This OPML file has no <body>, so it lists no feeds.", line=root.sourceline)
    reading = _Reading(skipped)
    reading.walk(body, ())
    return OpmlDocument(
        title=(title_el.text or "").strip() if title_el is not None else "",
        folders=tuple(reading.folders),
        outlines=tuple(reading.outlines),
        skipped=tuple(reading.skipped),
    )


class _Reading:
    def __init__(self, skipped: list[str]) -> None:
        self.skipped = skipped
        self.folders: list[str] = []
        self.outlines: list[OpmlOutline] = []
        self.seen: set[str] = set()

    def walk(self, parent: etree._Element, path: tuple[str, ...]) -> None:
        for el in _children(parent):
            attrs = _attrs(el)
            url = (attrs.get("xmlurl") or "").strip()
            label = " ".join((attrs.get("title") or attrs.get("text") or "").split())
            if url:
                self.feed(el, attrs, url, label, path)
                self.walk(el, path)  # a feed with outlines inside: they keep the feed's folder
                continue
            if attrs.get("type", "").lower() in ("include", "link") and not any(_children(el)):
                self.skipped.append(
                    f"Line {el.sourceline}: '{label or attrs.get('url', '')}' links to another file, not a feed."
                )
                continue
            name = label.replace(FOLDER_SEPARATOR, "-") or "Untitled folder"
            folder = FOLDER_SEPARATOR.join((*path, name))
            if folder not in self.folders:
                self.folders.append(folder)
            self.walk(el, (*path, name))

    def feed(self, el: etree._Element, attrs: dict[str, str], url: str, label: str, path: tuple[str, ...]) -> None:
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            scheme = ""
        if scheme not in _FEED_SCHEMES:
            why = "is relative" if not scheme else "is not an http or https address"
            self.skipped.append(f"Line {el.sourceline}: the feed address {url[:200]!r} {why}; skipped.")
            return
        if url in self.seen:
            return
        self.seen.add(url)
        site = (attrs.get("htmlurl") or "").strip()
        try:
            site_url = site if urlsplit(site).scheme.lower() in ("http", "https") else None
        except ValueError:
            site_url = None
        folder = FOLDER_SEPARATOR.join(path) or None
        title = "" if label == url else label  # an export's stand-in for no title (text is never empty)
        self.outlines.append(OpmlOutline(url=url, title=title, site_url=site_url, folder=folder))


def write_opml(feeds: Sequence[Feed], folders: Sequence[str], title: str = "Gloss subscriptions") -> bytes:
    """OPML 2.0 for ``feeds``: each folder (in ``folders`` order, empty ones kept, a ``"A/B"`` path as
    nested outlines) with its feeds, then the feeds in no folder. Feeds only Gloss can read (the
    bundled sample) are left out. :func:`parse_opml_document` reads it back exactly."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(utcnow(), usegmt=True)
    body = etree.SubElement(root, "body")
    shown = [f for f in feeds if urlsplit(f.url).scheme.lower() in _EXPORTED_SCHEMES]
    elements: dict[str, etree._Element] = {}

    def folder_element(path: str) -> etree._Element:
        if path not in elements:
            parent_path, _, name = path.rpartition(FOLDER_SEPARATOR)
            parent = folder_element(parent_path) if parent_path else body
            elements[path] = etree.SubElement(parent, "outline", text=name or "Untitled folder", title=name)
        return elements[path]

    for name in dict.fromkeys([*folders, *(f.folder for f in shown if f.folder)]):
        if name:
            folder_element(name)
    for feed in shown:
        _feed_element(folder_element(feed.folder) if feed.folder else body, feed)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _feed_element(parent: etree._Element, feed: Feed) -> None:
    text = feed.title or feed.url
    el = etree.SubElement(parent, "outline", type="rss", text=text, title=text, xmlUrl=feed.url)
    if feed.site_url:
        el.set("htmlUrl", feed.site_url)
