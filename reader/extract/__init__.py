"""Article extraction: one HTML page to an :class:`~reader.types.ArticleContent`.

``extract(html, url)`` returns the body as ordered blocks with photo captions, credits,
bylines, the dateline and the date kept apart, and page furniture left out. Site rules
(``resources/siterules/*.json``) cover known publishers and CMSs; every other page goes
through the generic path (JSON-LD/OpenGraph metadata, semantic markup, content scoring).
"""

from reader.extract.core import extract

__all__ = ["extract"]
