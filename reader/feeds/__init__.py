"""Feed machinery: polite HTTP, parsing, entry identity, OPML, autodiscovery and refresh.

Nothing here imports Qt or knows about TinyDB: refresh talks to the
:class:`reader.storage.protocol.Storage` protocol only.
"""
