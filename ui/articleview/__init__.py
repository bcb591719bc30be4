"""The reader view: rendering ArticleContent, its part map, and the feed's own text."""
