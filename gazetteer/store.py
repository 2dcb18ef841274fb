"""The on-disk index: one SQLite file, its schema, and the writer that fills it.

Sources (:mod:`gazetteer.embedded`, :mod:`gazetteer.geonames`, :mod:`gazetteer.custom`) yield
:class:`Entry` objects; :class:`IndexWriter` folds their names, denormalises the admin hierarchy
(country, admin1 and admin2 names onto every row) and writes the tables.

Tables:

``meta(key, value)``
    ``schema_version``, ``complete`` (``"1"`` once the build finished), ``sources`` (JSON),
    ``built_at``, ``build_seconds``, ``counts`` (JSON, per feature).
``places(id, geonameid, name, feature, feature_code, lat, lon, population, country_code,
country, admin1_code, admin1, admin2_code, admin2, derived, source, importance, raw)``
    ``id`` is the GeoNames id, or a negative number for custom places without one.
``names(key, place, name, kind)``
    folded key → place; ``kind`` is :data:`NAME`, :data:`ALIAS`, :data:`ABBREVIATION` (matched
    only when the query has a capital letter, so "us" is not the United States) or
    :data:`VARIANT` (article/division-word stripped key).
``fuzzy_keys(bucket, key)``
    distinct keys bucketed by first character and length, for fuzzy search.
``codes(code, place, kind)``
    ISO 3166-1 alpha-2/alpha-3, ISO 3166-2 and GeoNames admin codes (``IQ``, ``IRQ``,
    ``IQ-NI``, ``IQ.15``, ``IQ.15.9166649``), upper case.
``demonyms(key, place, word)``
    ``"iraqi"`` → Iraq.
``shapes(place, geojson)``
    country outlines where a source ships them.
``blobs(name, data)``
    precomputed arrays (city coordinates for reverse lookup).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from gazetteer.normalize import fold, is_abbreviation, is_junk_alias, variants

__all__ = ["SCHEMA_VERSION", "Entry", "IndexWriter", "NAME", "ALIAS", "ABBREVIATION", "VARIANT",
           "FEATURE_WEIGHT", "fuzzy_bucket"]

#: Bump whenever the schema or the meaning of a column changes: older files are rebuilt.
SCHEMA_VERSION = 5

NAME, ALIAS, ABBREVIATION, VARIANT = 0, 1, 2, 3

#: Importance = population × weight; ranks same-name places (a city above its namesake
#: district, a country above its namesake cities).
FEATURE_WEIGHT = {"continent": 3.0, "country": 3.0, "ADM1": 0.5, "ADM2": 0.3, "city": 1.0,
                  "other": 0.5}
_CAPITAL_WEIGHT = 10.0  # national capitals dominate news usage (Washington, Baghdad)
#: Kinds whose short all-capital aliases are kept (as abbreviations); for cities they are
#: airport codes.
_FEATURES_WITH_ABBREVIATIONS = frozenset({"continent", "country", "ADM1", "ADM2"})

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE places(
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, feature TEXT NOT NULL,
    feature_code TEXT, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
    country_code TEXT, country TEXT, admin1_code TEXT, admin1 TEXT, admin2_code TEXT,
    admin2 TEXT, derived INTEGER NOT NULL, source TEXT NOT NULL, importance REAL NOT NULL,
    raw TEXT);
CREATE TABLE names(key TEXT NOT NULL, place INTEGER NOT NULL, name TEXT NOT NULL,
    kind INTEGER NOT NULL, PRIMARY KEY(key, place)) WITHOUT ROWID;
CREATE TABLE fuzzy_keys(bucket INTEGER NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY(bucket, key)) WITHOUT ROWID;
CREATE TABLE codes(code TEXT NOT NULL, place INTEGER NOT NULL, kind TEXT NOT NULL,
    PRIMARY KEY(code, place)) WITHOUT ROWID;
CREATE TABLE demonyms(key TEXT NOT NULL, place INTEGER NOT NULL, word TEXT NOT NULL,
    PRIMARY KEY(key, place)) WITHOUT ROWID;
CREATE TABLE shapes(place INTEGER PRIMARY KEY, geojson TEXT NOT NULL);
CREATE TABLE blobs(name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX places_feature ON places(feature);
"""


