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
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from geonews.evaluation.accuracy import GoldFocus, gold_focus, read_gold
from geonews.models import NO_FOCUS, Focus
from geonews.outputs.documents import focus_by_document
from geonews.resolution.focus import WEIGHTS, FocusWeights
from geonews.parsing.geoparser import Geoparser
from geonews.records.schema import records as schema_records

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


def _line(label: str, counts: tuple[int, int, int, int]) -> str:
    c, cn, a, an = counts
    return (f"  {label:<46} country {c / cn if cn else 0:.3f} ({c}/{cn})   "
            f"admin1 {a / an if an else 0:.3f} ({a}/{an})")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("gold", nargs="+")
    args.add_argument("--limit", type=int, default=None)
    args.add_argument("--cache", type=Path, default=None)
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


if __name__ == "__main__":
    main()
