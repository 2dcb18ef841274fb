"""The typed values that pass between geonews stages, one way.

text → :class:`Document` → :class:`Sentence` spans → :class:`Mention` (character offsets into
the document text) → gazetteer :class:`~gazetteer.place.Candidate` s → :class:`ResolvedMention`
(a place or none, a confidence and ranked alternatives) → maps, exports, region listings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gazetteer.place import Candidate, Place
from geonews.text_kind import TextKind

__all__ = [
    "Document",
    "Sentence",
    "Mention",
    "Alternative",
    "ResolvedMention",
    "ParsedDocument",
    "Place",
    "Candidate",
    "MentionLabel",
    "APPROXIMATE",
]

MentionLabel = Literal["place", "demonym"]
#: How ``ResolvedMention.reason`` begins for a place approximated by its container.
APPROXIMATE = "approximate:"


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``toponyms`` holds given ``(start, end)`` spans, used with ``--given-spans``;
    ``text_kind`` says what sort of text it is (``None``: detected from the text)."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    toponyms: tuple[tuple[int, int], ...] | None = None
    text_kind: TextKind | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as character offsets ``[start, end)`` into its document's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym (``label="place"``) or demonym found in a document.

    ``text == document.text[start:end]`` always holds; the sentence offsets enclose the span.
    """

    doc_id: str
    start: int
    end: int
    text: str
    label: MentionLabel
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class Alternative:
    """A candidate reading of a mention with its resolver score."""

    place: Place
    score: float


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention and what it resolved to.

    ``place`` is ``None`` when nothing fitted; ``reason`` then says why (for example
    ``"not in gazetteer"``). ``reason`` also flags an approximation: ``"approximate: ..."``
    when the place is the container the text names ("Gilbert, Ark.") because the gazetteer
    has no reading of the name inside it. ``alternatives`` are ranked best first and include the choice.
    """

    mention: Mention
    place: Place | None
    confidence: float = 0.0
    alternatives: tuple[Alternative, ...] = ()
    reason: str | None = None

    @property
    def resolved(self) -> bool:
        return self.place is not None

    @property
    def approximate(self) -> bool:
        """Whether ``place`` is the container the text names, standing in for the mention."""
        return (self.reason or "").startswith(APPROXIMATE)


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document with its sentences and resolved mentions, in text order."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[ResolvedMention, ...] = field(default=())