def fuzzy_bucket(first: str, length: int) -> int:
    """The fuzzy-search bucket of keys starting with ``first`` and ``length`` long (≤ 63)."""
    return ord(first) * 64 + max(0, min(length, 63))


@dataclass(slots=True)
class Entry:
    """One place as a source yields it, before hierarchy names are filled in.

    ``aliases`` are alternate names (junk is filtered by the writer unless ``trusted``);
    ``codes`` are ``(code, kind)`` pairs; importance is population × :data:`FEATURE_WEIGHT`
    unless ``raw["importance"]`` is set.
    """

    id: int
    name: str
    feature: str
    lat: float
    lon: float
    population: int = 0
    country_code: str | None = None
    admin1_code: str | None = None
    admin2_code: str | None = None
    feature_code: str | None = None
    derived: bool = False
    source: str = "geonames"
    aliases: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    trusted_aliases: bool = False
    geojson: str | None = None
    #: A layer entry that gives only some fields: the others come from the entry it overrides.
    partial: bool = False

    @property
    def geonameid(self) -> int | None:
        return self.id if self.id > 0 else None


class IndexWriter:
    """Collects entries (later ones with the same id override earlier ones), then writes.

    Usage: ``w = IndexWriter(); w.add_all(entries); w.write(connection, sources, progress)``.
    """

    def __init__(self) -> None:
        self.entries: dict[int, Entry] = {}

    def add(self, entry: Entry) -> None:
        old = self.entries.get(entry.id)
        if old is not None and entry.source != old.source:
            # A layer over the base keeps the base's names and adds its own.
            entry.aliases = old.aliases + [old.name] + entry.aliases
            entry.abbreviations = old.abbreviations + entry.abbreviations
            entry.codes = old.codes + entry.codes
            entry.demonyms = old.demonyms + entry.demonyms
            entry.geojson = entry.geojson or old.geojson
            if entry.partial:
                entry.feature = old.feature
                entry.population = entry.population or old.population
                for attr in ("country_code", "admin1_code", "admin2_code", "feature_code"):
                    if getattr(entry, attr) is None:
                        setattr(entry, attr, getattr(old, attr))
                entry.raw = {**old.raw, **entry.raw}
        self.entries[entry.id] = entry

    def add_all(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.add(entry)

    # ------------------------------------------------------------------ writing
    def write(self, con: sqlite3.Connection, meta: dict[str, str], tick=lambda n: None) -> Counter:
        """Create the schema and write every entry; returns counts per feature."""
        con.executescript(_SCHEMA)
        names_by_code = self._names_by_code()
        counts: Counter = Counter()
        place_rows, name_rows, code_rows, demonym_rows, shape_rows = [], [], [], [], []
        fuzzy: set[tuple[int, str]] = set()
        for i, e in enumerate(self.entries.values()):
            counts[e.feature] += 1
            weight = FEATURE_WEIGHT.get(e.feature, 0.5)
            if e.feature_code == "PPLC":
                weight *= _CAPITAL_WEIGHT
            importance = float(e.raw.get("importance", (e.population + 1) * weight))
            place_rows.append((
                e.id, e.geonameid, e.name, e.feature, e.feature_code, e.lat, e.lon, e.population,
                e.country_code, names_by_code.get(e.country_code) if e.feature != "country"
                else e.name,
                e.admin1_code, names_by_code.get(e.admin1_code),
                e.admin2_code, names_by_code.get(e.admin2_code),
                int(e.derived), e.source, importance,
                json.dumps(e.raw, ensure_ascii=False) if e.raw else None))
            for key, (name, kind) in _entry_keys(e).items():
                name_rows.append((key, e.id, name, kind))
                if kind != ABBREVIATION:
                    fuzzy.add((fuzzy_bucket(key[0], len(key)), key))
            for code, kind in dict.fromkeys((c.upper(), k) for c, k in e.codes):
                code_rows.append((code, e.id, kind))
            for word in dict.fromkeys(e.demonyms):
                key = fold(word)
                if key:
                    demonym_rows.append((key, e.id, word))
            if e.geojson:
                shape_rows.append((e.id, e.geojson))
            if i % 20000 == 19999:
                self._flush(con, place_rows, name_rows)
                tick(20000)
        self._flush(con, place_rows, name_rows)
        tick(len(self.entries) % 20000)
        con.executemany("INSERT OR IGNORE INTO codes VALUES (?,?,?)", code_rows)
        con.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?,?)", demonym_rows)
        con.executemany("INSERT INTO shapes VALUES (?,?)", shape_rows)
        con.executemany("INSERT INTO fuzzy_keys VALUES (?,?)", sorted(fuzzy))
        con.execute("INSERT INTO blobs VALUES ('cities', ?)", (self._city_points(),))
        con.executescript(_INDEXES)
        meta = dict(meta, schema_version=str(SCHEMA_VERSION), counts=json.dumps(dict(counts)))
        con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", sorted(meta.items()))
        return counts

    @staticmethod
    def _flush(con: sqlite3.Connection, place_rows: list, name_rows: list) -> None:
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        place_rows)
        con.executemany("INSERT OR REPLACE INTO names VALUES (?,?,?,?)", name_rows)
        place_rows.clear()
        name_rows.clear()

    def _names_by_code(self) -> dict[str, str]:
        """Country code → country name, admin code → division name."""
        out: dict[str, str] = {}
        for e in self.entries.values():
            if e.feature_code and e.feature_code.endswith("H"):  # historical divisions
                continue
            if e.feature == "country" and e.country_code:
                out.setdefault(e.country_code, e.name)
            elif e.feature == "ADM1" and e.admin1_code:
                out.setdefault(e.admin1_code, e.name)
            elif e.feature == "ADM2" and e.admin2_code:
                out.setdefault(e.admin2_code, e.name)
        return out

    def _city_points(self) -> bytes:
        """``int64 ids, float64 lat, float64 lon`` of every city, for reverse lookup."""
        cities = [(e.id, e.lat, e.lon) for e in self.entries.values() if e.feature == "city"]
        arr = np.array(cities, dtype=np.float64).reshape(-1, 3)
        return arr.tobytes()


