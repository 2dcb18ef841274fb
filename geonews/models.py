"""The typed values that pass between geonews stages, one way.

text → :class:`Document` → :class:`Sentence` spans → :class:`Mention` (character offsets into
the document text) → gazetteer :class:`~gazetteer.place.Candidate` s → :class:`ResolvedMention`
(a place or none, a confidence and ranked alternatives) → maps, exports, region listings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Literal

from gazetteer.place import Candidate, Place

__all__ = [
    "Document",
    "Sentence",
    "Mention",
    "Alternative",
    "ResolvedMention",
    "ParsedDocument",
    "FocusLevel",
    "FocusPlace",
    "Focus",
    "NO_FOCUS",
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


class FocusLevel(Enum):
    """How fine a focus place is."""

    COUNTRY = "country"
    ADMIN1 = "admin1"
    CITY = "city"


@dataclass(frozen=True, slots=True)
class FocusPlace:
    """A place an article is about, at one level, with its hierarchy.

    ``code`` is the country code, the qualified admin1 code (``IQ.15``) or, for a city, its
    GeoNames id as text; ``confidence`` is its share of the mass it competed for (0–1);
    ``mentions`` are the indices (into the document's mentions) of the mentions supporting it.
    """

    level: FocusLevel
    code: str
    name: str | None
    lat: float
    lon: float
    confidence: float
    mentions: tuple[int, ...]
    country_code: str | None = None
    country: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    admin2_code: str | None = None  # a city's second-level division


@dataclass(frozen=True, slots=True)
class Focus:
    """What an article is about (:mod:`geonews.resolution.focus`): ranked countries, ranked
    divisions of the first country, and the city when the article is about one. All empty
    for an article with no places."""

    countries: tuple[FocusPlace, ...] = ()
    admin1s: tuple[FocusPlace, ...] = ()
    city: FocusPlace | None = None

    @property
    def country(self) -> FocusPlace | None:
        return self.countries[0] if self.countries else None

    @property
    def admin1(self) -> FocusPlace | None:
        return self.admin1s[0] if self.admin1s else None

    @property
    def place(self) -> FocusPlace | None:
        """The finest focus: the city, else the division, else the country (or none)."""
        return self.city or self.admin1 or self.country

    def describe(self) -> str:
        """``"Mosul, Nīnawá, Iraq"`` (empty without a focus)."""
        return ", ".join(p.name or p.code for p in (self.city, self.admin1, self.country)
                         if p is not None)


NO_FOCUS = Focus()


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document with its sentences and resolved mentions, in text order, and its
    ``focus``: where the article is about, given by whoever resolves the mentions
    (:func:`geonews.resolution.focus.parsed_document` builds one with it)."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[ResolvedMention, ...] = field(default=())
    focus: Focus = field(kw_only=True)
