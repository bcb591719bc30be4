"""Storage: a Protocol (``protocol``), a TinyDB implementation (``tiny``) and an in-memory
one for tests (``memory``)."""

from .protocol import ContentStore, MetadataStore, Storage, UserStore

__all__ = ["ContentStore", "MetadataStore", "Storage", "UserStore"]
