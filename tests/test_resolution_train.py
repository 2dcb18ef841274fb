"""Tests for fitting the resolver (geonews.evaluation.fitting, scorer) and ``geonews train``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from geonews.cli import main
from geonews.errors import InputFormatError, InputNotFound
from geonews.evaluation.accuracy import GoldDocument, GoldToponym
from geonews.models import Document, Mention, Sentence
from geonews.resolution import Resolver, Scorer
from geonews.resolution.features import CONTEXT_COLUMNS, STATIC_COLUMNS
from geonews.resolution.scorer import group_softmax
from geonews.evaluation.fitting import Article, calibration_knots, cases, ece, fit

#: (text, place name, its gold point): short invented articles, one place each.
_GOLD = [
    ("Flooding hit Springfield, Illinois, on Monday.", "Springfield", (39.80, -89.64)),
    ("The mayor of Springfield, Missouri, spoke.", "Springfield", (37.22, -93.30)),
    ("Clashes were reported in Mosul, Iraq.", "Mosul", (36.34, 43.13)),
    ("Aid reached Paris, Texas, by truck.", "Paris", (33.66, -95.56)),
    ("Tourists returned to Paris after the strike in France.", "Paris", (48.85, 2.35)),
    ("Voters in Portland, Maine, went to the polls.", "Portland", (43.66, -70.26)),
]


def _article(text: str, name: str, point: tuple[float, float], index: int) -> Article:
    start = text.index(name)
    gold = GoldDocument(Document(f"d{index}", text, toponyms=((start, start + len(name)),)),
                        (GoldToponym(start, start + len(name), name, *point),))
    mention = Mention(f"d{index}", start, start + len(name), name, "place", 0, len(text))
    others = []
    for word in ("Illinois", "Missouri", "Iraq", "Texas", "France", "Maine"):
        at = text.find(word)
        if at >= 0:
            others.append(Mention(f"d{index}", at, at + len(word), word, "place", 0, len(text)))
    return Article(gold, (Sentence(0, len(text)),), (mention,), tuple(others), "invented")


@pytest.fixture(scope="module")
def articles():
    return [_article(*row, i) for i, row in enumerate(_GOLD)]


def test_cases_mark_the_right_readings(gazetteer, articles):
    found = cases(articles, Resolver(gazetteer))
    assert len(found) == len(articles)
    for case in found:
        assert case.table.static.shape == (case.table.size, len(STATIC_COLUMNS))
        assert case.located.sum() == 1 and case.cases.sum() == 1
        assert case.right.any()


def test_fit_gives_a_scorer_that_resolves_its_training_articles(gazetteer, articles):
    scorer = fit(cases(articles, Resolver(gazetteer)))
    assert scorer.first.shape == (len(STATIC_COLUMNS),)
    assert scorer.second.shape == (len(STATIC_COLUMNS) + len(CONTEXT_COLUMNS),)
    resolver = Resolver(gazetteer, scorer=scorer)
    for article, (_, _, (lat, lon)) in zip(articles, _GOLD):
        place = resolver.resolve(article.gold.document.text, article.mentions,
                                 context=article.recognised)[0].place
        assert abs(place.lat - lat) < 1.5 and abs(place.lon - lon) < 1.5


def test_scorer_file_round_trip(tmp_path):
    packaged = Scorer.packaged()
    path = tmp_path / "weights.json"
    packaged.save(path)
    loaded = Scorer.load(path)
    assert np.allclose(loaded.second, packaged.second) and loaded.passes == packaged.passes
    assert loaded.calibration == packaged.calibration


def test_scorer_file_errors(tmp_path):
    with pytest.raises(InputNotFound, match="no such weights file"):
        Scorer.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(InputFormatError, match="not resolver weights"):
        Scorer.load(bad)
    data = Scorer.packaged().to_dict()
    data["static_columns"] = data["static_columns"][:-1]
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputFormatError, match="not this version's"):
        Scorer.load(bad)


def test_group_softmax_sums_to_one_per_group():
    p = group_softmax(np.array([1.0, 2.0, 3.0, 0.0, 0.0]), np.array([0, 3, 5]))
    assert np.allclose([p[:3].sum(), p[3:].sum()], 1.0) and p[3] == pytest.approx(0.5)


def test_calibration_is_monotonic_and_spans_zero_to_one():
    rng = np.random.default_rng(0)
    probabilities = rng.uniform(0, 1, 500)
    pairs = [(float(p), bool(rng.uniform() < p)) for p in probabilities]
    knots = calibration_knots(pairs)
    assert knots[0][0] == 0.0 and knots[-1][0] == 1.0
    values = [v for _, v in knots]
    assert values == sorted(values)
    mapped = np.interp(probabilities, *zip(*knots))
    right = np.array([ok for _, ok in pairs], dtype=float)
    assert ece(mapped, right) < 0.1


#: An invented article with a demonym its gold (like GeoCorpora's) leaves out.
_DEMONYM_GOLD = ("Iraqi forces entered Mosul on Sunday.", "Mosul", (36.34, 43.13))


def _gold_file(path, rows):
    lines = []
    for text, name, (lat, lon) in rows:
        start = text.index(name)
        lines.append(json.dumps({"id": f"x{len(lines)}", "text": text, "toponyms": [
            {"start": start, "end": start + len(name), "text": name, "lat": lat,
             "lon": lon}]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_train_command_writes_weights_and_out_of_fold_figures(gazetteer, tmp_path):
    gold = _gold_file(tmp_path / "gold.jsonl", _GOLD)
    out = tmp_path / "w.json"
    result = CliRunner().invoke(main, ["train", str(gold), "-o", str(out), "--folds", "2",
                                       "--gazetteer", str(gazetteer.path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [
        "Out-of-fold figures (2 folds by document):",
        "file                 mode    acc@161  mean km    AUC  e2e acc@161      P      R     F1"]
    assert [line.split()[:2] for line in lines[2:5]] == [
        ["gold", "given"], ["gold", "e2e"], ["gold", "places"]]
    assert lines[5] == ("places: recognition + resolution scored on place mentions only "
                        "(no demonyms).")
    assert lines[6] == f"Wrote {out}."
    Scorer.load(out)
    parsed = CliRunner().invoke(main, ["eval", str(gold), "--given-spans", "--json",
                                       "--resolver-weights", str(out),
                                       "--gazetteer", str(gazetteer.path)])
    assert parsed.exit_code == 0, parsed.output
    article = tmp_path / "article.txt"
    article.write_text(_GOLD[0][0], encoding="utf-8")
    listed = CliRunner().invoke(main, ["mentions", str(article), "--resolver-weights", str(out),
                                       "--gazetteer", str(gazetteer.path)])
    assert listed.exit_code == 0, listed.output
    assert _GOLD[0][1] in listed.output


def test_train_command_scores_place_mentions_apart_from_demonyms(gazetteer, tmp_path):
    gold = _gold_file(tmp_path / "gold.jsonl", [*_GOLD, _DEMONYM_GOLD])
    result = CliRunner().invoke(main, ["train", str(gold), "-o", str(tmp_path / "w.json"),
                                       "--folds", "2", "--json",
                                       "--gazetteer", str(gazetteer.path)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["folds"] == 2 and list(figures["out_of_fold"]) == ["gold"]
    per = figures["out_of_fold"]["gold"]
    assert sorted(per) == ["e2e", "given", "places"]
    e2e, places = per["e2e"], per["places"]
    # "Iraqi" is found, as a demonym: a false positive against this gold unless left out.
    assert e2e["predicted_mentions"] == places["predicted_mentions"] + 1
    assert places["matched_spans"] == e2e["matched_spans"]
    assert places["precision"] > e2e["precision"] and places["recall"] == e2e["recall"]


def test_train_and_eval_reject_missing_files_in_one_line(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["train", str(tmp_path / "none.jsonl"), "-o",
                                  str(tmp_path / "w.json")])
    assert result.exit_code == 1 and "no such gold file" in result.output
    assert "Traceback" not in result.output
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": "a", "text": "Mosul.", "toponyms": []}\n', encoding="utf-8")
    result = runner.invoke(main, ["eval", str(gold), "--resolver-weights",
                                  str(tmp_path / "none.json")])
    assert result.exit_code == 1 and "no such weights file" in result.output
    article = tmp_path / "a.txt"
    article.write_text("Mosul.", encoding="utf-8")
    for command in ("map", "regions", "mentions"):
        result = runner.invoke(main, [command, str(article), "--resolver-weights",
                                      str(tmp_path / "none.json")])
        assert result.exit_code == 1 and "no such weights file" in result.output, command
        assert "Traceback" not in result.output
