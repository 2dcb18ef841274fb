"""Article focus against the gold focus (docs/accuracy.md, "Article focus"), and the check of
the focus weights, out of fold.

    python benchmarks/focus.py ../shared/eval/geowebnews.jsonl ../shared/eval/lgl-train.jsonl \\
        [--limit N] [--cache DIR]

Parses each gold file once (recognition + resolution; with ``--cache`` the mention records
are kept in ``DIR/<file stem>.jsonl`` and reused), computes each article's gold focus
(:func:`geonews.evaluation.accuracy.gold_focus`) and its predicted focus from the mention records
(:func:`geonews.outputs.documents.focus_by_document`, as ``regions``/``mentions``/``map`` do on parse
output), and prints country and first-level division agreement for each setting in
:data:`SETTINGS` (the default :data:`geonews.resolution.focus.WEIGHTS` marked). The "out of fold" line
picks the setting on the even-numbered articles and scores it on the odd-numbered ones, and
the other way round (summed).

With ``--causes`` it also sorts the articles whose focus (default weights) disagrees with the
gold focus by the first repair that makes it agree (:data:`CAUSES`): the predicted mentions on
a gold toponym moved to its gold place (a *resolution* error), then the predicted mentions on
no gold toponym dropped (*false positive*), then the missed gold toponyms added at their gold
places (*recognition miss*); what none of them fixes is the *focus rule* (its weights against
the gold's plain count).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from gazetteer.place import Place
from geonews.evaluation.accuracy import (GoldDocument, GoldFocus, GoldPlaces, gold_focus,
                                         gold_place, read_gold)
from geonews.models import NO_FOCUS, Focus, Mention, ResolvedMention
from geonews.outputs.documents import focus_by_document
from geonews.resolution.focus import WEIGHTS, FocusWeights, article_focus
from geonews.parsing.geoparser import Geoparser
from geonews.records.schema import records as schema_records
from geonews.records.schema import records_by_document, resolved_from_record

#: The weights compared: lead weight 1 (none) to 3, approximate placements left out or
#: counted, mentions of a country itself counted half, three quarters or fully, demonyms
#: counted half or fully (on top).
SETTINGS = tuple(FocusWeights(lead, approximate, country, demonym)
                 for lead in (1.0, 1.5, 2.0, 3.0) for approximate in (0.0, 1.0)
                 for country in (0.5, 0.75, 1.0) for demonym in (0.5, 1.0))


def _records(path: Path, parser: Geoparser, gold: list, cache: Path | None) -> list[dict]:
    stored = cache / f"{path.stem}.jsonl" if cache else None
    if stored is not None and stored.is_file():
        return [json.loads(line) for line in stored.open(encoding="utf-8")]
    rows = [r for p in parser.parse_documents(g.document for g in gold)
            for r in schema_records(p)]
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                          encoding="utf-8")
    return rows


def _agreement(pairs: list[tuple[GoldFocus, Focus]]) -> tuple[int, int, int, int]:
    """(country agreeing, with gold country, admin1 agreeing, with gold admin1)."""
    c = sum(g.country is not None and f.country is not None and f.country.code == g.country
            for g, f in pairs)
    a = sum(g.admin1 is not None and f.admin1 is not None and f.admin1.code == g.admin1
            for g, f in pairs)
    return (c, sum(g.country is not None for g, _ in pairs), a,
            sum(g.admin1 is not None for g, _ in pairs))


#: The repairs tried in turn on an article whose focus disagrees with the gold focus.
CAUSES = ("resolution", "false positive", "recognition miss")


def _repairs(gold: GoldDocument, predicted: list[ResolvedMention],
             placed: list[Place | None]) -> list[list[ResolvedMention]]:
    """``predicted`` as parsed, then after each repair of :data:`CAUSES` in turn (``placed``:
    the gold place of each gold toponym)."""
    def on(r: ResolvedMention) -> int | None:
        return next((i for i, t in enumerate(gold.toponyms)
                     if t.start < r.mention.end and r.mention.start < t.end), None)

    resolved = [r if on(r) is None else replace(r, place=placed[on(r)], approximation=None)
                for r in predicted if on(r) is None or placed[on(r)] is not None]
    kept = [r for r in resolved if on(r) is not None]
    covered = {on(r) for r in kept}
    missed = [ResolvedMention(Mention(gold.document.id, t.start, t.end, t.text,
                                      "demonym" if t.type == "Demonym" else "place",
                                      t.start, t.end), placed[i], 1.0)
              for i, t in enumerate(gold.toponyms) if i not in covered and placed[i]]
    return [predicted, resolved, kept, sorted([*kept, *missed], key=lambda r: r.mention.start)]


def _causes(gold: list[GoldDocument], golds: list[GoldFocus], rows: list[dict],
            gazetteer: GoldPlaces) -> Counter:
    """``(level, cause)`` counts over the articles whose focus disagrees at that level."""
    by_doc = records_by_document(rows)
    counts: Counter = Counter()
    for g, gf in zip(gold, golds):
        predicted = [resolved_from_record(r) for r in by_doc.get(g.document.id, [])]
        steps = _repairs(g, predicted, [gold_place(t, gazetteer) for t in g.toponyms])
        for level in ("country", "admin1"):
            want = getattr(gf, level)
            if want is None:
                continue
            agree = [(p := getattr(article_focus(s), level)) is not None and p.code == want
                     for s in steps]
            if not agree[0]:
                counts[level, next((c for c, ok in zip(CAUSES, agree[1:]) if ok),
                                   "focus rule")] += 1
    return counts


def _line(label: str, counts: tuple[int, int, int, int]) -> str:
    c, cn, a, an = counts
    return (f"  {label:<46} country {c / cn if cn else 0:.3f} ({c}/{cn})   "
            f"admin1 {a / an if an else 0:.3f} ({a}/{an})")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("gold", nargs="+")
    args.add_argument("--limit", type=int, default=None)
    args.add_argument("--cache", type=Path, default=None)
    args.add_argument("--causes", action="store_true",
                      help="sort the disagreeing articles by cause")
    options = args.parse_args()
    parser = Geoparser()
    for name in options.gold:
        path = Path(name)
        gold = list(read_gold(path, limit=options.limit))
        rows = _records(path, parser, gold, options.cache)
        golds = [gold_focus(g, parser.gazetteer) for g in gold]
        by_weights = {}
        for weights in SETTINGS:
            focus = focus_by_document(rows, weights=weights)
            by_weights[weights] = [(gf, focus.get(g.document.id, NO_FOCUS))
                                   for g, gf in zip(gold, golds)]
        print(f"{path.name}: {len(gold)} articles")
        for weights, pairs in by_weights.items():
            mark = " *" if weights == WEIGHTS else ""
            label = (f"lead {weights.lead:g} approx {weights.approximate:g} "
                     f"country {weights.country:g} demonym {weights.demonym:g}")
            print(_line(label + mark, _agreement(pairs)))
        totals = (0, 0, 0, 0)
        for fit, test in ((0, 1), (1, 0)):
            def score(weights: FocusWeights, half: int) -> tuple[int, int, int, int]:
                return _agreement(by_weights[weights][half::2])
            best = max(SETTINGS, key=lambda w: score(w, fit)[0] + score(w, fit)[2])
            totals = tuple(t + s for t, s in zip(totals, score(best, test)))
        print(_line("out of fold", totals))
        if options.causes:
            counts = _causes(gold, golds, rows, parser.gazetteer)
            for level in ("country", "admin1"):
                print(f"  {level} disagreements by cause: " + ", ".join(
                    f"{cause} {counts[level, cause]}" for cause in (*CAUSES, "focus rule")))


if __name__ == "__main__":
    main()
