"""The extraction pipeline: parse, read metadata, pick a site rule or score the page,
build blocks and figures, then file bylines, dateline and captions where they belong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from reader.extract.blocks import BlockBuilder, Built, is_image_box
from reader.extract.body import find_body, find_standfirst
from reader.extract.bylines import (
    dom_bylines,
    is_publisher,
    kept_after_bylines,
    page_bylines,
    signature,
    split_dateline,
)
from reader.extract.clean import drop, drop_furniture, drop_hidden, is_furniture, sanitise
from reader.extract.dates import iso_date
from reader.extract.figures import RawFigure, read_figure, strip_credit_label
from reader.extract.metadata import image_key, read_metadata
from reader.extract.parse import parse
from reader.extract.published import find_published, headline_date, headline_zone
from reader.extract.siterules import SiteRule, find_rule, first
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
    warnings = parsed.warnings
    root = parsed.root
    if root is None:
        return ArticleContent(url=safe_url(url, None), warnings=tuple(warnings))
    md = read_metadata(root, url)
    base = md.url if md.url and md.url.startswith("http") else safe_url(url, None)
    if is_sample_page(url):
        # The bundled sample's own images (gloss-sample:) are kept, and only on its pages.
        base = str(url)
    rule = find_rule(root, hostname(url) or hostname(md.url), rules)

    title = md.title
    published = md.published
    rule_bylines: list[str] = []
    if rule is not None:
        title = _rule_text(rule.title, root) or title
        published = iso_date(_rule_text(rule.published, root)) or published
        for el in first(rule.byline, root):
            rule_bylines.append(el if isinstance(el, str) else text_content(el))
    host = hostname(url) or hostname(md.url)

    def is_pub(name: str) -> bool:
        return is_publisher(name, md.site_name, md.publisher, host)

    zone = headline_zone(root, title)
    bylines, named_people = page_bylines(rule_bylines or md.authors, lambda: dom_bylines(root, zone), is_pub)

    if rule is not None:
        for path in rule.remove:
            for el in list(path(root)):
                if hasattr(el, "getparent"):
                    drop(el)
    body_root = root.find("body")
    if body_root is None:
        body_root = root
    # Dates printed by the headline are read before sanitising: an <aside> or <header> beside
    # the headline, which sanitising drops, is where pages print them.
    near_headline = headline_date(zone, md) if published is None else None
    sanitise(root)
    drop_hidden(root)
    order = {el: i for i, el in enumerate(root.iter())}
    harvested = _harvest_figures(root, base, rule.caption if rule else (), order)
    lead: list[RawFigure] = []
    if rule is not None:
        for el in first(rule.lead_figure, root):
            if hasattr(el, "getparent"):
                lead.append(read_figure(el, base, rule.caption))
    body_els = _rule_body(rule, root)
    if not body_els:
        drop_furniture(root)
        body_els = find_body(root)
        if body_els and not lead:
            lead = _lead_figures(body_els[0], base)

    builder = BlockBuilder(base, rule.caption if rule else (), title)
    for fig in lead:
        builder.add_figure(fig)
    if rule is not None and body_els:
        for path in rule.dateline:
            for el in path(body_els[0]):
                if builder.out.dateline is None and hasattr(el, "getparent"):
                    builder.out.dateline = norm(text_content(el)).rstrip(" —–-:").strip() or None
                if hasattr(el, "getparent"):
                    drop(el)
    standfirst = find_standfirst(body_els, md.description)
    if standfirst is not None and not any(a in body_els for a in standfirst.iterancestors()):
        builder.container(standfirst, "paragraph")
    added = len(builder.out.blocks)
    for el in body_els:
        builder.element(el)
    built = builder.out
    if added == 1 and any(same_text_key(b.text) == same_text_key(built.blocks[0].text) for b in built.blocks[1:4]):
        # The body prints the standfirst itself after all: keep its own copy.
        del built.blocks[0]
        built.figures = [(fig, pos - 1 if pos >= 0 else pos) for fig, pos in built.figures]
    # Captioned photos outside the body (cover photo above it, gallery below it).
    start = order.get(body_els[0], 0) if body_els else 0
    for at, fig in harvested:
        if any(order.get(b, -1) <= at <= order.get(b, -1) + _size(b) for b in body_els):
            continue
        key = same_text_key(fig.caption)
        if key in built.caption_keys:
            continue
        built.caption_keys.add(key)
        position = -1 if at < start else len(built.blocks) - 1
        built.figures.append((fig, position))
    built.figures.sort(key=lambda item: item[1])
    _release_last_first(order)

    if not built.blocks and md.ld_body:
        for para in md.ld_body.splitlines():
            if norm(para):
                built.blocks.append(Block("paragraph", norm(para)))
        warnings.append("the body was taken from the page's JSON-LD articleBody")
    if not built.blocks:
        warnings.append("no article text was found on the page")

    if not named_people:
        # The writer's name signed in bold at the very start or end of the text.
        signed = signature(built.blocks)
        bylines = [signed] if signed else bylines
    dateline = _file_dateline(built)
    kept = kept_after_bylines(built.blocks, bylines, md.site_name)
    body = [built.blocks[i] for i in kept]
    figures = _figures(built, kept)
    if not figures and md.image:
        caption, credit = md.image_captions.get(image_key(md.image), ("", ""))
        if not caption and len(md.image_captions) == 1:
            # The page's one described image is the one it shares (often in another size).
            caption, credit = next(iter(md.image_captions.values()))
        figures = [Figure(md.image, "", caption, strip_credit_label(credit), -1)]
    elif md.image_captions:
        figures = [_with_ld_caption(f, md.image_captions) for f in figures]
    if published is None:
        published = find_published(body_els, md, near_headline, parsed.text)
    return ArticleContent(
        title=clip(norm(title)),
        bylines=tuple(clip(b, 200) for b in bylines),
        published=published,
        dateline=dateline,
        site_name=md.site_name,
        lang=md.lang,
        url=md.url,
        body=tuple(body),
        figures=tuple(figures),
        warnings=tuple(warnings),
    )


def _with_ld_caption(fig: Figure, captions: dict[str, tuple[str, str]]) -> Figure:
    """A figure without a caption gets the one the page's JSON-LD gives its image."""
    if fig.caption or not fig.src:
        return fig
    caption, credit = captions.get(image_key(fig.src), ("", ""))
    if not caption:
        return fig
    return Figure(fig.src, fig.alt, caption, fig.credit or strip_credit_label(credit), fig.position)


