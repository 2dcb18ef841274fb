"""An in-memory filter of an index's name keys: a Bloom filter that says "no" for sure.

Most texts a geoparser looks up name no place (capitalised words, parts of longer names),
and SQLite answers each of those misses with a B-tree descent. :class:`KeyFilter` answers
most of them in memory: ``may_contain(key)`` is ``False`` only when ``key`` is in no row of
``names``, and ``True`` for every key that is, and for about :data:`FALSE_POSITIVES` of the
others (which SQLite then answers). It is built once with the index (about 10 bits a key:
0.9 MB for the embedded gazetteer) and read back as one blob.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Iterable

import numpy as np

__all__ = ["FALSE_POSITIVES", "KeyFilter"]

#: The share of absent keys the filter lets through.
FALSE_POSITIVES = 0.01
_HEADER = struct.Struct("<QI")  # bits, hash functions


def _hashes(key: str) -> tuple[int, int]:
    """Two independent 64-bit hashes of ``key`` (stable across processes and runs)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") | 1


class KeyFilter:
    """A Bloom filter of ``bits`` bits and ``functions`` hash functions (double hashing)."""

    __slots__ = ("_bits", "_size", "_functions")

    def __init__(self, bits: bytes, size: int, functions: int) -> None:
        self._bits = bits
        self._size = size
        self._functions = functions

    @classmethod
    def of(cls, keys: Iterable[str]) -> KeyFilter:
        """The filter of ``keys`` (distinct)."""
        pairs = np.array([_hashes(key) for key in keys], dtype=np.uint64).reshape(-1, 2)
        size = max(64, math.ceil(-len(pairs) * math.log(FALSE_POSITIVES) / math.log(2) ** 2))
        functions = max(1, round(size / max(len(pairs), 1) * math.log(2)))
        bits = np.zeros(size, dtype=bool)
        first, step = pairs[:, 0], pairs[:, 1]
        for i in range(functions):
            # (h1 + i * h2) mod size, as Python computes it in may_contain (uint64 wraps, so
            # reduce each term first)
            bits[((first % np.uint64(size)) + (np.uint64(i) * (step % np.uint64(size)))
                  % np.uint64(size)) % np.uint64(size)] = True
        return cls(np.packbits(bits, bitorder="little").tobytes(), size, functions)

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyFilter:
        """The filter :meth:`to_bytes` wrote."""
        size, functions = _HEADER.unpack_from(data)
        return cls(bytes(data[_HEADER.size:]), size, functions)

    def to_bytes(self) -> bytes:
        return _HEADER.pack(self._size, self._functions) + self._bits

    def may_contain(self, key: str) -> bool:
        """``False`` when ``key`` is certainly not one of the filter's keys."""
        first, step = _hashes(key)
        size, bits = self._size, self._bits
        first, step = first % size, step % size
        for i in range(self._functions):
            position = (first + i * step % size) % size
            if not bits[position >> 3] >> (position & 7) & 1:
                return False
        return True
