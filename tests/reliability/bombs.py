"""Compressed bodies for the decompression tests and the fuzz corpus: ordinary layers of
gzip and deflate over real bytes, and bombs (a few KB that decode to a gigabyte), built
without ever holding what they decode to."""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Sequence

MiB = 1 << 20
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


def encode(data: bytes, encodings: Sequence[str]) -> bytes:
    """``data`` with each Content-Encoding applied in order ("gzip", "deflate", "raw-deflate")."""
    for name in encodings:
        wbits = {"gzip": 31, "x-gzip": 31, "deflate": 15, "raw-deflate": -15}[name]
        c = zlib.compressobj(9, zlib.DEFLATED, wbits)
        data = c.compress(data) + c.flush()
    return data


@functools.cache
def gzip_of_zeros(mebibytes: int) -> bytes:
    """A valid gzip stream of ``mebibytes`` MiB of zero bytes (about 1 KB per MiB), made from
    one compressed MiB repeated: a full flush makes each copy stand alone."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush(zlib.Z_FINISH)
    crc = 0
    zeros = b"\0" * MiB
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, (mebibytes * MiB) & 0xFFFFFFFF)
    return _GZIP_HEADER + block * mebibytes + end + trailer


@functools.cache
def double_gzip_bomb(mebibytes: int = 1024) -> bytes:
    """``Content-Encoding: gzip, gzip``: 1 GiB of zeros in about 2.5 KB."""
    return encode(gzip_of_zeros(mebibytes), ["gzip"])
