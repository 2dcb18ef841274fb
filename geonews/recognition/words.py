"""A document's words as columns: the word attributes the recogniser reads, taken with one
``Doc.to_array``, and tests of a column against a set of words (:func:`among`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np
from spacy.attrs import (ENT_TYPE, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, IS_TITLE, IS_UPPER,
                         LOWER, ORTH, PREFIX, SENT_START, SHAPE, SPACY)
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from geonews.lexicon import LEXICON

__all__ = ["COLUMNS", "Words", "among", "is_noise", "word_ids"]

#: The word attributes the component reads as columns (:class:`Words`).
COLUMNS = [ORTH, LOWER, PREFIX, SHAPE, ENT_TYPE, IS_ALPHA, IS_TITLE, IS_UPPER, IS_STOP,
           SENT_START, SPACY, IS_PUNCT, IS_SPACE]


def word_ids(words: Iterable[str]) -> np.ndarray:
    """The string ids of ``words``, sorted, to test a column of ``Doc.to_array`` with
    :func:`among`."""
    return np.unique(np.array([get_string_id(w) for w in words], dtype=np.uint64))


def among(column: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which values of ``column`` are in ``ids`` (sorted, from :func:`word_ids`): ``np.isin``
    without its sorting, several times faster on a document's few hundred words."""
    if len(ids) == 0:
        return np.zeros(len(column), dtype=bool)
    return ids.take(ids.searchsorted(column), mode="clip") == column


class Words:
    """A document's word attributes as columns, read with one ``Doc.to_array``, and the text
    of a run of words built without a :class:`Span` (``Doc.text`` and ``Span.text`` join
    every token's text in Python). The methods on one word (``word(i)``, ``title(i)`` …) read
    what ``doc[i]`` would, without making a :class:`Token`."""

    def __init__(self, doc: Doc) -> None:
        rows = doc.to_array(COLUMNS)
        (self.orth, self.lower, self.prefix, self.shape, self.ent_type, self.is_alpha,
         self.is_title, self.is_upper, self.is_stop, self.sent_start, spacy, punct,
         space) = rows.T
        #: Alphabetic words in Title Case or in capitals.
        self.capital = (self.is_alpha == 1) & ((self.is_title == 1) | (self.is_upper == 1))
        self._doc = doc
        self._strings = doc.vocab.strings
        self._orth = self.orth.tolist()
        self._lower = self.lower.tolist()
        self._space = spacy.tolist()
        self._ent = self.ent_type.tolist()
        self._alpha = self.is_alpha.tolist()
        self._title = self.is_title.tolist()
        self._upper = self.is_upper.tolist()
        #: Punctuation or white space (words never at an entity's edge).
        self._blank = (punct | space).tolist()

    def __len__(self) -> int:
        return len(self._orth)

    def noise(self, i: int) -> bool:
        """Whether word ``i`` is noise (:func:`is_noise`, known for most words)."""
        found = _NOISE.get(self._orth[i])
        return is_noise(self._doc[i]) if found is None else found

    def lower_id(self, i: int) -> int:
        """The ``LOWER`` id of word ``i`` (``self.lower[i]`` as a Python int)."""
        return self._lower[i]

    def word(self, i: int) -> str:
        """The text of word ``i`` (``doc[i].text``)."""
        return self._strings[self._orth[i]]

    def lower_word(self, i: int) -> str:
        """Word ``i`` in lower case (``doc[i].lower_``)."""
        return self._strings[self._lower[i]]

    def space(self, i: int) -> bool:
        """Whether a space follows word ``i`` (``doc[i].whitespace_``)."""
        return bool(self._space[i])

    def entity(self, i: int) -> int:
        """The entity label id of word ``i`` (``doc[i].ent_type``; 0 outside entities)."""
        return self._ent[i]

    def alpha(self, i: int) -> bool:
        """``doc[i].is_alpha``."""
        return bool(self._alpha[i])

    def title(self, i: int) -> bool:
        """``doc[i].is_title``."""
        return bool(self._title[i])

    def upper(self, i: int) -> bool:
        """``doc[i].is_upper``."""
        return bool(self._upper[i])

    def lower_case(self, i: int) -> bool:
        """``doc[i].is_lower`` (asked of few words: not a column)."""
        return self._doc[i].is_lower

    def sentences(self) -> list[tuple[int, int]]:
        """The ``(start, end)`` of each sentence (``doc.sents``)."""
        starts = [0, *(np.flatnonzero(self.sent_start[1:] == 1) + 1).tolist()]
        ends = [*starts[1:], len(self._orth)]
        return [(start, end) for start, end in zip(starts, ends) if start < end]

    def edge(self, i: int, lowers: frozenset[int] = frozenset()) -> bool:
        """Whether word ``i`` is stripped from the edge of an entity: punctuation, a space,
        noise (:func:`is_noise`) or a word whose ``LOWER`` id is in ``lowers`` (determiners,
        possessive endings)."""
        return self._blank[i] or self._lower[i] in lowers or self.noise(i)

    def text(self, start: int, stop: int) -> str:
        """The text of words ``start`` to ``stop`` (``doc[start:stop].text``)."""
        strings, last = self._strings, stop - 1
        if start == last:
            return strings[self._orth[start]]
        return "".join([strings[orth] + " " if space else strings[orth] for orth, space
                        in zip(self._orth[start:last], self._space[start:last])]
                       ) + strings[self._orth[last]]


def is_noise(token: Token) -> bool:
    """A token that is never part of a place: a link, an e-mail address, a @handle, an emoji
    or a social-media marker ("RT", "via"). A fact of the word alone: kept per word
    (:data:`_NOISE`)."""
    found = _NOISE.get(token.orth)
    if found is None:
        if len(_NOISE) >= _NOISE_KEPT:
            _NOISE.clear()
        found = _NOISE[token.orth] = _noise_of(token)
    return found


#: :func:`is_noise` by the word's ``ORTH`` id, for the words seen last (cleared when full).
_NOISE: dict[int, bool] = {}
_NOISE_KEPT = 200_000


def _noise_of(token: Token) -> bool:
    """:func:`is_noise`, computed."""
    text = token.text
    return (token.like_url or token.like_email or text.startswith("@")
            or text in LEXICON.social_noise_words
            or (not text.isalnum() and not token.is_punct and not any(c.isalnum() for c in text)
                and any(unicodedata.category(c) == "So" for c in text)))
