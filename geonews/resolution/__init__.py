"""Toponym resolution in four stages, one module each.

1. :mod:`~geonews.resolution.candidates` — gazetteer look-ups, expansions and inner names,
   each candidate with a typed :class:`~gazetteer.place.MatchKind`;
2. :mod:`~geonews.resolution.features` — the feature table (named columns, one row per
   candidate, the document context recomputed from the other names' readings);
3. :mod:`~geonews.resolution.scorer` — the fitted conditional-logit scorer and calibration,
   fitted by :mod:`~geonews.evaluation.fitting` (``geonews train``);
4. :mod:`~geonews.resolution.fallback` — placements by a container, a country or the
   article's locale (:class:`~geonews.models.Approximation`).

:class:`Resolver` (:mod:`~geonews.resolution.resolver`) ties them; then
:mod:`~geonews.resolution.focus` resolves the article as a whole (where it is about).
"""

from geonews.resolution.candidates import CandidateSource
from geonews.resolution.resolver import NOT_IN_GAZETTEER, Resolver
from geonews.resolution.scorer import Scorer

__all__ = ["CandidateSource", "NOT_IN_GAZETTEER", "Resolver", "Scorer"]
