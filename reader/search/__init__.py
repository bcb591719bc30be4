"""Full-text search over articles and highlights together (see :mod:`.index`)."""

from __future__ import annotations

from .index import SearchHit, SearchIndex
from .tokens import fold, tokenize

__all__ = ["SearchHit", "SearchIndex", "fold", "tokenize"]
