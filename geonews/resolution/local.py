"""Document-local evidence for small places: a second look after resolution.

The recogniser keeps the gazetteer names it found no evidence for as *possible* mentions
(:data:`geonews.recognition.recognizer.POSSIBLE_KEY`: capitalised names the NER calls a
person, an organisation or nothing, but no word of a person's name in the same document and
no name that speaks there, "Johnson said"). Once the article's recognised mentions are
resolved, the article itself is the evidence for them. A possible mention is a place, and is
resolved with the others, when

* the same name is resolved elsewhere in the article to a place of its own, not a stand-in
  (:attr:`~geonews.models.ResolvedMention.approximate`): one sense per discourse; or
* its name exactly names a place in the article's focus first-level division
  (:func:`~geonews.resolution.focus.focus_division`): "Bantam" in an article about towns of
  Connecticut.

Acronyms stay out ("BA" names the airline before a town).
"""

from __future__ import annotations

from collections.abc import Sequence

from gazetteer.normalize import fold
from geonews.models import Mention, ResolvedMention
from geonews.resolution.candidates import CandidateFinder, is_acronym
from geonews.resolution.focus import focus_division

__all__ = ["local_mentions"]


def local_mentions(resolved: Sequence[ResolvedMention], possible: Sequence[Mention],
                   finder: CandidateFinder) -> list[Mention]:
    """The ``possible`` mentions of an article whose resolved mentions are ``resolved`` that
    its own evidence makes places (see the module), none overlapping a resolved mention."""
    if not possible:
        return []
    taken = [(r.mention.start, r.mention.end) for r in resolved]
    placed = {fold(r.mention.text) for r in resolved
              if r.mention.label == "place" and r.place is not None and not r.approximate}
    division = focus_division(resolved)

    def in_division(name: str) -> bool:
        if division is None:
            return False
        code, country = division
        found = finder.find("place", name)
        if finder.may_have_more(found):
            found = found + finder.in_country(name, country)
        return any(c.exact and c.place.admin1_code == code for c in found)

    return [m for m in possible
            if not any(m.start < end and start < m.end for start, end in taken)
            and not is_acronym(m.text)
            and (fold(m.text) in placed or in_division(m.text))]
