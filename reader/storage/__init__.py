"""Storage: a Protocol (``protocol``), its TinyDB implementation (``tiny``, with the content
store in ``content``), and the stored form of the core's types (``records``)."""

from .protocol import ContentStore, MetadataStore, Storage, UserStore

__all__ = ["ContentStore", "MetadataStore", "Storage", "UserStore"]
