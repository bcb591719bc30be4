"""Content-Encoding undone with a bound on what each layer may produce (no decompression bombs).

httpx decodes each chunk it receives whole: 2 KB of ``Content-Encoding: gzip, gzip`` that
decode to 1 GiB became 1 GiB in memory in one call, before any size cap could look at it.
Here every layer is a ``zlib`` stream asked for at most :data:`PIECE_BYTES` at a time
(``max_length``), each layer counts what it produced and stops past the caller's limit, and
no more than :data:`MAX_ENCODINGS` layers are accepted. A bomb so costs a few pieces of
memory and the CPU time of decoding ``limit`` bytes per layer.

Only the encodings Gloss asks for are read (``gzip``/``x-gzip``, ``deflate``, ``identity``);
anything else is refused in words rather than passed on as if it were the body.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

MAX_ENCODINGS = 2
PIECE_BYTES = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"
_GZIP = ("gzip", "x-gzip")


class EncodingRefused(Exception):
    """The answer's Content-Encoding is one Gloss does not read (the message says why)."""


class LayerTooLarge(Exception):
    """One layer decoded to more than the limit."""


def encodings_of(header: str | None) -> list[str]:
    """The encodings of a Content-Encoding header, in the order they were applied.

    Raises :class:`EncodingRefused` for more than :data:`MAX_ENCODINGS` layers or an
    encoding Gloss cannot read."""
    names = [t.strip().lower() for t in (header or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    if len(names) > MAX_ENCODINGS:
        raise EncodingRefused(
            f"was compressed {len(names)} times over ({', '.join(names[:6])}"
            f"{', …' if len(names) > 6 else ''}); Gloss reads at most {MAX_ENCODINGS} layers"
        )
    for name in names:
        if name not in (*_GZIP, "deflate"):
            raise EncodingRefused(f"was compressed as {name[:40]!r}, which Gloss cannot read")
    return names


class _Layer:
    """One zlib stream, decoded at most :data:`PIECE_BYTES` at a time."""

    def __init__(self, name: str) -> None:
        self.gzip = name in _GZIP
        self.produced = 0
        self._inflate: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.gzip else None
        self._head = b""  # deflate: the first bytes, until they tell zlib-wrapped from raw
        self._ended = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inflate is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            # RFC 9110 'deflate' is zlib-wrapped; some servers send raw deflate (as browsers allow).
            wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._inflate = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        inflate = self._inflate
        while not self._ended:
            piece = inflate.decompress(data, PIECE_BYTES)
            data = inflate.unconsumed_tail
            self._ended = inflate.eof  # anything after the stream's end is ignored, as httpx did
            if piece:
                self.produced += len(piece)
                yield piece
            # A full piece may leave output inside zlib though all input was taken: ask again.
            if not data and len(piece) < PIECE_BYTES:
                return

    def finish(self) -> Iterator[bytes]:
        if self._inflate is not None:
            yield from self.feed(b"")


class BoundedDecoder:
    """Undo the Content-Encoding ``header`` on a raw body, chunk by chunk.

    :meth:`decode` and :meth:`finish` yield the decoded body in pieces of at most
    :data:`PIECE_BYTES`; :class:`LayerTooLarge` is raised as soon as any layer has produced
    more than ``limit`` bytes, :class:`EncodingRefused` (from the constructor) for an
    encoding refused by :func:`encodings_of`, and ``zlib.error`` for a damaged stream."""

    def __init__(self, header: str | None, limit: int) -> None:
        # Decoded outermost first: the last encoding applied is the first undone.
        self._layers = [_Layer(name) for name in reversed(encodings_of(header))]
        self._limit = limit

    @property
    def identity(self) -> bool:
        return not self._layers

    def decode(self, raw: bytes) -> Iterator[bytes]:
        yield from self._through(0, raw)

    def finish(self) -> Iterator[bytes]:
        for i, layer in enumerate(self._layers):
            for piece in layer.finish():
                self._check(layer)
                yield from self._through(i + 1, piece)

    def _through(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self._layers):
            if data:
                yield data
            return
        layer = self._layers[i]
        for piece in layer.feed(data):
            self._check(layer)
            yield from self._through(i + 1, piece)

    def _check(self, layer: _Layer) -> None:
        if layer.produced > self._limit:
            raise LayerTooLarge
