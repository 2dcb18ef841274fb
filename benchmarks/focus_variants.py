"""Article focus computed other ways than the focus rule, each scored out of fold against the
gold focus (docs/accuracy.md, "Article focus", what was tried).

    python benchmarks/focus_variants.py ../shared/eval/geowebnews.jsonl \\
        ../shared/eval/lgl-train.jsonl ../shared/eval/geocorpora-train.jsonl \\
        ../shared/eval/wiktor.jsonl --cache /tmp/geonews-train \\
        [--score geowebnews lgl-train geocorpora-train] [--in-sample] [--given-spans]

Resolves every article of the scored files with the resolver weights fitted on the other
folds (:func:`focus_out_of_fold.held_out`; with ``--in-sample`` the packaged weights; with
``--given-spans`` the gold spans instead of the recognised mentions) and
prints each file's country and first-level division agreement with the gold focus
(:func:`geonews.evaluation.accuracy.gold_focus`) for each of :data:`VARIANTS`:

- ``rule``: the focus rule as shipped (:func:`geonews.resolution.focus.article_focus`);
- ``readings``: the same weights, each mention's spread over its readings (the resolver's
  alternatives) by their probabilities instead of all on the chosen one;
- ``rule picked``: the best setting of ``benchmarks/focus.py`` (:data:`focus.SETTINGS`),
  picked on the articles of the other folds;
- ``fitted``: a conditional logit over an article's countries, then over the divisions of its
  country, on per-place :data:`COLUMNS`, fitted on the articles of the other folds.

Picking and fitting use the resolution folds (folds by document) and weigh every scored file
equally; an article's fitted or picked focus never saw its own gold.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from focus import SETTINGS
from focus_out_of_fold import held_out
from gazetteer.place import Place
from geonews.evaluation.accuracy import GoldFocus, gold_focus
from geonews.models import ResolvedMention
from geonews.parsing.geoparser import Geoparser
from geonews.resolution.focus import LEAD_CHARS, WEIGHTS, FocusWeights, article_focus
from geonews.resolution.scorer import group_softmax

#: The per-place columns of the fitted focus: its mentions outside and inside the lead, its
#: own name outside and inside the lead (a country's, a division's), demonyms, whether it is
#: mentioned first, the sum of its mentions' confidences, and its share of their readings'
#: probabilities (the alternatives of every mention, normalised per mention).
COLUMNS = ("body", "lead", "itself", "itself_lead", "demonym", "first", "confidence",
           "readings")
#: L2 penalty of the fitted focus (the loss is a mean over articles).
PENALTY = 1e-3
NEWTON_STEPS = 50

Codes = tuple[str | None, str | None]


@dataclass(frozen=True, slots=True)
class Scored:
    """A held-out article: its file, resolution fold, gold focus and resolved mentions."""

    source: str
    fold: int
    gold: GoldFocus
    mentions: list[ResolvedMention]


Predictor = Callable[[Scored], Codes]


def _code(place: Place, level: str) -> str | None:
    return place.country_code if level == "country" else place.admin1_code


def _areas(mentions: Sequence[ResolvedMention], level: str, within: str | None = None
           ) -> tuple[list[str], np.ndarray]:
    """The countries (``level`` "country") or the divisions of country ``within`` (``level``
    "ADM1") that the mentions' readings name, in order of first appearance, with their
    :data:`COLUMNS`; stand-ins (approximate placements) do not count."""
    rows: dict[str, np.ndarray] = {}
    first: str | None = None

    def row(code: str) -> np.ndarray:
        return rows.setdefault(code, np.zeros(len(COLUMNS)))

    def inside(place: Place) -> bool:
        return _code(place, level) is not None and within in (None, place.country_code)

    for r in mentions:
        if r.place is None or r.approximate:
            continue
        if inside(r.place):
            code = _code(r.place, level)
            first = first or code
            values = row(code)
            lead = r.mention.start < LEAD_CHARS
            if r.mention.label == "demonym":
                values[4] += 1
            else:
                values[(2 if r.place.feature == level else 0) + lead] += 1
            values[6] += r.confidence
        total = sum(a.probability for a in r.alternatives)
        for a in r.alternatives:
            if total > 0 and inside(a.place):
                row(_code(a.place, level))[7] += a.probability / total
    codes = list(rows)
    table = np.array([rows[c] for c in codes]) if codes else np.zeros((0, len(COLUMNS)))
    if first is not None:
        table[codes.index(first), 5] = 1.0
    return codes, table


def _codes(mentions: Sequence[ResolvedMention], weights: FocusWeights = WEIGHTS) -> Codes:
    focus = article_focus(mentions, weights=weights)
    return (focus.country.code if focus.country else None,
            focus.admin1.code if focus.admin1 else None)


def _spread(mentions: Sequence[ResolvedMention]) -> Codes:
    """The focus rule with each mention's weight spread over its readings."""
    countries: dict[str, float] = defaultdict(float)
    divisions: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in mentions:
        weight = WEIGHTS.of(r)
        total = sum(a.probability for a in r.alternatives)
        readings = ([(r.place, 1.0)] if r.approximate or total <= 0 else
                    [(a.place, a.probability / total) for a in r.alternatives])
        for place, share in readings if weight > 0 else ():
            if place.country_code:
                countries[place.country_code] += weight * share
                if place.admin1_code:
                    divisions[place.country_code][place.admin1_code] += weight * share
    if not countries:
        return None, None
    country = max(countries, key=countries.__getitem__)  # ties: the first mentioned
    inside = divisions[country]
    return country, max(inside, key=inside.__getitem__) if inside else None


