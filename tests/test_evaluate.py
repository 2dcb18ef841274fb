"""Tests for geonews.evaluation.accuracy (metrics on small hand-made gold files) and `geonews eval`."""

from __future__ import annotations

import json
import math
import re

import pytest
from geopy.distance import great_circle
from click.testing import CliRunner

from gazetteer.place import Place
from geonews.cli import main
from geonews.errors import InputFormatError, InputNotFound
from geonews.evaluation.accuracy import (
    ACCURACY_KM,
    MAX_ERROR_KM,
    Evaluation,
    GoldDocument,
    GoldToponym,
    auc,
    evaluate,
    places_only,
    read_gold,
)
from geonews.models import (
    APPROXIMATE,
    Alternative,
    Approximation,
    Document,
    Mention,
    ParsedDocument,
    ResolvedMention,
)
from geonews.resolution.focus import parsed_document

TEXT = "Clashes in Mosul and Paris. Iraqi troops."


def _place(lat: float, lon: float, geonameid: int | None = None) -> Place:
    return Place(geonameid=geonameid, name="x", feature="city", lat=lat, lon=lon)


def _resolved(start: int, end: int, place: Place | None, confidence: float = 0.9,
              label: str = "place") -> ResolvedMention:
    mention = Mention("d", start, end, TEXT[start:end], label, 0, len(TEXT))
    return ResolvedMention(mention, place, confidence if place else 0.0, ())


def _gold() -> GoldDocument:
    toponyms = (
        GoldToponym(11, 16, "Mosul", 36.335, 43.119, 99072),
        GoldToponym(21, 26, "Paris", 48.853, 2.349, 2988507),
        GoldToponym(28, 33, "Iraqi", None, None, None, "Demonym"),
    )
    return GoldDocument(Document("d", TEXT, toponyms=tuple((t.start, t.end) for t in toponyms)),
                        toponyms)


def _parsed(*mentions: ResolvedMention) -> ParsedDocument:
    return parsed_document(Document("d", TEXT), (), tuple(mentions))


def test_auc_bounds():
    assert auc([0, 0, 0]) == 0
    assert auc([MAX_ERROR_KM - 1] * 3) == pytest.approx(1.0, abs=1e-6)
    assert math.isnan(auc([]))
    # Order does not matter (errors are sorted first).
    assert auc([1, 100, 5000]) == pytest.approx(auc([5000, 1, 100]))


def test_perfect_document():
    ev = Evaluation()
    ev.add(_gold(), _parsed(_resolved(11, 16, _place(36.335, 43.119, 99072)),
                            _resolved(21, 26, _place(48.85, 2.35, 2988507)),
                            _resolved(28, 33, _place(33, 44), label="demonym")))
    s = ev.summary()
    assert (s["precision"], s["recall"], s["f1"]) == (1.0, 1.0, 1.0)
    assert s["end_to_end_acc161"] == 1.0 and s["acc161"] == 1.0
    assert s["geonameid_match"] == 1.0
    assert s["gold_located"] == 2 and s["found_located"] == 2


def test_missed_wrong_and_spurious():
    ev = Evaluation()
    ev.add(_gold(), _parsed(
        _resolved(0, 7, _place(0, 0)),                        # spurious "Clashes"
        _resolved(11, 16, _place(33.3, 44.4, 98182)),         # Mosul resolved to Baghdad
        _resolved(22, 26, _place(48.85, 2.35)),               # "aris": not a strict match
    ))
    s = ev.summary()
    assert s["predicted_mentions"] == 3 and s["matched_spans"] == 1
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == pytest.approx(1 / 3)
    assert s["f1"] == pytest.approx(1 / 3)
    # Paris was missed: wrong end to end; Mosul found but > 161 km off.
    assert s["end_to_end_acc161"] == 0.0
    assert s["found_located"] == 1 and s["acc161"] == 0.0
    assert s["mean_error_km"] == pytest.approx(great_circle((36.335, 43.119), (33.3, 44.4)).km)
    assert s["geonameid_match"] == 0.0


def test_unresolved_found_toponym_counts_as_max_error():
    ev = Evaluation()
    ev.add(_gold(), _parsed(_resolved(11, 16, None), _resolved(21, 26, _place(48.9, 2.4))))
    s = ev.summary()
    assert s["found_located"] == 2
    assert s["acc161"] == 0.5 and s["end_to_end_acc161"] == 0.5
    assert max(ev.errors_km) == MAX_ERROR_KM
    assert s["median_error_km"] == pytest.approx((MAX_ERROR_KM + ev.errors_km[1]) / 2)


