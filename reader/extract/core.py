"""The extraction pipeline, as named steps over one page.

``parse`` → :func:`read_page` (metadata, site rule, title, date, before anything is dropped)
→ :func:`stated_bylines` → :func:`prepare_tree` (rule removals, the date by the headline,
sanitising) → :func:`~reader.extract.page_figures.harvest_figures` → :func:`choose_body`
(the site rule's, else scoring) → :func:`build_blocks` → figures outside the body → the
JSON-LD body when the page has none → :func:`file_parts` (bylines, dateline, captions where
they belong) → :func:`assemble`. Each step is a function a test can call on a small page;
``_extract`` only puts them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lxml import etree

from reader.extract.blocks import BlockBuilder, Built
from reader.extract.body import find_body, find_standfirst
from reader.extract.bylines import is_publisher, kept_after_bylines, page_bylines, signature
from reader.extract.clean import drop, drop_furniture, drop_hidden, sanitise
from reader.extract.datelines import file_dateline, take_dateline
from reader.extract.dates import iso_date
from reader.extract.figures import RawFigure, read_figure
from reader.extract.markup_bylines import dom_bylines, printed_instead
from reader.extract.metadata import Metadata, read_metadata
from reader.extract.owner import site_owner
from reader.extract.page_figures import (
    add_figures_outside,
    harvest_figures,
    lead_figures,
    place_figures,
    with_page_images,
)
from reader.extract.parse import Parsed, parse
from reader.extract.published import find_published, headline_date, headline_zone
from reader.extract.siterules import SiteRule, apply_removals, find_rule, first
from reader.extract.text import hostname, is_sample_page, norm, safe_url, same_text_key, text_content
from reader.types import ArticleContent, Block, Figure, clip


def extract(html: str | bytes, url: str | None = None, *, rules: Sequence[SiteRule] | None = None) -> ArticleContent:
    """Extract the article of one HTML page as structured parts.

    ``rules`` replaces the site rules shipped in ``resources/siterules`` (the benchmark
    scores each site by a build without its own rules).

    Pure: no network, no disk (site rules are read once from the ``resources`` package).
    Never raises for bad input: a page that yields nothing gives an empty
    :class:`~reader.types.ArticleContent` whose ``warnings`` say why. (``ExtractionError``
    is left to callers that need a body, e.g. to decide to keep the feed's summary.)
    """
    try:
        return _extract(html, url, rules)
    except (RecursionError, MemoryError, etree.LxmlError, ValueError) as exc:
        # Defence in depth: the steps below are written not to raise on any input.
        return ArticleContent(url=safe_url(url, None), warnings=(f"the page could not be extracted ({exc!r})",))


def _extract(html: str | bytes, url: str | None, rules: Sequence[SiteRule] | None) -> ArticleContent:
    parsed = parse(html)
    if parsed.root is None:
        return ArticleContent(url=safe_url(url, None), warnings=tuple(parsed.warnings))
    page = read_page(parsed, url, rules)
    bylines, named_people = stated_bylines(page)
    near_headline = prepare_tree(page)
    harvest = harvest_figures(page.root, page.base, page.caption_paths)
    body = choose_body(page)
    built = build_blocks(page, body)
    add_figures_outside(built, harvest, body.elements)
    harvest.release()
    fall_back_to_ld_body(built, page)
    filed = file_parts(page, built, bylines, named_people)
    published = page.published
    if published is None:
        published = find_published(body.elements, page.md, near_headline, page.text)
    return assemble(page, filed, published)


@dataclass
class Page:
    """One parsed page on its way through the pipeline, with what :func:`read_page` read
    from it before any element was dropped. ``root`` is changed in place by the steps
    that prepare the tree; the other fields do not change."""

    root: Any  # the lxml tree
    md: Metadata
    base: str | None  # where the page's images and links resolve
    host: str
    rule: SiteRule | None
    title: str
    published: str | None  # None: the metadata and the rule state no date
    authors: list[str]  # the names the rule or the metadata state, as written
    text: str  # the page as parsed (the last resort of the date search reads it)
    warnings: list[str]

    @property
    def caption_paths(self) -> tuple[Any, ...]:
        return self.rule.caption if self.rule is not None else ()

    @cached_property
    def zone(self) -> Any:
        """The box around the headline (where bylines and dates are printed), or None: found
        when first asked, which is before anything is dropped (stated_bylines, prepare_tree);
        a page whose rule names its byline and date never asks."""
        return headline_zone(self.root, self.title)


@dataclass
class Body:
    """The elements holding the article body (in document order) and the figures above it."""

    elements: list[Any]
    lead: list[RawFigure]


@dataclass
class Filed:
    """The parts of an article once bylines, dateline and captions are filed apart."""

    bylines: list[str]
    dateline: str | None
    body: list[Block]
    figures: list[Figure]


def read_page(parsed: Parsed, url: str | None, rules: Sequence[SiteRule] | None = None) -> Page:
    """What the page states about itself, read from the untouched tree: metadata, the site
    rule that fits it (by host or markup), and the title, date and authors the rule reads
    (each falling back to the metadata's)."""
    root = parsed.root
    md = read_metadata(root, url)
    base = md.url if md.url and md.url.startswith("http") else safe_url(url, None)
    if is_sample_page(url):
        # The bundled sample's own images (gloss-sample:) are kept, and only on its pages.
        base = str(url)
    host = hostname(url) or hostname(md.url)
    rule = find_rule(root, host, rules)
    title, published, authors = md.title, md.published, md.authors
    if rule is not None:
        title = _rule_text(rule.title, root) or title
        published = iso_date(_rule_text(rule.published, root)) or published
        authors = [el if isinstance(el, str) else text_content(el) for el in first(rule.byline, root)] or authors
    return Page(
        root=root,
        md=md,
        base=base,
        host=host,
        rule=rule,
        title=title,
        published=published,
        authors=authors,
        text=parsed.text,
        warnings=parsed.warnings,
    )


def stated_bylines(page: Page) -> tuple[list[str], bool]:
    """The bylines the page states (its rule's or metadata's names, else those in its
    markup), read before page furniture goes, and whether they name anyone but the
    publication itself."""
    md = page.md

    def is_pub(name: str) -> bool:
        return is_publisher(name, md.site_name, md.publisher, page.host)

    # A rule's byline is what the site prints; the metadata's may be a CMS account.
    found: list[list[str]] = []

    def dom() -> list[str]:  # read once, however many ask
        if not found:
            found.append(dom_bylines(page.root, page.zone))
        return found[0]

    instead = None if page.rule is not None and page.rule.byline else printed_instead(page.root, page.zone, dom)
    bylines, people = page_bylines(page.authors, dom, is_pub, instead)
    if not bylines:
        # No byline anywhere: a personal site is signed by the person it is named after.
        owner = site_owner(page.root, md.site_name, page.host)
        return ([owner], True) if owner else ([], False)
    return bylines, people


def prepare_tree(page: Page) -> str | None:
    """Drop what the site rule removes and what is never article text (scripts, forms,
    navigation, hidden elements). Returns the date printed by the headline when the page
    states none: it is read first, since an <aside> or <header> beside the headline, which
    sanitising drops, is where pages print it."""
    zone = page.zone if page.published is None else None  # found before the rule drops anything
    if page.rule is not None:
        apply_removals(page.rule.remove, page.root, drop)
    near_headline = headline_date(zone, page.md) if page.published is None else None
    sanitise(page.root)
    drop_hidden(page.root)
    return near_headline


def choose_body(page: Page) -> Body:
    """The body the site rule names, with the rule's lead figure; else page furniture is
    dropped and the page scored, and the cover photo is looked for above the body inside
    its article."""
    root, rule = page.root, page.rule
    lead: list[RawFigure] = []
    if rule is not None:
        lead = [
            read_figure(el, page.base, rule.caption) for el in first(rule.lead_figure, root) if hasattr(el, "getparent")
        ]
    elements = _rule_body(rule, root)
    if not elements:
        drop_furniture(root)
        elements = find_body(root)
        if elements and not lead:
            lead = lead_figures(elements[0], page.base)
    return Body(elements, lead)


def build_blocks(page: Page, body: Body) -> Built:
    """The body as blocks and figures: the lead figures first, the rule's dateline taken
    out, the standfirst printed above the body read as its first paragraph (unless the
    body prints it too), then every body element in order."""
    builder = BlockBuilder(page.base, page.caption_paths, page.title)
    for fig in body.lead:
        builder.add_figure(fig)
    if page.rule is not None and body.elements:
        builder.out.dateline = take_dateline(page.rule.dateline, body.elements[0])
    standfirst = find_standfirst(body.elements, page.md.description)
    if standfirst is not None and not any(a in body.elements for a in standfirst.iterancestors()):
        builder.container(standfirst, "paragraph")
    added = len(builder.out.blocks)
    for el in body.elements:
        builder.element(el)
    if added == 1:
        _drop_repeated_standfirst(builder.out)
    return builder.out


def _drop_repeated_standfirst(built: Built) -> None:
    """The body prints the standfirst itself after all: keep its own copy."""
    key = same_text_key(built.blocks[0].text)
    if any(same_text_key(b.text) == key for b in built.blocks[1:4]):
        del built.blocks[0]
        built.figures = [(fig, pos - 1 if pos >= 0 else pos) for fig, pos in built.figures]


def fall_back_to_ld_body(built: Built, page: Page) -> None:
    """No text found in the markup: the body the page's JSON-LD states (articleBody), one
    paragraph a line. Either way the page's warnings say where the text came from or that
    there is none."""
    if not built.blocks and page.md.ld_body:
        for para in page.md.ld_body.splitlines():
            if norm(para):
                built.blocks.append(Block("paragraph", norm(para)))
        page.warnings.append("the body was taken from the page's JSON-LD articleBody")
    if not built.blocks:
        page.warnings.append("no article text was found on the page")


def file_parts(page: Page, built: Built, bylines: list[str], named_people: bool) -> Filed:
    """Bylines, dateline and captions filed apart from the body: a name signed in bold at
    the text's start or end is the byline when the page names nobody; the dateline comes
    off the first paragraph; byline lines leave the body and the figures keep their places
    among the blocks that stay."""
    if not named_people:
        # The writer's name signed in bold at the very start or end of the text.
        signed = signature(built.blocks)
        bylines = [signed] if signed else bylines
    dateline = file_dateline(built.blocks, built.dateline)
    kept = kept_after_bylines(built.blocks, bylines, page.md.site_name)
    figures = with_page_images(place_figures(built.figures, kept), page.md)
    return Filed(bylines, dateline, [built.blocks[i] for i in kept], figures)


def assemble(page: Page, filed: Filed, published: str | None) -> ArticleContent:
    """The :class:`~reader.types.ArticleContent` of the page, its fields clipped to size."""
    md = page.md
    return ArticleContent(
        title=clip(norm(page.title)),
        bylines=tuple(clip(b, 200) for b in filed.bylines),
        published=published,
        dateline=filed.dateline,
        site_name=md.site_name,
        lang=md.lang,
        url=md.url,
        body=tuple(filed.body),
        figures=tuple(filed.figures),
        warnings=tuple(page.warnings),
    )


def _rule_text(paths: tuple[Any, ...], root: Any) -> str:
    for found in first(paths, root)[:1]:
        return norm(found if isinstance(found, str) else text_content(found))
    return ""


def _rule_body(rule: SiteRule | None, root: Any) -> list[Any]:
    if rule is None:
        return []
    found = [el for el in first(rule.body, root) if hasattr(el, "getparent")]
    # Nested matches would repeat text: keep the outermost.
    return [el for el in found if not any(a in found for a in el.iterancestors())]


__all__ = ["extract"]
