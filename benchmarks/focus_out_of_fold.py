"""Article focus with the resolver weights fitted out of fold (the folds of ``geonews train``).

    python benchmarks/focus_out_of_fold.py ../shared/eval/geowebnews.jsonl \\
        ../shared/eval/lgl-train.jsonl ../shared/eval/geocorpora-train.jsonl \\
        ../shared/eval/wiktor.jsonl --cache /tmp/geonews-train [--score geowebnews lgl-train]

Fits the resolver on the gold files as ``geonews train`` does (same folds: 5, seed 0; the
``--cache`` of ``geonews train`` skips spaCy), resolves each held-out article (recognition +
resolution, the second look included) with the weights fitted on the other folds, and prints
the agreement of its focus with the gold focus (:func:`geonews.evaluation.accuracy.gold_focus`)
per scored file, as ``geonews eval`` does in sample. Takes about as long as ``geonews
train``. Each fold's fallback is fitted as ``geonews train`` fits it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from geonews.evaluation.accuracy import FocusEvaluation, gold_focus
from geonews.evaluation.fitting import (Article, cases, fold_models, fold_split, prepare,
                                        prior_scorer)
from geonews.models import ResolvedMention
from geonews.parsing.geoparser import Geoparser
from geonews.resolution.focus import parsed_document
from geonews.resolution.resolver import Resolver


def held_out(paths: Sequence[str], parser: Geoparser, cache: Path | None, folds: int,
             stems: Sequence[str], *, in_sample: bool = False, given_spans: bool = False
             ) -> Iterator[tuple[Article, int, list[ResolvedMention]]]:
    """``(article, its fold, its resolved mentions)`` for every article of the files named
    ``stems``, resolved with the weights (and fallback) fitted on the other folds of all
    ``paths`` (:func:`~geonews.evaluation.fitting.fold_models`; with the ``parser``'s own,
    packaged weights when ``in_sample``), fold by fold; the recognised mentions, or the gold
    spans as ``--given-spans`` resolves them when ``given_spans``."""
    gazetteer, limit = parser.gazetteer, parser.resolver.limit
    articles = prepare(paths, parser, cache)
    if in_sample:
        fold_of = fold_split(len(articles), folds)
    else:
        models = fold_models(articles, lambda s: Resolver(gazetteer, limit=limit, scorer=s),
                             cases(articles, Resolver(gazetteer, limit=limit,
                                                      scorer=prior_scorer())), folds)
        fold_of = models.fold_of
    for k in range(folds):
        resolver = parser.resolver if in_sample else Resolver(
            gazetteer, limit=limit, scorer=models.scorers[k])
        for index in np.flatnonzero(fold_of == k):
            article = articles[index]
            if article.source not in stems:
                continue
            text = article.gold.document.text
            yield article, k, (
                resolver.resolve(text, article.mentions, context=article.recognised)
                if given_spans else
                resolver.resolve_with_possible(text, article.recognised, article.possible))


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("gold", nargs="+", help="gold files fitted on (as geonews train)")
    args.add_argument("--cache", type=Path, default=None)
    args.add_argument("--folds", type=int, default=5)
    args.add_argument("--score", nargs="*", default=["geowebnews", "lgl-train"],
                      help="file stems whose focus is scored")
    options = args.parse_args()
    parser = Geoparser()
    scored = {stem: FocusEvaluation() for stem in options.score}
    for article, _, resolved in held_out(options.gold, parser, options.cache, options.folds,
                                         options.score):
        scored[article.source].add(
            gold_focus(article.gold, parser.gazetteer),
            parsed_document(article.gold.document, article.sentences, resolved))
    for stem, evaluation in scored.items():
        s = evaluation.summary()
        print(f"{stem}: country {s['country_agreement']:.3f} of {s['gold_focus_country']}, "
              f"admin1 {s['admin1_agreement']:.3f} of {s['gold_focus_admin1']}")


if __name__ == "__main__":
    main()