def test_accuracy_threshold_is_inclusive():
    assert ACCURACY_KM == 161.0
    ev = Evaluation()
    lat = 36.335 + 160 / 111.2  # about 160 km north
    ev.add(_gold(), _parsed(_resolved(11, 16, _place(lat, 43.119))))
    assert ev.summary()["acc161"] == 1.0


def test_reliability_table():
    ev = Evaluation()
    ev.add(_gold(), _parsed(_resolved(11, 16, _place(36.3, 43.1), confidence=0.95),
                            _resolved(21, 26, _place(0, 0), confidence=0.1)))
    table = ev.reliability(bins=2)
    assert [row["count"] for row in table] == [1, 1]
    assert table[0]["accuracy"] == 0.0 and table[1]["accuracy"] == 1.0


def test_raw_probabilities_leave_out_approximations():
    mosul, paris = _place(36.3, 43.1), _place(0, 0)
    read = ResolvedMention(Mention("d", 11, 16, "Mosul", "place", 0, len(TEXT)), mosul, 0.9,
                           (Alternative(mosul, 0.97),))
    approximated = ResolvedMention(Mention("d", 21, 26, "Paris", "place", 0, len(TEXT)), paris,
                                   0.4, (Alternative(paris, 0.8),), f"{APPROXIMATE} placed at x",
                                   Approximation.CONTAINER)
    ev = Evaluation()
    ev.add(_gold(), _parsed(read, approximated))
    assert ev.probabilities == [(0.97, True)]
    assert len(ev.confidences) == 2


def _write_gold(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _record(doc_id: str, text: str, names: dict[str, tuple[float, float] | None]) -> dict:
    toponyms = []
    for name, point in names.items():
        start = text.index(name)
        toponyms.append({"start": start, "end": start + len(name), "text": name,
                         "lat": point[0] if point else None,
                         "lon": point[1] if point else None, "geonameid": None})
    return {"id": doc_id, "text": text, "toponyms": toponyms}


def test_read_gold(tmp_path):
    path = _write_gold(tmp_path / "g.jsonl", [
        _record("a", "Fighting in Mosul.", {"Mosul": (36.3, 43.1)}),
        _record("b", "Iraqi forces.", {"Iraqi": None}),
    ])
    gold = list(read_gold(path))
    assert [g.document.id for g in gold] == ["a", "b"]
    assert gold[0].document.toponyms == ((12, 17),)
    assert gold[0].toponyms[0].located and not gold[1].toponyms[0].located
    assert len(list(read_gold(path, limit=1))) == 1


def test_read_gold_errors(tmp_path):
    with pytest.raises(InputNotFound, match="no such gold file"):
        list(read_gold(tmp_path / "missing.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x", "toponyms": [{"start": "?"}]}\n')
    with pytest.raises(InputFormatError, match="bad.jsonl:1"):
        list(read_gold(bad))


def test_evaluate_checks_order():
    other = parsed_document(Document("other", TEXT), (), ())
    with pytest.raises(InputFormatError, match="does not match"):
        evaluate([_gold()], [other])


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "gold.jsonl"
    return _write_gold(path, [
        _record("a", "Iraqi forces advanced on Mosul, the largest city in northern Iraq.",
                {"Iraqi": None, "Mosul": (36.34, 43.13), "Iraq": (33.0, 44.0)}),
        _record("b", "The mayor of Springfield, Illinois, spoke on Monday.",
                {"Springfield": (39.80, -89.64), "Illinois": (40.0, -89.25)}),
    ])


def test_eval_command_json(gold_file, gazetteer):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    summary = figures["summary"]
    assert summary["documents"] == 2 and summary["gold_toponyms"] == 5
    assert summary["recall"] >= 0.8
    assert summary["acc161"] >= 0.75
    assert len(figures["reliability"]) == 5


def test_eval_command_given_spans_text(gold_file, gazetteer):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--given-spans", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "1 documents, 3 gold toponyms" in result.output
    assert re.search(r"F1\s+1\.000", result.output)
    assert "accuracy@161km" in result.output


def test_places_only_drops_demonyms():
    parsed = _parsed(_resolved(11, 16, _place(36.335, 43.119)),
                     _resolved(28, 33, _place(33.0, 44.0), label="demonym"))
    assert [m.mention.text for m in places_only(parsed).mentions] == ["Mosul"]


def test_eval_command_places_only_and_text_kind(gold_file, gazetteer):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json", "--places-only",
                                       "--text-kind", "prose"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["settings"]["places_only"] and figures["settings"]["text_kind"] == "prose"
    assert figures["summary"]["predicted_mentions"] <= 4  # "Iraqi" is not scored
    bad = CliRunner().invoke(main, ["eval", str(gold_file), "--text-kind", "tweet"])
    assert bad.exit_code == 2 and "'tweet' is not one of" in bad.output


def test_eval_command_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "Error:" in result.output and "no such gold file" in result.output
