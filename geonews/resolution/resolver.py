"""The resolver: candidates → feature table → fitted scorer → explicit fallback.

All mentions with the same name in one article share one reading (one sense per discourse).
Possible mentions the article's own evidence makes places join them in a second pass
(:meth:`Resolver.resolve_with_possible`, :mod:`geonews.resolution.local`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from gazetteer.normalize import fold
from geonews.models import Alternative, Mention, ResolvedMention
import geonews.resolution.fallback as fallback
from geonews.resolution.candidates import CandidateFinder, CandidateSource
from geonews.resolution.cues import country_cues
from geonews.resolution.features import ArticleTable, NameGroup, article_table, context, \
    link_containers
from geonews.resolution.handles import handle_parts, names_a_place
from geonews.resolution.local import local_mentions
from geonews.resolution.scorer import Scorer

__all__ = ["NOT_IN_GAZETTEER", "Resolver", "ScoredArticle"]

NOT_IN_GAZETTEER = "not in gazetteer"
#: A country is one of an article's main ones from this share of the other names' readings.
MAIN_COUNTRY_SHARE = 0.25
#: How many alternatives a resolved mention lists.
ALTERNATIVES = 5


@dataclass(frozen=True, slots=True)
class ScoredArticle:
    """An article's mentions scored, before the fallback (what it decides on): the name
    groups of the mentions, those of the context too (``all_groups``) and, in the order of
    ``all_groups``, their best readings and the confidence of the first
    (:meth:`Resolver.scored`)."""

    text: str
    mentions: tuple[Mention, ...]
    groups: list[NameGroup]
    all_groups: list[NameGroup]
    readings: list[tuple[tuple[Alternative, ...], float]]


class Resolver:
    """Resolves the mentions of one article at a time against a gazetteer, scoring with
    ``scorer`` (default: the packaged weights)."""

    def __init__(self, gazetteer: CandidateSource, *, limit: int = 25,
                 scorer: Scorer | None = None) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        self.finder = CandidateFinder(gazetteer, limit=limit)
        self._scorer = scorer

    @property
    def scorer(self) -> Scorer:
        """The scorer (the packaged one, loaded on first use, unless one was given)."""
        if self._scorer is None:
            self._scorer = Scorer.packaged()
        return self._scorer

    def resolve(self, text: str, mentions: Sequence[Mention], *,
                context: Sequence[Mention] = ()) -> list[ResolvedMention]:
        """Resolve ``mentions`` of an article whose text is ``text``, in the given order.

        ``context`` mentions (for example recognised places when the spans to resolve were
        given) and the places named inside the text's @handles (:mod:`.handles`) inform the
        readings but get no result; those overlapping a mention are ignored.
        """
        return self.placed(self.scored(text, mentions, context))

    def scored(self, text: str, mentions: Sequence[Mention],
               context: Sequence[Mention] = ()) -> ScoredArticle:
        """The article's mentions scored (:meth:`resolve` without the fallback)."""
        groups, table = self.table(text, mentions, context)
        probabilities = self.score(table)
        return ScoredArticle(text, tuple(mentions), groups, list(table.groups),
                             self._readings(table, probabilities))

    def placed(self, scored: ScoredArticle, parameters: fallback.FallbackParameters | None
               = None) -> list[ResolvedMention]:
        """The results of ``scored``'s mentions, in order, the fallback deciding with
        ``parameters`` (default: the scorer's)."""
        if parameters is None:
            parameters = self.scorer.fallback
        found = fallback.locales(scored.all_groups, parameters)
        named = fallback.named_countries(scored.all_groups, parameters)
        hosts = fallback.hosts(scored.text, scored.groups, parameters)
        group_of = {(m.start, m.end): g for g in scored.groups for m in g.mentions}
        readings = {id(g): r for g, r in zip(scored.all_groups, scored.readings)}
        return [self._result(m, group_of[(m.start, m.end)], readings, found, named,
                             hosts.get((m.start, m.end)), parameters)
                for m in scored.mentions]

    def resolve_with_possible(self, text: str, mentions: Sequence[Mention],
                              possible: Sequence[Mention]) -> list[ResolvedMention]:
        """Resolve ``mentions``; then the ``possible`` mentions (names the recogniser found no
        evidence for) that the article's own evidence makes places
        (:mod:`~geonews.resolution.local`) join them, in text order: another mention of a
        name already read takes its reading (one sense per discourse); a new name has all
        resolved again."""
        resolved = self.resolve(text, mentions)
        added = local_mentions(resolved, possible, self.finder)
        if not added:
            return resolved
        reading = {(r.mention.label, fold(r.mention.text)): r for r in resolved}
        if any((m.label, fold(m.text)) not in reading for m in added):
            return self.resolve(text, sorted([*mentions, *added],
                                             key=lambda m: (m.start, m.end)))
        again = [replace(reading[(m.label, fold(m.text))], mention=m) for m in added]
        return sorted([*resolved, *again], key=lambda r: (r.mention.start, r.mention.end))

    def table(self, text: str, mentions: Sequence[Mention],
              context: Sequence[Mention] = ()) -> tuple[list[NameGroup], ArticleTable]:
        """The article's name groups (candidates found, containers linked, readings added in
        its main countries) and their feature table (with the text's country cues); the
        ``context`` mentions and the places in the text's @handles join as context."""
        taken = [(m.start, m.end) for m in mentions]
        extra = [c for c in [*context, *self._handle_places(text, mentions)]
                 if not any(c.start < end and start < c.end for start, end in taken)]
        capitals = text.isupper()
        by_key: dict[tuple[str, str], NameGroup] = {}
        for mention in [*mentions, *extra]:
            key = (mention.label, fold(mention.text))
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = NameGroup(key, [], self.finder.find(
                    mention.label, mention.text, capitals=capitals))
            group.add(text, mention)
        groups = list(by_key.values())
        link_containers(text, groups)
        cues = country_cues(text)
        table = article_table(groups, cues)
        if any(self._may_widen(g) for g in table.groups) and self._expand(
                table, self._first_probabilities(table)):
            table = article_table(groups, cues)
        return groups, table

    def _handle_places(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        """The words of the text's @handles that name a place (:mod:`.handles`), as
        place mentions."""
        doc_id = mentions[0].doc_id if mentions else ""
        return [Mention(doc_id, start, end, text[start:end], "place", start, end)
                for start, end in handle_parts(text)
                if names_a_place(text[start:end], self.finder.find("place", text[start:end]))]

    def score(self, table: ArticleTable) -> np.ndarray:
        """Run the scorer's passes; set and return every row's final probability."""
        probabilities = self._first_probabilities(table)
        for _ in range(self.scorer.passes):
            probabilities = self.scorer.probabilities(table, context(table, probabilities))
        starts = table.starts.tolist()
        for g, start, end, best in zip(table.groups, starts, starts[1:],
                                       table.readings(probabilities).tolist()):
            g.probabilities = probabilities[start:end]
            g.best = best - start
        return probabilities

    def _first_probabilities(self, table: ArticleTable) -> np.ndarray:
        """The scorer's first (static) probabilities of ``table``, kept with it: widening
        looks at them, and scoring starts from them when nothing was widened."""
        return table.kept(("first probabilities", self.scorer.first.tobytes()),
                          lambda: self.scorer.first_probabilities(table))

    def _expand(self, table: ArticleTable, probabilities: np.ndarray) -> bool:
        """Add, for names with more readings than the limit, the readings in the article's
        main countries (the small "Richmond" in Vermont when the article is about Vermont)
        and in the countries of the places the text puts them in ("Santa Maria, Bulacan").
        Whether any were added."""
        readings = [g.candidates[i - s].place for g, s, i in
                    zip(table.groups, table.starts.tolist(),
                        table.readings(probabilities).tolist())]
        reading_of = {id(g): place for g, place in zip(table.groups, readings)}
        country: dict[str, float] = defaultdict(float)
        for g, place in zip(table.groups, readings):
            if place.country_code:
                country[place.country_code] += math.sqrt(len(g.mentions))
        added_any = False
        for g, place in zip(table.groups, readings):
            if not self._may_widen(g):
                continue
            own = place.country_code
            weight = math.sqrt(len(g.mentions))
            mass = {cc: m - (weight if cc == own else 0) for cc, m in country.items()}
            rest = sum(mass.values())
            top = [cc for cc, m in sorted(mass.items(), key=lambda kv: -kv[1])[:2]
                   if rest > 0 and m / rest >= MAIN_COUNTRY_SHARE]
            top += [cc for cc in (reading_of[id(c)].country_code for c in g.containers
                                  if id(c) in reading_of) if cc and cc not in top]
            widened = self.finder.widened(g.mentions[0].text, g.candidates, top)
            if widened is not g.candidates:
                g.candidates = widened
                added_any = True
        return added_any

    def _may_widen(self, group: NameGroup) -> bool:
        """Whether :meth:`_expand` may add readings to the group: a place name that may have
        more readings than were looked up."""
        return group.key[0] == "place" and self.finder.may_have_more(group.candidates)

    def _readings(self, table: ArticleTable, probabilities: np.ndarray
                  ) -> list[tuple[tuple[Alternative, ...], float]]:
        """For each group of ``table`` scored ``probabilities``: the best readings
        (alternatives, the first of equals first) and the confidence of the first."""
        ranked = np.lexsort((-probabilities, table.group)).tolist()
        values = probabilities.tolist()
        starts = table.starts.tolist()
        confidences = self.scorer.calibrated_all(probabilities[[ranked[s]
                                                                for s in starts[:-1]]])
        return [(tuple(Alternative(g.candidates[r - start].place, round(values[r], 4))
                       for r in ranked[start:min(end, start + ALTERNATIVES)]), confidence)
                for g, start, end, confidence in zip(table.groups, starts, starts[1:],
                                                     confidences)]

    def _result(self, mention: Mention, group: NameGroup,
                readings: dict[int, tuple[tuple[Alternative, ...], float]],
                found: list[fallback.Locale], named: set[str],
                host: fallback.Locale | None,
                parameters: fallback.FallbackParameters) -> ResolvedMention:
        alternatives, confidence = readings.get(id(group), ((), 0.0))
        placement = fallback.place(mention, group, found, named, host, parameters)
        if placement is not None:
            return ResolvedMention(
                mention, placement.place,
                round(self.scorer.calibrated(placement.probability) * placement.factor, 4),
                (Alternative(placement.place, round(placement.probability, 4)),
                 *alternatives[:ALTERNATIVES - 1]),
                placement.reason, placement.approximation)
        if not alternatives:
            return ResolvedMention(mention, None, 0.0, (), NOT_IN_GAZETTEER)
        return ResolvedMention(mention, alternatives[0].place, confidence, alternatives)
