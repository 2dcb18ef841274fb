"""Fitting the scorer on annotated articles (gold JSONL, the ``../shared/eval`` format).

For every article the gold spans are resolved the way ``--given-spans`` does (recognised
places as context); each name group with a located gold toponym becomes a training case whose
right readings are the candidates within 161 km of the gold point. The first pass (static
columns) is fitted first; the context columns are then computed from its probabilities and
the context pass fitted on all columns, and once more from that pass's own probabilities.
The model is a conditional logit (softmax over a name's candidates, several right readings
allowed), fitted by damped Newton steps with an L2 penalty in numpy: a few dozen weights,
no training dependency, and inference is one matrix product.

:func:`cross_validate` gives out-of-fold figures: documents are split into k folds, and each
fold is resolved (the full resolver, fallback included) by the model fitted on the others.
The shipped calibration is the isotonic fit of those out-of-fold probabilities. The
fallback's parameters (:class:`~geonews.resolution.fallback.FallbackParameters`) are fitted
by :func:`fit_fallback` on out-of-fold readings too: each article scored by the model that
did not see it, as new articles will be.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from geopy.distance import great_circle

from gazetteer.place import Place
from geonews.evaluation.accuracy import (ACCURACY_KM, MAX_ERROR_KM, Evaluation, GoldDocument,
                                         places_only, read_gold)
from geonews.models import Approximation, Document, Mention, ParsedDocument, Sentence
from geonews.parsing.geoparser import given_mentions
from geonews.resolution.fallback import DEFAULT_PARAMETERS, FallbackParameters
from geonews.resolution.features import CONTEXT_COLUMNS, STATIC_COLUMNS, ArticleTable, context
from geonews.resolution.focus import parsed_document
from geonews.resolution.resolver import Resolver, ScoredArticle
from geonews.resolution.scorer import Scorer, group_softmax

__all__ = ["MODES", "Article", "Case", "FoldModels", "Training", "calibration_knots", "cases",
           "cross_validate", "ece", "fit", "fit_fallback", "fold_models", "fold_split", "prepare",
           "prior_scorer", "train"]

#: L2 penalty per weight on its distance from :data:`PRIOR` (the loss is a mean over name
#: groups).
PENALTY = 1e-4
#: The prior mean of the weights (logit units): the former hand-set weights. Columns with
#: little data (containment, head nouns, seats) keep about these; the others are fitted.
PRIOR = {
    "name_score": 2.9, "log_population": 2.6, "continent": 6.3, "country": 6.3, "adm1": 2.1,
    "adm2": 0.7, "city": 1.0, "national_capital": 2.3, "division_seat": 1.4,
    "natural_or_landmark": 4.3, "head_noun": 2.3, "country_share": 3.4, "country_named": 1.4,
    "admin1_share": 0.9, "admin1_named": 3.4, "admin2_share": 4.3, "proximity": 4.0,
    "contained": 5.7, "container_country": 4.3, "namesake_contained": 5.7,
    "country_cued": 2.0}
NEWTON_STEPS = 40
#: Context passes fitted on the previous pass's probabilities.
ROUNDS = 3
#: Equal-count bins of the probability the calibration is fitted over.
CALIBRATION_BINS = 12
#: The out-of-fold evaluation modes of :func:`cross_validate`: gold spans given, recognition +
#: resolution, and the same scored on place mentions only (demonyms left out).
MODES = ("given", "e2e", "places")
#: The values :func:`fit_fallback` tries for each decision parameter.
FALLBACK_GRID = {
    "container_probability": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "locale_probability": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "small_town_population": (0, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000,
                              200_000),
}
#: Rounds of :func:`fit_fallback`'s coordinate search (it stops early when none moves).
FALLBACK_ROUNDS = 3
#: Part of the cache key of :func:`prepare`: bump it when :class:`Article` changes.
_CACHE_FORMAT = 2


@dataclass(frozen=True, slots=True)
class Article:
    """A gold document with what resolution needs: its sentences, the gold spans as
    mentions, the places recognition found (context for ``--given-spans``) and the possible
    places it kept for the second look (:mod:`geonews.resolution.local`)."""

    gold: GoldDocument
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    recognised: tuple[Mention, ...]
    source: str
    possible: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    """An article's feature table and, per row, whether the reading is right; ``located``
    marks the groups with a located gold toponym, ``cases`` those of them with a right
    reading (what the fit learns from)."""

    article: int
    table: ArticleTable
    right: np.ndarray
    located: np.ndarray
    cases: np.ndarray
    weight: float = 1.0


def prepare(paths: Sequence[str | Path], parser, cache: str | Path | None = None
            ) -> list[Article]:
    """Recognise the places of every gold article (spaCy; cached in ``cache`` per file)."""
    articles: list[Article] = []
    for path in paths:
        path = Path(path)
        stamp = hashlib.sha1(f"{_CACHE_FORMAT}:{path.resolve()}:{path.stat().st_mtime_ns}"
                             .encode()).hexdigest()
        stored = Path(cache) / f"{path.stem}-{stamp[:12]}.pkl" if cache else None
        if stored is not None and stored.is_file():
            articles.extend(pickle.loads(stored.read_bytes()))
            continue
        gold = list(read_gold(path))
        recorder = _Recorder()
        resolver, parser.resolver = parser.resolver, recorder
        try:
            parsed = list(parser.parse_documents(g.document for g in gold))
        finally:
            parser.resolver = resolver
        found = [Article(g, p.sentences, tuple(given_mentions(g.document, p.sentences)),
                         tuple(recognised), path.stem, tuple(possible))
                 for g, p, (recognised, possible) in zip(gold, parsed, recorder.calls,
                                                         strict=True)]
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            stored.write_bytes(pickle.dumps(found))
        articles.extend(found)
    return articles


class _Recorder:
    """Stands in for the resolver while recognising: keeps the recognised and the possible
    mentions it was asked to resolve."""

    def __init__(self) -> None:
        self.calls: list[tuple[Sequence[Mention], Sequence[Mention]]] = []

    def resolve_with_possible(self, text: str, mentions: Sequence[Mention],
                              possible: Sequence[Mention]) -> list:
        self.calls.append((mentions, possible))
        return []


def cases(articles: Sequence[Article], resolver: Resolver) -> list[Case]:
    """Feature tables and right readings of every article (gold spans, recognised context);
    each source file weighs the same in total."""
    out = []
    for index, article in enumerate(articles):
        _, table = resolver.table(article.gold.document.text, article.mentions,
                                  article.recognised)
        gold = {(t.start, t.end): t for t in article.gold.toponyms if t.located}
        right = np.zeros(table.size, dtype=bool)
        located = np.zeros(len(table.groups), dtype=bool)
        is_case = np.zeros(len(table.groups), dtype=bool)
        for g, group in enumerate(table.groups):
            points = [(gold[(m.start, m.end)].lat, gold[(m.start, m.end)].lon)
                      for m in group.mentions if (m.start, m.end) in gold]
            if not points:
                continue
            s = table.starts[g]
            for j, cand in enumerate(group.candidates):
                right[s + j] = any(great_circle(p, cand.place.point).km <= ACCURACY_KM
                                   for p in points)
            located[g] = True
            is_case[g] = right[s:table.starts[g + 1]].any()
        out.append(Case(index, table, right, located, is_case))
    per_source: dict[str, int] = {}
    for case in out:
        source = articles[case.article].source
        per_source[source] = per_source.get(source, 0) + int(case.cases.sum())
    mean = np.mean([n for n in per_source.values() if n]) if per_source else 1.0
    return [Case(c.article, c.table, c.right, c.located, c.cases,
                 mean / max(per_source[articles[c.article].source], 1)) for c in out]


def fit(training: Sequence[Case], calibration: tuple[tuple[float, float], ...] | None = None
        ) -> Scorer:
    """The scorer fitted on ``training``; its calibration is ``calibration`` or else the
    isotonic fit of its own (in-sample) probabilities."""
    first = _fit_logit([(c, c.table.static) for c in training], _prior(STATIC_COLUMNS))
    scorer = Scorer(first, np.zeros(len(STATIC_COLUMNS) + len(CONTEXT_COLUMNS)))
    probabilities = [scorer.first_probabilities(c.table) for c in training]
    for _ in range(ROUNDS):
        design = [(c, np.hstack([c.table.static, context(c.table, p)]))
                  for c, p in zip(training, probabilities)]
        second = _fit_logit(design, _prior(STATIC_COLUMNS + CONTEXT_COLUMNS))
        scorer = Scorer(first, second, ROUNDS)
        probabilities = [_final(scorer, c.table) for c in training]
    if calibration is None:
        calibration = calibration_knots(_top_readings(training, probabilities))
    return Scorer(first, scorer.second, ROUNDS, calibration)


def _final(scorer: Scorer, table: ArticleTable) -> np.ndarray:
    probabilities = scorer.first_probabilities(table)
    for _ in range(scorer.passes):
        probabilities = scorer.probabilities(table, context(table, probabilities))
    return probabilities


def _top_readings(training: Sequence[Case], probabilities: Sequence[np.ndarray]
                  ) -> list[tuple[float, bool]]:
    """(probability of the chosen reading, whether it is right) per located gold group."""
    out = []
    for case, probs in zip(training, probabilities):
        for g, s in enumerate(case.table.starts[:-1]):
            e = case.table.starts[g + 1]
            if case.located[g]:
                i = s + int(np.argmax(probs[s:e]))
                out.append((float(probs[i]), bool(case.right[i])))
    return out


def _prior(columns: Sequence[str]) -> np.ndarray:
    return np.array([PRIOR.get(c, 0.0) for c in columns])


def _fit_logit(design: Sequence[tuple[Case, np.ndarray]], prior: np.ndarray) -> np.ndarray:
    """Weights minimising the mean (case-weighted) negative log probability of the right
    readings plus PENALTY * |w - prior|^2, by damped Newton steps from the prior."""
    xs, rights, starts, weights = [], [], [0], []
    for case, x in design:
        for g in np.flatnonzero(case.cases):
            s, e = case.table.starts[g], case.table.starts[g + 1]
            xs.append(x[s:e])
            rights.append(case.right[s:e])
            starts.append(starts[-1] + e - s)
            weights.append(case.weight)
    if not xs:
        return prior.copy()
    x = np.vstack(xs)
    right = np.concatenate(rights)
    starts_arr = np.asarray(starts)
    w_group = np.asarray(weights) / np.sum(weights)
    sizes = np.diff(starts_arr)
    w_row = np.repeat(w_group, sizes)
    heads = starts_arr[:-1]
    size = len(prior)
    beta = prior.copy()

    def loss_grad(b: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        s = x @ b
        p = group_softmax(s, starts_arr)
        q = group_softmax(np.where(right, s, -1e9), starts_arr)
        p_right = np.add.reduceat(np.where(right, p, 0.0), heads)
        loss = -float(np.sum(w_group * np.log(np.maximum(p_right, 1e-300)))) \
            + PENALTY * float((b - prior) @ (b - prior))
        grad = x.T @ (w_row * (p - q)) + 2 * PENALTY * (b - prior)
        return loss, grad, p

    loss, grad, p = loss_grad(beta)
    for _ in range(NEWTON_STEPS):
        m = np.add.reduceat(x * p[:, None], heads)
        hess = (x * (w_row * p)[:, None]).T @ x - (m * w_group[:, None]).T @ m \
            + 2 * PENALTY * np.eye(size)
        step = np.linalg.solve(hess + 1e-9 * np.eye(size), grad)
        rate = 1.0
        while rate > 1e-4:
            candidate = beta - rate * step
            new_loss, new_grad, new_p = loss_grad(candidate)
            if new_loss <= loss:
                break
            rate /= 2
        else:
            break
        converged = loss - new_loss < 1e-9
        beta, loss, grad, p = candidate, new_loss, new_grad, new_p
        if converged:
            break
    return beta


def isotonic(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Pool-adjacent-violators: the weighted non-decreasing fit of ``values`` (in order)."""
    blocks: list[list[float]] = []  # [value, weight, members]
    for value, weight in zip(values, weights, strict=True):
        blocks.append([float(value), float(weight), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (v1, w1, n1), (v2, w2, n2) = blocks[-2], blocks[-1]
            blocks[-2:] = [[(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2]]
    return np.repeat([b[0] for b in blocks], [b[2] for b in blocks])


def calibration_knots(pairs: Sequence[tuple[float, bool]]) -> tuple[tuple[float, float], ...]:
    """Calibration knots (probability, share right) from 0 to 1: the isotonic fit of
    (probability, right) ``pairs`` over CALIBRATION_BINS equal-count bins (so no knot rests
    on a handful of readings)."""
    if not pairs:
        return ((0.0, 0.0), (1.0, 1.0))
    x = np.array([p for p, _ in pairs], dtype=float)
    y = np.array([ok for _, ok in pairs], dtype=float)
    order = np.argsort(x, kind="stable")
    groups = [g for g in np.array_split(order, CALIBRATION_BINS) if len(g)]
    means = np.array([x[g].mean() for g in groups])
    fitted = isotonic(np.array([y[g].mean() for g in groups]),
                      np.array([len(g) for g in groups], dtype=float))
    points = [(0.0, fitted[0]), *zip(means, fitted, strict=True), (1.0, fitted[-1])]
    table: list[tuple[float, float]] = []
    for p, v in points:  # one knot per distinct probability, values rounded
        if table and round(p, 3) <= table[-1][0]:
            continue
        table.append((round(float(p), 3), round(float(v), 3)))
    return tuple(table)


def ece(confidence: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the count-weighted mean |accuracy - confidence| per bin."""
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.sum() * abs(right[inside].mean() - confidence[inside].mean())
    return total / len(confidence) if len(confidence) else float("nan")


@dataclass(frozen=True, slots=True)
class FoldModels:
    """The models of k folds of documents, each fitted on the other folds: ``fold_of`` per
    article; ``scorers`` per fold, fallback fitted (:func:`fit_fallback`) on the other
    folds' ``scored``, every article's gold spans scored by its fold's scorer (out of fold);
    ``pairs``: the out-of-fold (probability, right) of the chosen readings."""

    fold_of: np.ndarray
    scorers: list[Scorer]
    scored: list[ScoredArticle]
    pairs: list[tuple[float, bool]]


def fold_split(documents: int, folds: int = 5, seed: int = 0) -> np.ndarray:
    """The fold (0 … ``folds`` − 1) of each of ``documents`` documents, drawn with ``seed``:
    the split of :func:`fold_models` and :func:`cross_validate`."""
    return np.random.default_rng(seed).integers(0, folds, size=documents)


def fold_models(articles: Sequence[Article], make_resolver: Callable[[Scorer], Resolver],
                training: Sequence[Case], folds: int = 5, seed: int = 0) -> FoldModels:
    """Split the documents into ``folds`` (:func:`fold_split`) and fit each fold's model on
    the others: the scorer on their cases, then its fallback on their out-of-fold
    readings."""
    fold_of = fold_split(len(articles), folds, seed)
    scorers = [fit([c for c in training if fold_of[c.article] != k]) for k in range(folds)]
    pairs: list[tuple[float, bool]] = []
    scored: list[ScoredArticle] = []
    for k, scorer in enumerate(scorers):
        held = [c for c in training if fold_of[c.article] == k]
        pairs.extend(_top_readings(held, [_final(scorer, c.table) for c in held]))
    resolvers = [make_resolver(scorer) for scorer in scorers]
    for article, k in zip(articles, fold_of.tolist()):
        scored.append(resolvers[k].scored(article.gold.document.text, article.mentions,
                                          article.recognised))
    fitted = []
    for k, resolver in enumerate(resolvers):
        others = np.flatnonzero(fold_of != k).tolist()
        fitted.append(replace(scorers[k], fallback=fit_fallback(
            resolver, [articles[i] for i in others], [scored[i] for i in others])))
    return FoldModels(fold_of, fitted, scored, pairs)


def cross_validate(articles: Sequence[Article], make_resolver: Callable[[Scorer], Resolver],
                   training: Sequence[Case], folds: int = 5, seed: int = 0
                   ) -> tuple[dict[str, dict[str, Evaluation]], FoldModels]:
    """Out-of-fold evaluations per source file: given spans (``"given"``), end to end
    (``"e2e"``) and end to end scoring place mentions only (``"places"``, as ``geonews eval
    --places-only``: for files that do not annotate demonyms); each fold resolved by its
    model of :func:`fold_models` (returned too)."""
    models = fold_models(articles, make_resolver, training, folds, seed)
    resolvers = [make_resolver(scorer) for scorer in models.scorers]
    results: dict[str, dict[str, Evaluation]] = {}
    for article, k, scored in zip(articles, models.fold_of.tolist(), models.scored):
        resolver = resolvers[k]
        per = results.setdefault(article.source, {mode: Evaluation() for mode in MODES})
        given = resolver.placed(scored)
        e2e = resolver.resolve_with_possible(article.gold.document.text, article.recognised,
                                             article.possible)
        per["given"].add(article.gold, _parsed(article, given))
        parsed = _parsed(article, e2e)
        per["e2e"].add(article.gold, parsed)
        per["places"].add(article.gold, places_only(parsed))
    return results, models


def fit_fallback(resolver: Resolver, articles: Sequence[Article],
                 scored: Sequence[ScoredArticle]) -> FallbackParameters:
    """The fallback's parameters for ``resolver``'s scorer, fitted on ``articles`` (their
    gold spans ``scored`` out of fold): the decision parameters by a coordinate search over
    :data:`FALLBACK_GRID` from the defaults, moving only to a value that places more gold
    toponyms within 161 km (each source file weighing the same in total; fewer km breaking
    ties) and costs no source file (fewer within 161 km, or as many and more km: the files
    disagree, and what helps one kind of text must not be paid for by another); then each
    confidence factor, the share of its placements within 161 km over their mean calibrated
    confidence (the default when it made none)."""
    golds, weights = _located_spans(articles)
    located = [i for i, gold in enumerate(golds) if gold]  # the others cannot tell
    golds, weights = [golds[i] for i in located], [weights[i] for i in located]
    articles, scored = [articles[i] for i in located], [scored[i] for i in located]
    memo: dict[tuple[float, float, float, float], float] = {}

    def outcome(parameters: FallbackParameters) -> dict[str, tuple[float, float]]:
        """Per source: (weighted share within 161 km, minus weighted mean km)."""
        per: dict[str, list[float]] = {}
        for gold, weight, article, record in zip(golds, weights, articles, scored):
            total = per.setdefault(article.source, [0.0, 0.0])
            for result in resolver.placed(record, parameters):
                point = gold.get((result.mention.start, result.mention.end))
                if point is not None:
                    error = _error_km(point, result.place, memo)
                    total[0] += weight * (error <= ACCURACY_KM)
                    total[1] -= weight * error
        return {source: (right, km) for source, (right, km) in per.items()}

    def better(new: dict[str, tuple[float, float]], old: dict[str, tuple[float, float]]
               ) -> bool:
        total = tuple(map(sum, zip(*new.values()))) > tuple(map(sum, zip(*old.values())))
        return total and all(new[source] >= old[source] for source in old)

    parameters = DEFAULT_PARAMETERS
    best = outcome(parameters)
    for _ in range(FALLBACK_ROUNDS):
        moved = False
        for name, values in FALLBACK_GRID.items():
            for value in values:
                trial = replace(parameters, **{name: value})
                if trial != parameters and better(result := outcome(trial), best):
                    parameters, best, moved = trial, result, True
        if not moved:
            break
    return _fitted_factors(resolver, parameters, golds, weights, scored, memo)


def _fitted_factors(resolver: Resolver, parameters: FallbackParameters,
                    golds: list[dict[tuple[int, int], tuple[float, float]]],
                    weights: list[float], scored: Sequence[ScoredArticle],
                    memo: dict[tuple[float, float, float, float], float]
                    ) -> FallbackParameters:
    """``parameters`` with each confidence factor fitted on its placements (see
    :func:`fit_fallback`)."""
    sums = {"container_factor": [0.0, 0.0], "locale_factor": [0.0, 0.0]}
    for gold, weight, article in zip(golds, weights, scored):
        for result in resolver.placed(article, parameters):
            point = gold.get((result.mention.start, result.mention.end))
            if point is None or result.approximation is None:
                continue
            finer = (result.approximation == Approximation.LOCALE
                     and result.place.feature != "country")
            total = sums["locale_factor" if finer else "container_factor"]
            total[0] += weight * (_error_km(point, result.place, memo) <= ACCURACY_KM)
            total[1] += weight * resolver.scorer.calibrated(result.alternatives[0].probability)
    return replace(parameters, **{name: round(min(1.0, right / confidence), 3)
                                  for name, (right, confidence) in sums.items()
                                  if right > 0 and confidence > 0})


def _located_spans(articles: Sequence[Article]
                   ) -> tuple[list[dict[tuple[int, int], tuple[float, float]]], list[float]]:
    """Per article, its located gold toponyms' points by span, and the weight of each (every
    source file weighs the same in total)."""
    golds = [{(t.start, t.end): (t.lat, t.lon) for t in a.gold.toponyms if t.located}
             for a in articles]
    per_source: dict[str, int] = {}
    for article, gold in zip(articles, golds):
        per_source[article.source] = per_source.get(article.source, 0) + len(gold)
    return golds, [1.0 / max(per_source[a.source], 1) for a in articles]


def _error_km(point: tuple[float, float], place: Place | None,
              memo: dict[tuple[float, float, float, float], float]) -> float:
    """The distance from the gold ``point`` to ``place`` (MAX_ERROR_KM when unresolved)."""
    if place is None:
        return MAX_ERROR_KM
    key = (*point, place.lat, place.lon)
    error = memo.get(key)
    if error is None:
        error = memo[key] = great_circle(point, place.point).km
    return error


def _parsed(article: Article, resolved: list) -> ParsedDocument:
    document: Document = article.gold.document
    return parsed_document(document, article.sentences, resolved)


@dataclass(frozen=True, slots=True)
class Training:
    """A fitted scorer and its out-of-fold figures: per source file and mode (:data:`MODES`),
    :meth:`Evaluation.summary` dicts."""

    scorer: Scorer
    out_of_fold: dict[str, dict[str, dict[str, float | int]]]
    folds: int


def prior_scorer() -> Scorer:
    """The scorer with the :data:`PRIOR` weights (what fitting starts from)."""
    return Scorer(_prior(STATIC_COLUMNS), _prior(STATIC_COLUMNS + CONTEXT_COLUMNS), ROUNDS)


def train(paths: Sequence[str | Path], parser, *, folds: int = 5,
          cache: str | Path | None = None, seed: int = 0,
          start: Scorer | None = None) -> Training:
    """Fit the scorer on the gold files at ``paths`` (``parser``: a
    :class:`~geonews.parsing.geoparser.Geoparser`, for recognition and the gazetteer). ``start`` (default:
    :func:`prior_scorer`) decides, by its first pass, which names are looked up again inside
    an article's main countries. With ``folds`` ≥ 2, also resolve each fold with the model
    fitted on the others, calibrate the final model on those out-of-fold probabilities and
    fit its fallback (:func:`fit_fallback`) on those out-of-fold readings; with fewer, the
    fallback keeps its defaults."""
    articles = prepare(paths, parser, cache)
    training = cases(articles, Resolver(parser.gazetteer, limit=parser.resolver.limit,
                                        scorer=start or prior_scorer()))
    figures: dict[str, dict[str, dict[str, float | int]]] = {}

    def make_resolver(scorer: Scorer) -> Resolver:
        return Resolver(parser.gazetteer, limit=parser.resolver.limit, scorer=scorer)

    if folds < 2:
        return Training(fit(training), figures, folds)
    results, models = cross_validate(articles, make_resolver, training, folds, seed)
    figures = {source: {mode: ev.summary() for mode, ev in per.items()}
               for source, per in results.items()}
    scorer = fit(training, calibration_knots(models.pairs))
    return Training(replace(scorer, fallback=fit_fallback(make_resolver(scorer), articles,
                                                          models.scored)), figures, folds)
