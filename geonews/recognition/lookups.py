"""The recogniser's gazetteer look-ups: whether a name is a place, a well-known one, which
countries its readings lie in, its best exact reading (each cached per process)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from gazetteer.embedded import curated_short_forms
from gazetteer.place import MatchKind
from geonews.lexicon import LEXICON

__all__ = ["CandidateLookup", "CountryLookup", "NameLookup", "ReadingLookup", "country_lookup",
           "notable_lookup", "reading_lookup"]

#: ``is_name(text)`` and ``demonym(text)`` from a gazetteer; kept abstract so tests can fake it.
NameLookup = Callable[[str], bool]
#: ``countries(text)``: the ISO codes of the countries of a name's best readings.
CountryLookup = Callable[[str], frozenset[str]]
#: ``reading(text)``: the best exact reading of a name (a gazetteer candidate) or ``None``.
ReadingLookup = Callable[[str], Any]
#: A gazetteer: ``is_name(text)`` and ``candidates(text, limit=...)``.
CandidateLookup = Any


def reading_lookup(gazetteer: CandidateLookup) -> ReadingLookup:
    """``reading(text)``: the best reading of ``text`` if its name matches exactly (a
    :class:`~gazetteer.place.Candidate`), else ``None`` (cached)."""

    @lru_cache(maxsize=65536)
    def reading(text: str) -> Any:
        best = gazetteer.candidates(text, limit=1)
        return best[0] if best and best[0].exact else None

    return reading


#: How many of a name's best readings say which countries it may lie in.
COUNTRY_READINGS = 3


def country_lookup(gazetteer: CandidateLookup) -> CountryLookup:
    """``countries(text)``: the countries of the best readings of ``text`` (cached)."""

    @lru_cache(maxsize=65536)
    def countries(text: str) -> frozenset[str]:
        return frozenset(c.place.country_code for c in
                         gazetteer.candidates(text, limit=COUNTRY_READINGS)
                         if c.place.country_code and c.exact)

    return countries


def notable_lookup(gazetteer: CandidateLookup) -> NameLookup:
    """``notable(text)``: whether the best exact reading of ``text`` is a well-known place (a
    continent, country, first-level division, national capital or large city:
    :attr:`~gazetteer.place.Place.well_known`), or ``text`` is one of the gazetteer's
    curated short forms ("NYC", "Philly"; cached)."""
    short_forms = curated_short_forms()

    @lru_cache(maxsize=65536)
    def notable(text: str) -> bool:
        if not text[:1].isupper() or text.lower() in LEXICON.generic_names:
            return False
        if text in short_forms:
            return gazetteer.is_name(text)
        if not gazetteer.may_match_well_known(text):  # in memory: most texts stop here
            return False  # the readings below all match the whole name, under its own key
        for cand in gazetteer.candidates(text, limit=3):
            place = cand.place
            large = place.feature in ("country", "continent")
            if not (cand.whole_name if large else cand.exact) or (
                    cand.match is MatchKind.ALIAS and not large and place.feature != "ADM1"):
                continue
            if cand.matched_name.isupper() and not text.isupper():
                continue  # "Act" is not the ACT
            if place.well_known:
                return True
        return False

    return notable
