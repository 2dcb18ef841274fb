"""A dependency-free check that an article is English, for the English spaCy models.

The share of very common English function words ("the", "of", "was" …) among an article's
words is 0.1–0.4 in English prose and 0–0.04 in other languages, including German, French,
Spanish and Dutch; articles with at least :data:`MIN_WORDS` words and a share below
:data:`MIN_ENGLISH_SHARE` get a warning (place names may be missed), and the run goes on.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator

from geonews.errors import GeonewsWarning
from geonews.lexicon import LEXICON
from geonews.models import Document

__all__ = [
    "MAX_REPORTED",
    "MIN_ENGLISH_SHARE",
    "MIN_WORDS",
    "LanguageWarning",
    "english_share",
    "looks_english",
    "warn_non_english",
]

#: Articles shorter than this (in words) are not checked.
MIN_WORDS = 20
#: Below this share of English function words an article is reported.
MIN_ENGLISH_SHARE = 0.06
#: At most this many articles are reported by name, then one summary line.
MAX_REPORTED = 5
#: Only the start of an article is checked.
SAMPLE_CHARS = 5_000

_WORD = re.compile(r"[^\W\d_]+")


class LanguageWarning(GeonewsWarning):
    """An article does not look English; the English model may miss its places."""


def english_share(text: str) -> tuple[float, int]:
    """The share of English function words among the words of ``text`` (its start), and
    the number of words looked at."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return 0.0, 0
    return sum(w in LEXICON.english_function_words for w in words) / len(words), len(words)


def looks_english(text: str) -> bool:
    """False when ``text`` is long enough to judge and does not look English."""
    share, words = english_share(text)
    return words < MIN_WORDS or share >= MIN_ENGLISH_SHARE


def warn_non_english(documents: Iterable[Document]) -> Iterator[Document]:
    """Pass ``documents`` through, warning about those that do not look English."""
    reported = 0
    for document in documents:
        if not looks_english(document.text):
            reported += 1
            if reported <= MAX_REPORTED:
                warnings.warn(f"{document.id}: does not look like English text; the English "
                              "model may miss or misread its places", LanguageWarning,
                              stacklevel=2)
            elif reported == MAX_REPORTED + 1:
                warnings.warn("more articles do not look like English; not reported one by "
                              "one", LanguageWarning, stacklevel=2)
        yield document
