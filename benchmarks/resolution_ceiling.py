"""How far given-span resolution can get with a gazetteer: the share of located gold
toponyms that any reading the resolver could choose places within 161 km.

    python benchmarks/resolution_ceiling.py ../shared/eval/geowebnews.jsonl \\
        ../shared/eval/lgl-train.jsonl ../shared/eval/geocorpora-train.jsonl \\
        ../shared/eval/wiktor.jsonl [--cache /tmp/geonews-train] [--gazetteer PATH] [--top 15]

For every located gold toponym (gold spans given, as ``geonews eval --given-spans``):

* *right candidate*: the candidate finder, with no limit on the readings per name (short forms,
  demonyms and inner names included, as resolution looks them up), returns a place within
  161 km of the gold point;
* *right stand-in*: no candidate is right, but the resolver (packaged weights) placed it within
  161 km all the same (a container, the article's locale, a country);
* *out of reach*: neither. These are places the gazetteer lacks under that name or puts more
  than 161 km from the gold point (a division's or an ocean's point that differs from
  GeoNames'); no scorer can get them right.

The ceiling is (right candidate + right stand-in) / located: the given-span acc@161 a perfect
scorer would reach with this gazetteer. ``--top`` lists the most frequent names out of reach
(name, what was chosen, km from the gold to the nearest candidate). ``--cache`` is the
``geonews train`` cache (skips spaCy, which only supplies the article's context mentions).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from geopy.distance import great_circle

from gazetteer.place import Place
from geonews.evaluation.accuracy import ACCURACY_KM, GoldToponym
from geonews.evaluation.fitting import prepare
from geonews.parsing.geoparser import Geoparser
from geonews.resolution.candidates import CandidateFinder

#: Readings per name asked of the gazetteer: more than any name has.
UNLIMITED = 5000


def _within(gold: GoldToponym, places: Iterable[Place]) -> bool:
    return any(great_circle((gold.lat, gold.lon), p.point).km <= ACCURACY_KM for p in places)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("gold", nargs="+", type=Path)
    args.add_argument("--cache", type=Path, default=None,
                      help="the cache directory of geonews train (skips spaCy)")
    args.add_argument("--gazetteer", type=Path, default=None)
    args.add_argument("--top", type=int, default=0,
                      help="list the N most frequent names out of reach")
    options = args.parse_args()
    parser = Geoparser(gazetteer=options.gazetteer)
    resolver = parser.resolver
    every = CandidateFinder(parser.gazetteer, limit=UNLIMITED)
    print(f"{'file':<20} {'located':>8} {'candidate':>10} {'stand-in':>9} {'out of reach':>13} "
          f"{'ceiling':>8}")
    for path in options.gold:
        counts: Counter = Counter()
        missing: Counter = Counter()
        for article in prepare([path], parser, options.cache):
            gold = {(t.start, t.end): t for t in article.gold.toponyms if t.located}
            for r in resolver.resolve(article.gold.document.text, article.mentions,
                                      context=article.recognised):
                top = gold.get((r.mention.start, r.mention.end))
                if top is None:
                    continue
                candidates = every.find(r.mention.label, r.mention.text)
                if _within(top, (c.place for c in candidates)):
                    counts["candidate"] += 1
                elif r.place is not None and _within(top, [r.place]):
                    counts["stand-in"] += 1
                else:
                    counts["out"] += 1
                    nearest = min((great_circle((top.lat, top.lon), c.place.point).km
                                   for c in candidates), default=None)
                    missing[r.mention.text, r.place.name if r.place else None,
                            None if nearest is None else round(nearest)] += 1
        located = sum(counts.values())
        ceiling = (counts["candidate"] + counts["stand-in"]) / located if located else 0.0
        print(f"{path.stem:<20} {located:>8} {counts['candidate']:>10} {counts['stand-in']:>9} "
              f"{counts['out']:>13} {ceiling:>8.3f}")
        for (name, chosen, km), n in missing.most_common(options.top):
            print(f"    {n:>4}  {name!r} -> {chosen!r}, nearest candidate "
                  f"{'none' if km is None else f'{km} km'}")


if __name__ == "__main__":
    main()
