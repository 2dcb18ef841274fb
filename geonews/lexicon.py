"""The one lexicon of word lists that recognition and resolution share.

The words live in ``geonews/data/lexicon.toml`` (data, not code); this module reads them once
into a typed, read-only :class:`Lexicon`. Use :data:`LEXICON`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from types import MappingProxyType
from typing import Mapping

__all__ = ["Lexicon", "LEXICON", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists and tables; each field is described in ``lexicon.toml``."""

    place_prepositions: frozenset[str]
    list_joiners: frozenset[str]
    place_of_nouns: frozenset[str]
    place_heads: frozenset[str]
    name_heads: frozenset[str]
    street_heads: frozenset[str]
    street_abbreviations: frozenset[str]
    route_heads: frozenset[str]
    descriptive_prefixes: frozenset[str]
    facility_heads: frozenset[str]
    geopolitical_bodies: frozenset[str]
    time_zones: frozenset[str]
    inner_joiners: frozenset[str]
    not_places: frozenset[str]
    never_places: frozenset[str]
    generic_names: frozenset[str]
    generic_words: frozenset[str]
    place_kinds: frozenset[str]
    settlement_words: frozenset[str]
    english_function_words: frozenset[str]
    caption_credits: frozenset[str]
    headline_small_words: frozenset[str]
    social_noise_words: frozenset[str]
    common_word_places: frozenset[str]
    local_nouns: frozenset[str]
    home_nouns: frozenset[str]
    english_press: frozenset[str]
    party_letters: frozenset[str]
    speech_verbs: frozenset[str]
    division_heads: frozenset[str]
    month_names: frozenset[str]
    #: head noun -> the gazetteer features it names, most likely first
    head_features: Mapping[str, tuple[str, ...]]
    #: written form -> first-level division name
    division_abbreviations: Mapping[str, str]
    #: written form -> the name it is read as
    expansions: Mapping[str, str]
    #: ISO country code -> words of local news that place an article in that country
    country_cues: Mapping[str, tuple[str, ...]]

    def division_of(self, text: str) -> str | None:
        """The first-level division a short form names (``division_abbreviations``), written
        with or without spaces ("W. Va.", "W.Va."), else ``None``."""
        return self.division_abbreviations.get(text.replace(" ", ""))


def load_lexicon(text: str | None = None) -> Lexicon:
    """Parse ``text`` (TOML; default: the packaged ``lexicon.toml``) into a :class:`Lexicon`.

    Raises ``ValueError`` naming the missing or unexpected sections.
    """
    if text is None:
        text = resources.files("geonews").joinpath("data/lexicon.toml").read_text("utf-8")
    data = tomllib.loads(text)
    names = {f.name for f in fields(Lexicon)}
    missing, unexpected = names - data.keys(), data.keys() - names
    if missing or unexpected:
        raise ValueError(f"lexicon: missing sections {sorted(missing)}, "
                         f"unexpected sections {sorted(unexpected)}")
    values: dict[str, object] = {}
    for name, value in data.items():
        if isinstance(value, list):
            values[name] = frozenset(value)
        else:
            values[name] = MappingProxyType(
                {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()})
    return Lexicon(**values)  # type: ignore[arg-type]


LEXICON = load_lexicon()
