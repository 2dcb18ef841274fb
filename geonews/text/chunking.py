"""Cutting huge articles into pieces the spaCy pipeline can take.

spaCy refuses texts longer than ``nlp.max_length`` (1,000,000 characters) and its memory use
grows with the text, so an article longer than :data:`~geonews.settings.MAX_CHUNK_CHARS`
is cut into chunks of at most that many characters, each at the best boundary in the second
half of its window: a blank line (paragraph), else a line break, else a sentence end, else
any whitespace, else (text without spaces) anywhere but inside a combining character
sequence. A chunk keeps its
trailing whitespace, so the chunks concatenate to the original text and a mention found at
offset ``i`` of a chunk is at ``chunk.start + i`` of the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from geonews.models import Document
from geonews.settings import MAX_CHUNK_CHARS

__all__ = ["Chunk", "chunk_bounds", "chunks"]

#: Cut points, best first: each pattern matches the separator a chunk may end with.
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),                       # blank line: paragraph break
    re.compile(r"\n\s*"),                                 # line break
    re.compile(r"(?<=[.!?。！？؟])[\"'”’»)\]]*\s+"),        # sentence end
    re.compile(r"\s+"),                                   # any whitespace
)


@dataclass(frozen=True, slots=True)
class Chunk:
    """The characters ``[start, end)`` of ``document.text``; ``last`` marks its final chunk."""

    document: Document
    start: int
    end: int
    last: bool

    @property
    def text(self) -> str:
        return self.document.text[self.start:self.end]

    @property
    def whole(self) -> bool:
        """True when the chunk is the entire article (the usual case)."""
        return self.start == 0 and self.last


def _cut(text: str, start: int, max_chars: int) -> int:
    """The end of the chunk that begins at ``start``: the best boundary in its window."""
    limit = start + max_chars
    low = start + max_chars // 2
    for pattern in _BOUNDARIES:
        last = None
        for last in pattern.finditer(text, low, limit):
            pass
        if last is not None:
            return last.end()
    cut = limit
    while cut > low and unicodedata.combining(text[cut]):
        cut -= 1
    return cut


def chunk_bounds(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pairs cutting ``text`` into consecutive chunks of ≤ ``max_chars``."""
    if max_chars < 2:
        raise ValueError(f"max_chars must be at least 2 (got {max_chars})")
    bounds = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, max_chars)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def chunks(document: Document, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[Chunk]:
    """The chunks of ``document``: one (the whole text) unless it is longer than ``max_chars``."""
    bounds = chunk_bounds(document.text, max_chars)
    for index, (start, end) in enumerate(bounds):
        yield Chunk(document, start, end, index == len(bounds) - 1)
