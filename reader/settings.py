"""User settings, stored in the user-data store (they are the user's, not re-fetchable)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal, Self

Theme = Literal["system", "light", "dark"]

IMAGES_PER_ARTICLE = 20
"""How many of an article's figures a refresh stores by default (a gallery of hundreds of
photos would otherwise cost hundreds of requests per article; the rest show their caption)."""
IMAGES_PER_ARTICLE_MAX = 200
"""The most a user can ask for per article."""


@dataclass(frozen=True, slots=True)
class Settings:
    refresh_interval_minutes: int = 60
    auto_refresh: bool = False
    retention_days: int = 90
    fetch_full_articles: bool = True
    # Images stored for offline reading: off stores none at all (text only); on stores the
    # feed's thumbnail and at most images_per_article of the article's own figures, never
    # other images of its page (see reader.feeds.images).
    download_images: bool = True
    images_per_article: int = IMAGES_PER_ARTICLE
    theme: Theme = "system"
    font_family: str = ""
    font_size: int = 17
    first_run_done: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        known = {f.name for f in fields(cls)}
        defaults = cls()
        values: dict[str, Any] = {}
        for name in known & d.keys():
            # A value of the wrong type (a hand edit, an old file) falls back to the default.
            if isinstance(d[name], type(getattr(defaults, name))):
                values[name] = d[name]
        return replace(defaults, **values)

    def validated(self) -> Settings:
        """Clamp numbers to sensible ranges."""
        return replace(
            self,
            refresh_interval_minutes=min(max(self.refresh_interval_minutes, 5), 24 * 60),
            retention_days=min(max(self.retention_days, 1), 36500),
            font_size=min(max(self.font_size, 9), 40),
            images_per_article=min(max(self.images_per_article, 1), IMAGES_PER_ARTICLE_MAX),
            theme=self.theme if self.theme in ("system", "light", "dark") else "system",
        )
