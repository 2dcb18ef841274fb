"""The typed values that pass between geonews stages, one way.

text → :class:`Document` → :class:`Sentence` spans → :class:`Mention` (character offsets into
the document text) → gazetteer :class:`~gazetteer.place.Candidate` s → :class:`ResolvedMention`
(a place or none, a confidence and ranked alternatives) → maps, exports, region listings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from gazetteer.place import Candidate, Place

if TYPE_CHECKING:
    from geonews.resolution.focus import Focus

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
    "Approximation",
    "TextKind",
    "TEXT_KIND_CHOICES",
]

MentionLabel = Literal["place", "demonym"]
#: How ``ResolvedMention.reason`` begins for a place approximated by another place.
APPROXIMATE = "approximate:"


class Approximation(StrEnum):
    """What stands in for a mention the gazetteer has no fitting reading of."""

    #: a division or city the text puts it in ("Gilbert, Ark.", "Royal Street, New Orleans")
    CONTAINER = "container"
    #: a country the text puts an unknown name in ("Baghuz, Syria")
    COUNTRY = "country"
    #: the place the article is about, mentioned nearest to it
    LOCALE = "locale"


class TextKind(StrEnum):
    """The kinds of text recognition tells apart (detected by :mod:`geonews.text.text_kind`)."""

    PROSE = "prose"  #: edited news and other running text
    HEADLINE = "headline"  #: a headline in Title Case
    CAPS = "caps"  #: a headline or alert in ALL CAPS
    SOCIAL = "social"  #: a social-media post (hashtags, handles, links, lower case)
    CAPTION = "caption"  #: a photo or video caption

    @property
    def casing_informative(self) -> bool:
        """Whether a capital letter says a word is a name (not in headlines in capitals or
        Title Case)."""
        return self not in (TextKind.HEADLINE, TextKind.CAPS)


#: ``--text-kind`` values: the kinds, and ``auto`` (detect per document).
TEXT_KIND_CHOICES = ("auto", *(k.value for k in TextKind))


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
    """A candidate reading of a mention with the resolver's probability that it is the one
    meant (uncalibrated; ``ResolvedMention.confidence`` is the calibrated one)."""

    place: Place
    probability: float


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention and what it resolved to.

    ``place`` is ``None`` when nothing fitted; ``reason`` then says why (for example
    ``"not in gazetteer"``). ``approximation`` says what stands in when the place is not a
    reading of the name itself (the container the text names, "Gilbert, Ark.", a country or
    the article's locale); ``reason`` then begins ``"approximate: ..."`` and says why.
    ``alternatives`` are ranked best first and include the choice.
    """

    mention: Mention
    place: Place | None
    confidence: float = 0.0
    alternatives: tuple[Alternative, ...] = ()
    reason: str | None = None
    approximation: Approximation | None = None

    @property
    def resolved(self) -> bool:
        return self.place is not None

    @property
    def approximate(self) -> bool:
        """Whether ``place`` stands in for the mention (see ``approximation``)."""
        return self.approximation is not None


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document with its sentences and resolved mentions, in text order."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[ResolvedMention, ...] = field(default=())

    @property
    def focus(self) -> "Focus":
        """Where the article is about (:func:`geonews.resolution.focus.article_focus` of its mentions)."""
        from geonews.resolution.focus import article_focus

        return article_focus(self.mentions)
