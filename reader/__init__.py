"""Gloss's core library: feeds, extraction, storage, annotations. Never imports Qt."""
