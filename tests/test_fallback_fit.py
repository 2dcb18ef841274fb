"""Tests for the fallback's fitted parameters (geonews.resolution.fallback.FallbackParameters,
kept in the weights file, fitted by geonews.evaluation.fitting.fit_fallback)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from geonews.errors import InputFormatError
from geonews.evaluation.accuracy import GoldDocument, GoldToponym
from geonews.evaluation.fitting import Article, cases, fit_fallback, fold_models
from geonews.models import Approximation, Document, Mention, Sentence
from geonews.resolution import Resolver, Scorer
from geonews.resolution.fallback import DEFAULT_PARAMETERS, FallbackParameters

#: Glenrock: the only one in the gazetteer is a town of 2,600 in Wyoming.
_GLENROCK = "Walkers in Newcastle, New South Wales, explored Glenrock on Sunday."
_NEWCASTLE_NSW = (-32.93, 151.78)
_GLENROCK_WY = (42.86, -105.87)
_GILBERT = "Gilbert is a town in Searcy County, Arkansas."


def _mentions(text: str, *names: str) -> list[Mention]:
    return sorted((Mention("t", text.index(n), text.index(n) + len(n), n, "place", 0,
                           len(text)) for n in names), key=lambda m: m.start)


def _by_name(resolver: Resolver, text: str, *names: str,
             parameters: FallbackParameters | None = None) -> dict:
    scored = resolver.scored(text, _mentions(text, *names))
    return {r.mention.text: r for r in resolver.placed(scored, parameters)}


def test_weights_without_fallback_parameters_keep_the_former_hand_set_ones(tmp_path):
    packaged = Scorer.packaged()
    data = packaged.to_dict()
    del data["fallback"]
    assert Scorer.from_dict(data).fallback == DEFAULT_PARAMETERS == FallbackParameters(
        0.5, 0.5, 20_000, 0.5, 0.8)
    fitted = replace(packaged, fallback=FallbackParameters(0.3, 0.7, 5_000, 0.4, 0.9))
    path = tmp_path / "weights.json"
    fitted.save(path)
    assert Scorer.load(path).fallback == fitted.fallback
    data["fallback"] = {"stand_in": 0.5}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputFormatError, match="unknown fallback parameters"):
        Scorer.load(path)


def test_the_parameters_decide_the_fallback(gazetteer):
    resolver = Resolver(gazetteer)
    names = ("Newcastle", "New South Wales", "Glenrock")
    glenrock = _by_name(resolver, _GLENROCK, *names, parameters=DEFAULT_PARAMETERS)["Glenrock"]
    assert glenrock.approximation is Approximation.LOCALE
    kept = _by_name(resolver, _GLENROCK, *names, parameters=FallbackParameters(
        small_town_population=1_000))["Glenrock"]
    assert not kept.approximate and kept.place.admin1_code == "US.WY"
    gilbert = _by_name(resolver, _GILBERT, "Gilbert", "Searcy County", "Arkansas",
                       parameters=FallbackParameters(container_factor=0.25))["Gilbert"]
    assert gilbert.approximation is Approximation.CONTAINER
    assert gilbert.confidence == pytest.approx(
        resolver.scorer.calibrated(gilbert.alternatives[0].probability) * 0.25, abs=1e-4)
    never = _by_name(resolver, _GILBERT, "Gilbert", "Searcy County", "Arkansas",
                     parameters=FallbackParameters(container_probability=1.5))["Gilbert"]
    assert never.approximation is not Approximation.CONTAINER


def _glenrock_articles(gold_point: tuple[float, float], copies: int) -> list[Article]:
    text = _GLENROCK
    start = text.index("Glenrock")
    toponym = GoldToponym(start, start + len("Glenrock"), "Glenrock", *gold_point)
    mentions = tuple(_mentions(text, "Glenrock"))
    context = tuple(_mentions(text, "Newcastle", "New South Wales"))
    return [Article(GoldDocument(Document(f"g{i}", text, toponyms=((start, toponym.end),)),
                                 (toponym,)), (Sentence(0, len(text)),), mentions, context,
                    "invented") for i in range(copies)]


@pytest.mark.parametrize("gold_point, gives_way", [(_NEWCASTLE_NSW, True),
                                                   (_GLENROCK_WY, False)])
def test_fit_fallback_follows_where_the_gold_puts_a_small_town_abroad(gazetteer, gold_point,
                                                                      gives_way):
    resolver = Resolver(gazetteer)
    articles = _glenrock_articles(gold_point, 3)
    scored = [resolver.scored(a.gold.document.text, a.mentions, a.recognised)
              for a in articles]
    fitted = fit_fallback(resolver, articles, scored)
    assert (fitted.small_town_population > 2_600) is gives_way
    placed = resolver.placed(scored[0], fitted)[0]
    assert placed.approximate is gives_way
    if gives_way:  # every locale placement right: the factor lifts its confidence to 1
        assert fitted.locale_factor == pytest.approx(
            min(1.0, 1 / resolver.scorer.calibrated(placed.alternatives[0].probability)),
            abs=1e-3)
    else:
        assert fitted.locale_factor == DEFAULT_PARAMETERS.locale_factor


def test_fold_models_fit_each_folds_fallback_on_the_other_folds(gazetteer):
    articles = [*_glenrock_articles(_NEWCASTLE_NSW, 4), *_glenrock_articles(_GLENROCK_WY, 2)]
    models = fold_models(articles, lambda s: Resolver(gazetteer, scorer=s),
                         cases(articles, Resolver(gazetteer)), folds=2)
    assert len(models.scorers) == 2 and len(models.scored) == len(articles)
    assert all(isinstance(s.fallback, FallbackParameters) for s in models.scorers)
    # a scored article placed is what resolving it gives
    resolver = Resolver(gazetteer, scorer=models.scorers[0])
    article = articles[0]
    text = article.gold.document.text
    assert resolver.placed(resolver.scored(text, article.mentions, article.recognised)) == \
        resolver.resolve(text, article.mentions, context=article.recognised)
