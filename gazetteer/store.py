"""The on-disk index: one SQLite file, its schema, and the writer that fills it.

Sources (:mod:`gazetteer.embedded`, :mod:`gazetteer.geonames`, :mod:`gazetteer.custom`) yield
:class:`Entry` objects; :class:`IndexWriter` folds their names, streams them into the tables and
finally denormalises the admin hierarchy (country, admin1 and admin2 names onto every row).

Tables:

``meta(key, value)``
    ``schema_version``, ``complete`` (``"1"`` once the build finished), ``sources`` (JSON),
    ``built_at``, ``build_seconds``, ``counts`` (JSON, per feature).
``places(id, geonameid, name, feature, feature_code, lat, lon, population, country_code,
country, admin1_code, admin1, admin2_code, admin2, derived, source, importance, raw, kind)``
    ``id`` is the GeoNames id, or a negative number for custom places without one; ``raw``
    (JSON) holds source extras and ``names``, the count of distinct main and alias names;
    ``kind`` is a :class:`~gazetteer.place.PlaceKind` value or null.
``names(key, place, name, kind, importance, country_code)``
    folded key → place; ``kind`` is a :class:`NameKind`: the main name, an alias, an
    abbreviation (matched only when the query has a capital letter, so "us" is not the United
    States) or a variant (article/division-word stripped key); ``importance`` and
    ``country_code`` are the place's (copied, so that a look-up ranks and filters a key's
    places from the key's rows alone: one range query by key).
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
    precomputed data: ``cities`` (city coordinates for reverse lookup),
    :data:`WELL_KNOWN_KEYS` (the keys of well-known places, newline-separated) and
    :data:`NAME_KEYS` (a :class:`~gazetteer.keyfilter.KeyFilter` of every key of ``names``).
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Iterable

import numpy as np

from gazetteer.keyfilter import KeyFilter
from gazetteer.normalize import fold, is_abbreviation, is_junk_alias, variants
from gazetteer.place import NATURAL_FEATURE_CODES, PlaceKind, well_known

__all__ = ["SCHEMA_VERSION", "Entry", "IndexWriter", "NameKind", "IMPORTANCE_WEIGHT",
           "NAME_KEYS", "WELL_KNOWN_KEYS", "fuzzy_bucket"]

#: Bump whenever the schema or the meaning of a column changes: older files are rebuilt.
SCHEMA_VERSION = 15  # 10: places.kind (PlaceKind) instead of raw["kind"]; 11: well-known keys;
#                     12: names.importance; 13: the name-key filter; 14: names.country_code;
#                     15: GeoNames' own division and region points (raw["point"] = "geonames")
#: The blob of the keys of well-known places (:func:`gazetteer.place.well_known`; schema 11).
WELL_KNOWN_KEYS = "well_known_keys"
#: The blob of the filter of all name keys (schema 13).
NAME_KEYS = "name_keys"


class NameKind(IntEnum):
    """How a key of the ``names`` table reaches its place (stored as the integer; a key
    reached several ways keeps the lowest)."""

    NAME = 0
    ALIAS = 1
    #: a short all-capital form ("US", "NSW"): matched only by a query with a capital letter
    ABBREVIATION = 2
    #: a name or alias without its leading article or trailing division word
    VARIANT = 3


# The members as module globals: the build's inner loops use them millions of times, and an
# Enum class attribute costs about 0.2 µs in Python 3.11.
_NAME, _ALIAS, _ABBREVIATION, _VARIANT = (NameKind.NAME, NameKind.ALIAS, NameKind.ABBREVIATION,
                                          NameKind.VARIANT)

#: The gazetteer's own search ranking: importance = (population + 1) × this weight of the
#: feature kind; it orders same-name places (a city above its namesake district, a country
#: above its namesake cities) and so decides which make a name's first ``limit`` candidates.
#: Not the resolver's weights of the feature kinds (fitted, in
#: ``geonews/data/resolver_weights.json``), which re-rank those candidates in context: the
#: gazetteer is a stand-alone library and must rank a name's places without a resolver.
IMPORTANCE_WEIGHT = {"continent": 3.0, "country": 3.0, "ADM1": 0.5, "ADM2": 0.3, "city": 1.0,
                     "other": 0.5}
#: National capitals dominate news usage (Washington, Baghdad): their importance weight is
#: multiplied by this.
_CAPITAL_IMPORTANCE_FACTOR = 10.0
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
    raw TEXT, kind TEXT);
CREATE TABLE names(key TEXT NOT NULL, place INTEGER NOT NULL, name TEXT NOT NULL,
    kind INTEGER NOT NULL, importance REAL NOT NULL, country_code TEXT,
    PRIMARY KEY(key, place)) WITHOUT ROWID;
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
    ``codes`` are ``(code, kind)`` pairs; importance is population × :data:`IMPORTANCE_WEIGHT`
    unless ``raw["importance"]`` is set.

    Why not :class:`~gazetteer.place.Place`: an entry is the build side's working record. It
    is mutable (a build derives points, populations and capitals across entries and merges
    layers into them), has the internal ``id`` (negative for places without a GeoNames id)
    and the names, codes, demonyms and outline the writer indexes, and lacks the admin names,
    which only :meth:`IndexWriter.finish` knows (from other rows). A ``Place`` is the frozen
    query-side value read back from the ``places`` row this writes; the two share the field
    names of that row, and the one conversion each way is :meth:`IndexWriter.add` and
    ``gazetteer.gazetteer._build_place``.
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
    #: what a place of feature ``other`` is; a natural feature is recognised by its code when
    #: the source does not say (see :meth:`IndexWriter.add`)
    kind: PlaceKind | None = None
    trusted_aliases: bool = False
    geojson: str | None = None
    #: A layer entry that gives only some fields: the others come from the entry it overrides.
    partial: bool = False

    @property
    def geonameid(self) -> int | None:
        return self.id if self.id > 0 else None


class IndexWriter:
    """Streams entries into a new index file, then fills in the hierarchy names.

    Base entries (:meth:`add`) are written in batches and never held all at once, so a
    12-million-row GeoNames dump builds in bounded memory. Layer entries (:meth:`layer`,
    custom places) are merged with the place of the same id if there is one: the base's names
    stay, the layer's are added, and a ``partial`` layer entry keeps the base's fields it does
    not give. :meth:`finish` resolves country/admin1/admin2 names from the admin codes,
    writes the reverse-lookup points, indexes and the ``meta`` table.
    """

    BATCH = 20_000

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.count = 0
        con.executescript(_SCHEMA)
        self._places: list[tuple] = []
        self._names: list[tuple] = []
        self._fuzzy: list[tuple] = []
        self._codes: list[tuple] = []
        self._demonyms: list[tuple] = []
        self._shapes: list[tuple] = []

    def add(self, entry: Entry) -> None:
        """Write a base entry (a later entry with the same id replaces the row)."""
        e = entry
        weight = IMPORTANCE_WEIGHT.get(e.feature, 0.5)
        if e.feature_code == "PPLC":
            weight *= _CAPITAL_IMPORTANCE_FACTOR
        importance = float(e.raw.get("importance", (e.population + 1) * weight))
        keys = _entry_keys(e)
        # How many distinct names (main and aliases, in all languages) the place has: how
        # well known it is (a layer keeps the larger count of the base and its own).
        names = max(sum(kind in (_NAME, _ALIAS) for _, kind in keys.values()),
                    int(e.raw.get("names", 0)))
        raw = {**e.raw, "names": names}
        self._places.append((
            e.id, e.geonameid, e.name, e.feature, e.feature_code, e.lat, e.lon, e.population,
            e.country_code, e.name if e.feature == "country" else None, e.admin1_code, None,
            e.admin2_code, None, int(e.derived), e.source, importance,
            json.dumps(raw, ensure_ascii=False), _kind(e)))
        for key, (name, kind) in keys.items():
            self._names.append((key, e.id, name, int(kind), importance, e.country_code))
            if kind is not _ABBREVIATION:
                self._fuzzy.append((fuzzy_bucket(key[0], len(key)), key))
        self._codes += [(code, e.id, kind)
                        for code, kind in dict.fromkeys((c.upper(), k) for c, k in e.codes)]
        self._demonyms += [(fold(w), e.id, w) for w in dict.fromkeys(e.demonyms) if fold(w)]
        if e.geojson:
            self._shapes.append((e.id, e.geojson))
        self.count += 1
        if len(self._places) >= self.BATCH:
            self.flush()

    def layer(self, entry: Entry) -> None:
        """Write a layer entry over the place with the same id, if any (see the class doc)."""
        self.flush()
        row = self.con.execute(
            "SELECT feature, population, country_code, admin1_code, admin2_code, feature_code, "
            "raw, kind FROM places WHERE id = ?", (entry.id,)).fetchone()
        if row is not None and entry.partial:
            entry.feature = row[0]
            entry.population = entry.population or row[1]
            for attr, value in zip(("country_code", "admin1_code", "admin2_code",
                                    "feature_code"), row[2:6], strict=True):
                if getattr(entry, attr) is None:
                    setattr(entry, attr, value)
            entry.raw = {**(json.loads(row[6]) if row[6] else {}), **entry.raw}
            entry.kind = entry.kind or (PlaceKind(row[7]) if row[7] else None)
        self.add(entry)
        self.flush()

    def flush(self) -> None:
        con = self.con
        con.executemany("INSERT OR REPLACE INTO places VALUES "
                        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self._places)
        con.executemany("INSERT OR REPLACE INTO names VALUES (?,?,?,?,?,?)", self._names)
        con.executemany("INSERT OR IGNORE INTO fuzzy_keys VALUES (?,?)", self._fuzzy)
        con.executemany("INSERT OR IGNORE INTO codes VALUES (?,?,?)", self._codes)
        con.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?,?)", self._demonyms)
        con.executemany("INSERT OR REPLACE INTO shapes VALUES (?,?)", self._shapes)
        for rows in (self._places, self._names, self._fuzzy, self._codes, self._demonyms,
                     self._shapes):
            rows.clear()

    def finish(self, meta: dict[str, str]) -> dict[str, int]:
        """Fill hierarchy names, points blob, indexes and meta; returns counts per feature."""
        self.flush()
        con = self.con
        con.executescript(_INDEXES)
        # code -> name of the place that owns the code (countries, current divisions)
        con.executescript("""
            CREATE TEMP TABLE code_names(code TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
            INSERT OR IGNORE INTO code_names
                SELECT code, name FROM (
                    SELECT country_code AS code, name, 0 AS rank, id FROM places
                        WHERE feature = 'country' AND country_code IS NOT NULL
                    UNION ALL
                    SELECT admin1_code, name, 1, id FROM places
                        WHERE feature = 'ADM1' AND admin1_code IS NOT NULL
                        AND coalesce(feature_code, '') NOT LIKE '%H'
                    UNION ALL
                    SELECT admin2_code, name, 2, id FROM places
                        WHERE feature = 'ADM2' AND admin2_code IS NOT NULL
                        AND coalesce(feature_code, '') NOT LIKE '%H')
                ORDER BY rank, (id IN (SELECT place FROM codes)) DESC, id;
            UPDATE places SET country = c.name FROM code_names c
                WHERE c.code = places.country_code AND places.feature != 'country';
            UPDATE places SET admin1 = c.name FROM code_names c WHERE c.code = places.admin1_code;
            UPDATE places SET admin2 = c.name FROM code_names c WHERE c.code = places.admin2_code;
            DROP TABLE code_names;
            -- names a replaced or layered place kept from before carry its old importance
            -- and country
            UPDATE names SET importance = p.importance, country_code = p.country_code
                FROM places p WHERE p.id = names.place AND (names.importance != p.importance
                OR names.country_code IS NOT p.country_code);
        """)
        points = np.array(con.execute(
            "SELECT id, lat, lon FROM places WHERE feature = 'city' ORDER BY id").fetchall(),
            dtype=np.float64).reshape(-1, 3)
        con.execute("INSERT INTO blobs VALUES ('cities', ?)", (points.tobytes(),))
        con.create_function("well_known", 3, well_known, deterministic=True)
        known = con.execute("SELECT DISTINCT key FROM names WHERE place IN (SELECT id FROM "
                            "places WHERE well_known(feature, feature_code, population)) "
                            "ORDER BY key").fetchall()
        con.execute("INSERT INTO blobs VALUES (?, ?)",
                    (WELL_KNOWN_KEYS, "\n".join(key for key, in known).encode()))
        keys = KeyFilter.of(key for key, in con.execute("SELECT DISTINCT key FROM names"))
        con.execute("INSERT INTO blobs VALUES (?, ?)", (NAME_KEYS, keys.to_bytes()))
        counts = dict(con.execute("SELECT feature, count(*) FROM places GROUP BY feature "
                                  "ORDER BY min(CASE feature WHEN 'continent' THEN 0 WHEN "
                                  "'country' THEN 1 WHEN 'ADM1' THEN 2 WHEN 'ADM2' THEN 3 WHEN "
                                  "'city' THEN 4 ELSE 5 END)"))
        meta = dict(meta, schema_version=str(SCHEMA_VERSION), counts=json.dumps(counts))
        con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", sorted(meta.items()))
        return counts


def _kind(e: Entry) -> str | None:
    """The stored :class:`PlaceKind` of an entry: the source's, else a natural feature by its
    GeoNames code (:data:`~gazetteer.place.NATURAL_FEATURE_CODES`)."""
    if e.kind is None and e.feature == "other" and e.feature_code in NATURAL_FEATURE_CODES:
        return PlaceKind.NATURAL_FEATURE.value
    return e.kind.value if e.kind is not None else None


def _entry_keys(e: Entry) -> dict[str, tuple[str, NameKind]]:
    """Every folded key of an entry with the best (lowest) kind it is reached by."""
    out: dict[str, tuple[str, NameKind]] = {}

    def put(key: str, name: str, kind: NameKind) -> None:
        if key and (key not in out or out[key][1] > kind):
            out[key] = (name, kind)

    main = fold(e.name)
    put(main, e.name, _NAME)
    keeps_codes = e.feature in _FEATURES_WITH_ABBREVIATIONS
    for alias in e.aliases:
        if not alias or alias == e.name:
            continue
        if is_abbreviation(alias):
            if keeps_codes or e.trusted_aliases:
                put(fold(alias), alias, _ABBREVIATION)
        elif e.trusted_aliases or not is_junk_alias(alias):
            put(fold(alias), alias, _ALIAS)
    for abbr in e.abbreviations:
        put(fold(abbr), abbr, _ABBREVIATION)
    for key, (name, kind) in list(out.items()):
        if kind is not _ABBREVIATION:
            for v in variants(key):
                put(v, name, _VARIANT)
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
