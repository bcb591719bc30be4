"""Full-text search over articles and highlights together (see :mod:`.index`)."""

from __future__ import annotations

from .hits import SearchHit
from .index import SearchIndex
from .tokens import fold, tokenize

__all__ = ["SearchHit", "SearchIndex", "fold", "tokenize"]
