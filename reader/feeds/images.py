"""Which images a refresh stores for offline reading.

Only images the reader view shows are fetched: the figures of the extracted article (its
lead photo and the photos placed among its body blocks, in reading order) and the feed's
thumbnail for the entry (shown when the article has no photo of its own). Other images on
the page (a site's logo, a sidebar's advertisement, related-story teasers, 1×1 beacons and
hidden images) never become figures, so they are never requested; the extractor decides
what belongs to the article, this module only how many of its images are stored.

A gallery of hundreds of photos would otherwise cost hundreds of requests per article:
at most ``limit`` figures (:data:`IMAGES_PER_ARTICLE` unless the user's settings say
otherwise) are stored per article, the first ones in reading order; the others show their
caption only. With images off (``Settings.download_images``) nothing is stored at all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ..errors import ReaderError
from ..settings import IMAGES_PER_ARTICLE
from ..storage.protocol import Storage
from ..types import ArticleContent, Enclosure
from .hostslots import HostSlots
from .http import IMAGE_MAX_BYTES, HttpClient, is_fetchable, resolve_url

__all__ = ["IMAGES_PER_ARTICLE", "figure_images", "store_image", "thumbnail_image"]

log = logging.getLogger(__name__)

IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif, image/*;q=0.8"


def figure_images(content: ArticleContent, page_url: str | None, limit: int) -> list[tuple[str, str]]:
    """``(url to fetch, key to store it under)`` for the first ``limit`` figures with an
    image, in reading order (lead photos, then by the block they follow), each image
    once. The key is the figure's own ``src``: what the reader view looks up."""
    ordered = sorted(enumerate(content.figures), key=lambda pair: (max(pair[1].position, -1), pair[0]))
    chosen: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _index, figure in ordered:
        if len(chosen) >= limit:
            break
        if not figure.src:
            continue
        url = resolve_url(page_url, figure.src)
        if url in seen or not is_fetchable(url):
            continue
        seen.add(url)
        chosen.append((url, figure.src))
    return chosen


def thumbnail_image(media: Iterable[Enclosure]) -> str | None:
    """The feed's thumbnail for an entry that the reader view would show (the first one
    that can be fetched), or None. Further thumbnails are never shown, so never fetched."""
    return next((m.url for m in media if m.kind == "thumbnail" and is_fetchable(m.url)), None)


def store_image(storage: Storage, client: HttpClient, hosts: HostSlots, aid: str, src: str, key: str) -> None:
    """Fetch the image at ``src`` (one of ``hosts``' turns for its host) into the content
    store under ``key`` for article ``aid``, unless it is there. A failed fetch is logged."""
    if not is_fetchable(src) or storage.content.get_image(aid, key) is not None:
        return
    try:
        with hosts.hold(src):
            image = client.fetch(src, max_bytes=IMAGE_MAX_BYTES, accept=IMAGE_ACCEPT)
    except ReaderError as exc:
        log.info("image %s of %s not downloaded: %s", src, aid, exc)
        return
    if image.content_type.startswith("image/") and image.body:
        storage.content.put_image(aid, key, image.body, image.content_type)