def _agreement(articles: Sequence[Scored], predicted: Sequence[Codes]
               ) -> tuple[int, int, int, int]:
    """(country agreeing, with gold country, admin1 agreeing, with gold admin1)."""
    return (sum(s.gold.country is not None and p[0] == s.gold.country
                for s, p in zip(articles, predicted)),
            sum(s.gold.country is not None for s in articles),
            sum(s.gold.admin1 is not None and p[1] == s.gold.admin1
                for s, p in zip(articles, predicted)),
            sum(s.gold.admin1 is not None for s in articles))


def _file_weights(articles: Sequence[Scored]) -> dict[str, float]:
    """A weight per file so that every file weighs the same."""
    counts: dict[str, int] = defaultdict(int)
    for s in articles:
        counts[s.source] += 1
    return {source: 1.0 / n for source, n in counts.items()}


def _picked(train: Sequence[Scored]) -> Predictor:
    """The focus rule with the setting of :data:`SETTINGS` that agrees best on ``train``
    (country plus admin1 agreement, files weighing equally; ties: the shipped weights)."""
    by_file: dict[str, list[Scored]] = defaultdict(list)
    for s in train:
        by_file[s.source].append(s)

    def score(weights: FocusWeights) -> float:
        total = 0.0
        for articles in by_file.values():
            c, cn, a, an = _agreement(articles, [_codes(s.mentions, weights) for s in articles])
            total += c / max(cn, 1) + a / max(an, 1)
        return total

    best = max(SETTINGS, key=lambda w: (score(w), w == WEIGHTS))
    return lambda s: _codes(s.mentions, best)


def _fit_logit(groups: Sequence[tuple[np.ndarray, int, float]]) -> np.ndarray:
    """Conditional-logit weights over :data:`COLUMNS`: each group a table of alternatives,
    the index of the right one and the group's weight; damped Newton steps from zero."""
    x = np.vstack([t for t, _, _ in groups])
    starts = np.cumsum([0, *(len(t) for t, _, _ in groups)])
    right = np.zeros(len(x), dtype=bool)
    right[starts[:-1] + np.array([i for _, i, _ in groups])] = True
    w_group = np.array([w for _, _, w in groups])
    w_group /= w_group.sum()
    w_row = np.repeat(w_group, np.diff(starts))
    heads = starts[:-1]
    beta = np.zeros(len(COLUMNS))

    def loss(b: np.ndarray) -> float:
        p = group_softmax(x @ b, starts)
        return -float(w_group @ np.log(np.maximum(p[right], 1e-300))) + PENALTY * b @ b

    current = loss(beta)
    for _ in range(NEWTON_STEPS):
        p = group_softmax(x @ beta, starts)
        grad = x.T @ (w_row * (p - right)) + 2 * PENALTY * beta
        m = np.add.reduceat(x * p[:, None], heads)
        hess = (x * (w_row * p)[:, None]).T @ x - (m * w_group[:, None]).T @ m \
            + 2 * PENALTY * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        rate = 1.0
        while rate > 1e-4 and loss(beta - rate * step) > current:
            rate /= 2
        candidate = loss(beta - rate * step)
        if candidate > current or current - candidate < 1e-10:
            break
        beta, current = beta - rate * step, candidate
    return beta