def _size(el: Any) -> int:
    return sum(1 for _ in el.iter())


def _release_last_first(order: dict[Any, int]) -> None:
    """Drop the element proxies ``order`` holds from the last element back to the first.

    lxml frees a proxy by walking up to the first ancestor that still has one: freed in
    document order, each costs its depth (a page nested 20,000 deep: 0.7 s); freed from the
    last, each finds its parent's proxy at once.
    """
    elements = list(order)
    order.clear()
    while elements:
        elements.pop()


def _harvest_figures(
    root: Any, base: str | None, caption_paths: tuple[str, ...], order: dict[Any, int]
) -> list[tuple[int, RawFigure]]:
    """Every captioned photo that is not a teaser (inside a link or page furniture): <figure>s
    and boxes holding one image with its caption. Found from the images up (cheap)."""
    found: list[tuple[int, RawFigure]] = []
    taken: set[Any] = set()
    memo: dict[Any, bool] = {}
    for img in root.iter("img"):
        box = _image_container(img)
        if box is None or box in taken:
            continue
        taken.add(box)
        if any(a.tag in ("a", "figure", "li") or _furniture(a, memo) for a in box.iterancestors()):
            continue
        fig = read_figure(box, base, caption_paths)
        if len(fig.caption.split()) >= 2:
            found.append((order.get(box, 0), fig))
        if len(taken) >= 60:
            break
    found.sort(key=lambda item: item[0])
    return found


def _image_container(img: Any) -> Any:
    """The <figure> around an image, or the widest box holding it with only its caption."""
    box = None
    el = img.getparent()
    for _ in range(5):
        if el is None or not isinstance(el.tag, str) or el.tag in ("body", "html", "article", "main"):
            break
        if el.tag == "figure":
            return el
        if el.tag in ("div", "span", "p", "section", "picture"):
            if is_image_box(el, img):
                box = el
            elif box is not None and len(text_content(el)) > 350:
                break
        el = el.getparent()
    return box


def _furniture(el: Any, memo: dict[Any, bool]) -> bool:
    if el not in memo:
        memo[el] = is_furniture(el)
    return memo[el]


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


def _lead_figures(body: Any, base: str | None) -> list[RawFigure]:
    """Figures shown above the body inside the same article (the cover photo)."""
    region = next((a for a in body.iterancestors() if a.tag in ("article", "main")), None)
    if region is None:
        parent = body.getparent()
        region = parent.getparent() if parent is not None else None
    if region is None or region.tag in ("html",):
        return []
    figures: list[RawFigure] = []
    taken: set[Any] = set()
    for el in region.iter():
        if el is body:
            break
        if any(a.tag == "figure" or a in taken for a in el.iterancestors()):
            continue
        if el.tag == "figure":
            figures.append(read_figure(el, base))
            taken.add(el)
        elif el.tag in ("div", "p", "section") and el.get("class") is not None:
            img = next(el.iter("img"), None)
            if img is not None and is_image_box(el, img):
                figures.append(read_figure(el, base))
                taken.add(el)
    return figures[:3]


def _file_dateline(built: Built) -> str | None:
    """The dateline from its own element, or cut off the start of the first paragraph."""
    blocks = built.blocks
    first_para = next((i for i, b in enumerate(blocks) if b.type == "paragraph"), None)
    if first_para is None or first_para > 3:
        return built.dateline
    block = blocks[first_para]
    if built.dateline:
        # Some pages print the dateline both in its own element and at the start of the text.
        key = built.dateline
        if block.text.startswith(key):
            place, rest = split_dateline(block.text)
            if place:
                blocks[first_para] = _cut(block, len(block.text) - len(rest))
        return built.dateline
    place, rest = split_dateline(block.text)
    if place is None or len(rest) < 20:
        return None
    blocks[first_para] = _cut(block, len(block.text) - len(rest))
    return place


def _cut(block: Block, n: int) -> Block:
    from reader.types import Span

    text = block.text[n:]
    spans = tuple(
        Span(max(0, s.start - n), s.end - n, s.kind, s.href) for s in block.spans if s.end - n > max(0, s.start - n)
    )
    return Block(block.type, text, spans)


def _figures(built: Built, kept: list[int]) -> list[Figure]:
    out = []
    for fig, pos in built.figures:
        # The figure follows the last kept block at or before its original position.
        position = sum(1 for i in kept if i <= pos) - 1
        out.append(Figure(fig.src, fig.alt, norm(fig.caption), norm(fig.credit), position))
    # The same caption only once (some pages print it in a second element).
    seen: set[str] = set()
    unique_figs = []
    for f in out:
        key = same_text_key(f.caption)
        if key and key in seen:
            continue
        seen.add(key)
        unique_figs.append(f)
    return unique_figs


__all__ = ["extract"]
