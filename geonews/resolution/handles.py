"""Places named inside a post's @handles, as context for resolving its places.

A local account names where it posts from ("@BBC_Cumbria", "@NOLA_Traffic", "@IcelandMag",
"@GAFollowers"): the place in its handle ties the post's other names to that place the way
a place named in the text does ("A small earthquake hit Grasmere" from @BBC_Cumbria is
Grasmere in Cumbria, not in New Zealand) and can be the post's locale for a name the
gazetteer does not know ("I-10" from @NOLA_Traffic). Recognition never takes a handle for a
place (the handle is not one); resolution reads these parts only as context.

A handle's words are its CamelCase and underscore-separated parts; a part counts when it is
capitalised, not a generic word, and names a well-known place or a second-level division by
its whole name (:func:`names_a_place`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gazetteer.place import Candidate
from geonews.lexicon import LEXICON
from geonews.resolution.candidates import is_acronym

__all__ = ["handle_parts", "names_a_place"]

#: A @handle: an @ not inside a word or an e-mail address, then the account's name.
_HANDLE = re.compile(r"(?<![\w@.])@(\w{2,30})")
#: The words of a CamelCase name ("BBC_Cumbria" → "BBC", "Cumbria"; "IcelandMag" →
#: "Iceland", "Mag"; "GAFollowers" → "GA", "Followers").
_PART = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])")


def handle_parts(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) character spans of the capitalised words of the @handles in
    ``text``."""
    if "@" not in text:  # most texts: no regular expression scan
        return
    for handle in _HANDLE.finditer(text):
        offset = handle.start(1)
        for part in _PART.finditer(handle.group(1)):
            if len(part.group()) >= 2 and part.group().lower() not in LEXICON.generic_names:
                yield offset + part.start(), offset + part.end()


def names_a_place(word: str, candidates: list[Candidate]) -> bool:
    """Whether a handle's ``word`` (whose readings are ``candidates``) names a place: a
    well-known one (country, first-level division, capital, large city) by its whole name,
    or an acronym of one ("GA", "DC"), or a second-level division by its own name
    ("Cumbria"). Capitals that are an acronym's do not match a plain word ("Act" is not the
    ACT)."""
    acronym = is_acronym(word)
    for cand in candidates:
        if not cand.exact or (cand.matched_name.isupper() and not acronym):
            continue
        if cand.place.well_known or (cand.place.feature == "ADM2"
                                     and cand.matched_name == cand.place.name):
            return True
    return False