def _fitted_weights(train: Sequence[Scored]) -> tuple[np.ndarray, np.ndarray]:
    """The country and the division weights fitted on ``train`` (the gold country's
    divisions), over the articles whose gold place is among two or more of their own."""
    weigh = _file_weights(train)
    countries, divisions = [], []
    for s in train:
        codes, table = _areas(s.mentions, "country")
        if s.gold.country in codes and len(codes) > 1:
            countries.append((table, codes.index(s.gold.country), weigh[s.source]))
        codes, table = _areas(s.mentions, "ADM1", s.gold.country)
        if s.gold.admin1 in codes and len(codes) > 1:
            divisions.append((table, codes.index(s.gold.admin1), weigh[s.source]))
    return _fit_logit(countries), _fit_logit(divisions)


def _fitted(train: Sequence[Scored]) -> Predictor:
    """The fitted focus (:func:`_fitted_weights`): the best-scored country, then the
    best-scored division of it (ties: the first mentioned)."""
    country_weights, division_weights = _fitted_weights(train)

    def predict(s: Scored) -> Codes:
        codes, table = _areas(s.mentions, "country")
        if not codes:
            return None, None
        country = codes[int(np.argmax(table @ country_weights))]
        codes, table = _areas(s.mentions, "ADM1", country)
        return country, codes[int(np.argmax(table @ division_weights))] if codes else None
    return predict


#: The variants compared: each makes a predictor from the articles of the other folds.
VARIANTS: dict[str, Callable[[Sequence[Scored]], Predictor]] = {
    "rule": lambda train: lambda s: _codes(s.mentions),
    "readings": lambda train: lambda s: _spread(s.mentions),
    "rule picked": _picked,
    "fitted": _fitted,
}


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("gold", nargs="+", help="gold files the resolver is fitted on")
    args.add_argument("--cache", type=Path, default=None)
    args.add_argument("--folds", type=int, default=5)
    args.add_argument("--score", nargs="*",
                      default=["geowebnews", "lgl-train", "geocorpora-train"],
                      help="file stems whose focus is scored (and picked or fitted on)")
    args.add_argument("--in-sample", action="store_true",
                      help="resolve with the packaged weights instead of out of fold")
    args.add_argument("--given-spans", action="store_true",
                      help="resolve the gold spans instead of the recognised mentions")
    options = args.parse_args()
    parser = Geoparser()
    articles = [Scored(a.source, k, gold_focus(a.gold, parser.gazetteer), resolved)
                for a, k, resolved in held_out(options.gold, parser, options.cache,
                                               options.folds, options.score,
                                               in_sample=options.in_sample,
                                               given_spans=options.given_spans)]
    predicted: dict[str, dict[int, Codes]] = {name: {} for name in VARIANTS}
    for k in range(options.folds):
        train = [s for s in articles if s.fold != k]
        for name, make in VARIANTS.items():
            predict = make(train)
            predicted[name].update({i: predict(s) for i, s in enumerate(articles)
                                    if s.fold == k})
    for stem in options.score:
        print(f"{stem}:")
        rows = [i for i, s in enumerate(articles) if s.source == stem]
        for name in VARIANTS:
            c, cn, a, an = _agreement([articles[i] for i in rows],
                                      [predicted[name][i] for i in rows])
            print(f"  {name:<12} country {c / max(cn, 1):.3f} ({c}/{cn})   "
                  f"admin1 {a / max(an, 1):.3f} ({a}/{an})")
    country_weights, division_weights = _fitted_weights(articles)
    for level, weights in (("country", country_weights), ("admin1", division_weights)):
        print(f"fitted on all, {level}: " + ", ".join(
            f"{c} {w:.2f}" for c, w in zip(COLUMNS, weights)))


if __name__ == "__main__":
    main()