def _entry_keys(e: Entry) -> dict[str, tuple[str, int]]:
    """Every folded key of an entry with the best (lowest) kind it is reached by."""
    out: dict[str, tuple[str, int]] = {}

    def put(key: str, name: str, kind: int) -> None:
        if key and (key not in out or out[key][1] > kind):
            out[key] = (name, kind)

    main = fold(e.name)
    put(main, e.name, NAME)
    keeps_codes = e.feature in _FEATURES_WITH_ABBREVIATIONS
    for alias in e.aliases:
        if not alias or alias == e.name:
            continue
        if is_abbreviation(alias):
            if keeps_codes or e.trusted_aliases:
                put(fold(alias), alias, ABBREVIATION)
        elif e.trusted_aliases or not is_junk_alias(alias):
            put(fold(alias), alias, ALIAS)
    for abbr in e.abbreviations:
        put(fold(abbr), abbr, ABBREVIATION)
    for key, (name, kind) in list(out.items()):
        if kind != ABBREVIATION:
            for v in variants(key):
                put(v, name, VARIANT)
    return out


def spherical_mean(points: Iterable[tuple[float, float, float]]) -> tuple[float, float] | None:
    """Weighted mean of ``(lat, lon, weight)`` points on the sphere (antimeridian safe)."""
    x = y = z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    norm = math.sqrt(x * x + y * y + z * z)
    if norm == 0:
        return None
    return (round(math.degrees(math.asin(z / norm)), 5), round(math.degrees(math.atan2(y, x)), 5))
