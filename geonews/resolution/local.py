"""Document-local evidence for small places: a second look after resolution.

The recogniser keeps the gazetteer names it found no evidence for as *possible* mentions
(:data:`geonews.recognition.recognizer.POSSIBLE_KEY`: capitalised names the NER calls a
person, an organisation or nothing, but no word of a person's name in the same document and
no name that speaks there, "Johnson said"). Once the article's recognised mentions are
resolved, its focus first-level division (:func:`~geonews.resolution.focus.article_focus`)
says where it is about; a possible mention whose name exactly names a place in that division
("Bantam" in an article about towns of Connecticut) is a place too, and is resolved with the
others. Acronyms stay out: "BA" names the airline before a town.
"""

from __future__ import annotations

from collections.abc import Sequence

from geonews.models import Mention, ResolvedMention
from geonews.resolution.candidates import CandidateFinder, is_acronym
from geonews.resolution.focus import article_focus

__all__ = ["local_mentions"]


def local_mentions(resolved: Sequence[ResolvedMention], possible: Sequence[Mention],
                   finder: CandidateFinder) -> list[Mention]:
    """The ``possible`` mentions that exactly name a place in the focus first-level division
    of an article whose resolved mentions are ``resolved``, and overlap none of them."""
    division = article_focus(resolved).admin1 if possible else None
    if division is None:
        return []
    taken = [(r.mention.start, r.mention.end) for r in resolved]
    return [m for m in possible
            if not any(m.start < end and start < m.end for start, end in taken)
            and not is_acronym(m.text)
            and any(c.exact and c.place.admin1_code == division.admin1_code
                    for c in finder.in_country(m.text, division.country_code))]
