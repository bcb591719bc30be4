"""The page's figures beyond those met while walking the body: captioned photos anywhere on
the page (a cover photo above the body, a gallery below it), the lead figure above the body
inside its article, the page's shared image when nothing else is found, and every figure's
final position once byline lines have left the body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reader.extract.blocks import Built
from reader.extract.boxes import is_image_box
from reader.extract.clean import is_furniture
from reader.extract.figures import RawFigure, read_figure, strip_credit_label
from reader.extract.metadata import Metadata, image_key
from reader.extract.text import norm, same_text_key, text_content
from reader.types import Figure

# At most this many image boxes are read per page (a gallery of thousands costs no more).
_MAX_BOXES = 60


@dataclass
class Harvest:
    """Captioned photos found anywhere on the page, by document position."""

    # Every element's position in document order, taken before furniture was dropped.
    order: dict[Any, int] = field(default_factory=dict)
    figures: list[tuple[int, RawFigure]] = field(default_factory=list)

    def release(self) -> None:
        """Drop the element proxies ``order`` holds, from the last element back to the first.

        lxml frees a proxy by walking up to the first ancestor that still has one: freed in
        document order, each costs its depth (a page nested 20,000 deep: 0.7 s); freed from
        the last, each finds its parent's proxy at once.
        """
        elements = list(self.order)
        self.order.clear()
        while elements:
            elements.pop()


def harvest_figures(root: Any, base: str | None, caption_paths: tuple[Any, ...]) -> Harvest:
    """Every captioned photo that is not a teaser (inside a link or page furniture): <figure>s
    and boxes holding one image with its caption. Found from the images up (cheap)."""
    order = {el: i for i, el in enumerate(root.iter())}
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
        if len(taken) >= _MAX_BOXES:
            break
    found.sort(key=lambda item: item[0])
    return Harvest(order, found)


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


def lead_figures(body: Any, base: str | None) -> list[RawFigure]:
    """Figures shown above the body inside the same article (the cover photo), at most three."""
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


def add_figures_outside(built: Built, harvest: Harvest, body: list[Any]) -> None:
    """Add the harvested photos that lie outside the body elements and whose caption the body
    did not print: above the body they lead the article, below it they follow its last block.
    Then every figure is put in position order."""
    order = harvest.order
    start = order.get(body[0], 0) if body else 0
    for at, fig in harvest.figures:
        if any(order.get(b, -1) <= at <= order.get(b, -1) + _size(b) for b in body):
            continue
        key = same_text_key(fig.caption)
        if key in built.caption_keys:
            continue
        built.caption_keys.add(key)
        position = -1 if at < start else len(built.blocks) - 1
        built.figures.append((fig, position))
    built.figures.sort(key=lambda item: item[1])


def _size(el: Any) -> int:
    return sum(1 for _ in el.iter())


def place_figures(figures: list[tuple[RawFigure, int]], kept: list[int]) -> list[Figure]:
    """The figures as filed: each follows the last kept block at or before the block it
    followed (``kept``: the indices of the blocks left once byline lines went), and a
    caption printed twice is kept once."""
    out = []
    for fig, pos in figures:
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


def with_page_images(figures: list[Figure], md: Metadata) -> list[Figure]:
    """With no figure found, the page's shared image (og:image, JSON-LD) leads the article,
    with the caption its JSON-LD gives it; figures without a caption get their JSON-LD one."""
    if not figures and md.image:
        caption, credit = md.image_captions.get(image_key(md.image), ("", ""))
        if not caption and len(md.image_captions) == 1:
            # The page's one described image is the one it shares (often in another size).
            caption, credit = next(iter(md.image_captions.values()))
        return [Figure(md.image, "", caption, strip_credit_label(credit), -1)]
    if md.image_captions:
        return [_with_ld_caption(f, md.image_captions) for f in figures]
    return figures


def _with_ld_caption(fig: Figure, captions: dict[str, tuple[str, str]]) -> Figure:
    """A figure without a caption gets the one the page's JSON-LD gives its image."""
    if fig.caption or not fig.src:
        return fig
    caption, credit = captions.get(image_key(fig.src), ("", ""))
    if not caption:
        return fig
    return Figure(fig.src, fig.alt, caption, fig.credit or strip_credit_label(credit), fig.position)
