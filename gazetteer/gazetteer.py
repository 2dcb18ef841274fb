"""The query side: :class:`Gazetteer`, a read-only view of one index file."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
import warnings
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from rapidfuzz import fuzz, process

from gazetteer.build import BuildSpec, build_index, index_status, read_only_uri
from gazetteer.errors import GazetteerCorrupt, GazetteerError, GazetteerNotBuilt
from gazetteer.normalize import fold, variants
from gazetteer.paths import default_path
from gazetteer.place import Candidate, MatchKind, Place, PlaceKind
from gazetteer.keyfilter import KeyFilter
from gazetteer.store import NAME_KEYS, WELL_KNOWN_KEYS, NameKind, fuzzy_bucket

__all__ = ["Gazetteer", "EARTH_RADIUS_KM"]

_PLACE_COLUMNS = ("p.id, p.geonameid, p.name, p.feature, p.lat, p.lon, p.population, "
                  "p.country_code, p.country, p.admin1_code, p.admin1, p.admin2_code, p.admin2, "
                  "p.feature_code, p.derived, p.source, p.raw, p.importance, p.kind")
#: Mean Earth radius (IUGG), for great-circle distances.
EARTH_RADIUS_KM = 6371.0088
#: Rows fetched per name key before ranking (the most important first).
_MAX_ROWS = 1000
#: Look-ups of fewer readings than this look up this many and keep the first ones
#: (:meth:`Gazetteer.candidates`).
SHARED_LIMIT = 25
#: Places kept built (by index row) before that cache is cleared.
_PLACES_KEPT = 100_000
#: Name keys whose rows (or that they have none) are kept read.
_KEYS_KEPT = 10_000
#: Minimum rapidfuzz ratio (0-100) of a fuzzy key.
FUZZY_CUTOFF = 80.0
#: Shorter folded names are not fuzzy-matched (too many near neighbours).
FUZZY_MIN_LENGTH = 4
#: ``(tier, match, name_score)`` of a name row found under the query's own key, by the row's
#: :class:`NameKind` and whether the name is written as the query is (up to case); a row
#: found under a variant key of the query is :data:`_VARIANT_TIER`.
_VARIANT_TIER = (1, MatchKind.VARIANT, 0.8)
_EXACT_TIERS = {
    (NameKind.NAME, True): (0, MatchKind.EXACT, 1.0),
    (NameKind.NAME, False): (0, MatchKind.FOLDED, 0.9),
    **{(kind, written): (0, MatchKind.ALIAS, 0.95) if written
       else (0, MatchKind.FOLDED_ALIAS, 0.85)
       for kind in (NameKind.ALIAS, NameKind.ABBREVIATION) for written in (True, False)},
    (NameKind.VARIANT, True): _VARIANT_TIER,
    (NameKind.VARIANT, False): _VARIANT_TIER,
}
# the stored integers
_VARIANT = NameKind.VARIANT.value
_ABBREVIATION = NameKind.ABBREVIATION.value


#: The extras of a place decoded from their JSON text, shared by the places with the same
#: text (most share theirs: a time zone and a name count), so read only.
_decoded_raw = lru_cache(maxsize=16_384)(json.loads)


def _build_place(row: tuple) -> Place:
    raw = _decoded_raw(row[16]) if row[16] else None
    kind = PlaceKind(row[18]) if row[18] else None
    return Place(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                 row[10], row[11], row[12], row[13], bool(row[14]), row[15], kind, raw)


class Gazetteer:
    """A read-only gazetteer index (SQLite), safe to share between threads and to pickle.

    Open with :meth:`open`; every query method is read-only. Pickling stores only the path,
    so Dask and multiprocessing workers reopen the same file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._points: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._places: dict[int, Place] = {}
        self._lookup = lru_cache(maxsize=100_000)(self._lookup_uncached)
        self._is_name = lru_cache(maxsize=200_000)(self._is_name_uncached)
        self._key_rows = lru_cache(maxsize=_KEYS_KEPT)(self._key_rows_uncached)
        self._get = lru_cache(maxsize=20_000)(self._get_uncached)
        self._by_code = lru_cache(maxsize=20_000)(self._by_code_uncached)
        self._fuzzy_pool = lru_cache(maxsize=256)(self._fuzzy_pool_uncached)
        self._con()  # fail now, not at the first query, if the file is unreadable

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, build: bool = True,
             progress: bool | None = None) -> "Gazetteer":
        """Open the index at ``path`` (default: ``$GEONEWS_GAZETTEER`` or the user cache).

        A missing, stale (older schema) or corrupt index is (re)built when ``build`` is true —
        from the sources it was built from if they are known and still there, else from the
        embedded default — and otherwise raises :class:`GazetteerNotBuilt` or
        :class:`GazetteerCorrupt`.
        """
        target = Path(path).expanduser() if path is not None else default_path()
        usable, reason, meta = index_status(target)
        if usable:
            return cls(target)
        if not build:
            if reason == "missing":
                raise GazetteerNotBuilt(
                    f"no gazetteer index at {target}; run `geonews gazetteer build`")
            raise GazetteerCorrupt(
                f"the gazetteer index {target} is {reason}; run `geonews gazetteer build`")
        spec = BuildSpec()
        if meta.get("spec"):
            try:
                spec = BuildSpec.from_json(meta["spec"])
            except (ValueError, TypeError, GazetteerError):
                spec = BuildSpec()
        if reason != "missing":
            warnings.warn(f"gazetteer index {target} is {reason}; rebuilding it", stacklevel=2)
        build_index(target, spec, progress=progress, force=False)
        return cls(target)

    def _place(self, row: tuple) -> Place:
        """The place of a row of :data:`_PLACE_COLUMNS`, built once per index row."""
        place = self._places.get(row[0])
        if place is None:
            if len(self._places) >= _PLACES_KEPT:
                self._places.clear()
            place = self._places[row[0]] = _build_place(row)
        return place

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(read_only_uri(self.path), uri=True,
                                      check_same_thread=False)
                con.execute("PRAGMA query_only=1")
                con.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
            except sqlite3.DatabaseError as exc:
                raise GazetteerCorrupt(f"cannot read the gazetteer index {self.path}: {exc}") \
                    from exc
            self._local.con = con
            with self._lock:
                self._connections.append(con)
        return con

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        try:
            return self._con().execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerCorrupt(f"the gazetteer index {self.path} is unreadable: {exc}") \
                from exc

    def close(self) -> None:
        """Close every connection (the object reopens lazily if used again)."""
        with self._lock:
            for con in self._connections:
                con.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> "Gazetteer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __reduce__(self):
        return (_reopen, (str(self.path),))

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"

    # ------------------------------------------------------------------ names
    def candidates(self, name: str, *, limit: int = 25, fuzzy: bool = False,
                   country_code: str | None = None) -> list[Candidate]:
        """Places ``name`` may refer to, best first.

        Ranked by match tier (exact after folding, then article/division-word variants, then
        fuzzy), then by importance (population × a weight per feature kind). With ``fuzzy``,
        similar names (rapidfuzz ratio ≥ :data:`FUZZY_CUTOFF`) are added after the others.
        """
        if not name or not name.strip():
            return []
        cc = country_code.upper() if country_code else None
        if fuzzy:
            return list(self._lookup(name.strip(), limit, fuzzy, cc))
        # A smaller limit's readings are the first of SHARED_LIMIT's (the same rows ranked
        # alike: exact-key rows come first, by importance, in both): one look-up, and one
        # cache entry, serves the recogniser's short look-ups and the resolver's.
        return list(self._lookup(name.strip(), max(limit, SHARED_LIMIT), False, cc)[:limit])

    def _lookup_uncached(self, name: str, limit: int, fuzzy: bool,
                         cc: str | None) -> tuple[Candidate, ...]:
        qkey, qvars = _query_keys(name)
        if not qkey:
            return ()
        caps = any(c.isupper() for c in name)
        rows = self._rows([qkey, *qvars], cc, qkey, caps, limit)
        if not (rows or fuzzy):
            return ()
        # place id -> (tier, name_score, importance, matched name, match kind); places are
        # read only for the ids that make the cut
        best: dict[int, tuple[int, float, float, str, MatchKind]] = {}
        query = name.casefold()
        for pid, key, matched, kind, importance in rows:
            tier, match, score = _VARIANT_TIER if key != qkey else \
                _EXACT_TIERS[kind, matched.casefold() == query]
            old = best.get(pid)
            if old is None or tier < old[0] or (tier == old[0] and score > old[1]):
                best[pid] = (tier, score, importance, matched, match)
        if fuzzy and len(qkey) >= FUZZY_MIN_LENGTH:
            for key, ratio in self._fuzzy_keys(qkey, qvars, limit):
                score = round(0.8 * ratio / 100.0, 3)
                for pid, _, matched, _, importance in self._rows([key], cc, key, caps, limit):
                    old = best.get(pid)
                    if old is None or 2 < old[0] or (2 == old[0] and score > old[1]):
                        best[pid] = (2, score, importance, matched, MatchKind.FUZZY)
        # exact and variant tiers: by importance; the fuzzy tier: by similarity first (ties
        # in the order found)
        chosen = [(pid, best[pid]) for *_, pid in sorted(
            (t[0], -t[1], -t[2], n, pid) if t[0] == 2 else (t[0], -t[2], -t[1], n, pid)
            for n, (pid, t) in enumerate(best.items()))[:limit]]
        places = self._places_of([pid for pid, _ in chosen])
        return tuple(Candidate(places[pid], t[3], t[4], t[1]) for pid, t in chosen)

    def _rows(self, keys: list[str], cc: str | None, exact: str, caps: bool,
              limit: int) -> list[tuple]:
        """Name rows ``(place id, key, name, kind, importance)``, best first: rows reached by
        ``exact`` (not as a variant) before the others, then by importance, ties by key and
        place id; at most about ``limit`` places (of country ``cc`` if given; abbreviations
        only when ``caps``)."""
        # sorted as (variant, -importance, key, place id): keys and place ids are unique
        found = sorted((key != exact or kind == _VARIANT, -importance, key, pid, name, kind)
                       for key in keys
                       for pid, name, kind, importance, country in self._key_rows(key)
                       if (caps or kind != _ABBREVIATION) and (not cc or country == cc))
        # a place can be reached by several keys: keep enough rows for `limit` places
        return [(pid, key, name, kind, -importance) for _, importance, key, pid, name, kind
                in found[:min(_MAX_ROWS, limit * len(keys) + 10)]]

    def _key_rows_uncached(self, key: str) -> tuple[tuple, ...]:
        """The names of ``key``: rows ``(place id, name, kind, importance, country code)`` by
        place id (none, without a query, for most keys no name has); kept for the
        :data:`_KEYS_KEPT` keys asked last (``_key_rows``)."""
        if not self._name_keys.may_contain(key):
            return ()
        return tuple(self._query("SELECT place, name, kind, importance, country_code FROM names "
                                 "WHERE key = ? ORDER BY place", (key,)))

    def _places_of(self, ids: list[int]) -> dict[int, Place]:
        """The places of index ids (those not built yet read in one query)."""
        found: dict[int, Place] = {}
        missing = []
        for pid in ids:
            place = self._places.get(pid)  # another thread may clear the cache meanwhile
            if place is None:
                missing.append(pid)
            else:
                found[pid] = place
        if missing:
            marks = ",".join("?" * len(missing))
            for row in self._query(f"SELECT {_PLACE_COLUMNS} FROM places p "
                                   f"WHERE p.id IN ({marks})", missing):
                found[row[0]] = self._place(row)
        return found

    def _fuzzy_keys(self, qkey: str, qvars: tuple[str, ...],
                    limit: int) -> list[tuple[str, float]]:
        found: dict[str, float] = {}
        share = FUZZY_CUTOFF / (200.0 - FUZZY_CUTOFF)  # shortest/longest ratio that can pass
        for probe in dict.fromkeys((qkey, *qvars)):  # in a fixed order, not a set's
            lengths = range(math.ceil(len(probe) * share), math.floor(len(probe) / share) + 1)
            pool = [key for n in lengths for key in self._fuzzy_pool(fuzzy_bucket(probe[0], n))]
            for key, ratio, _ in process.extract(probe, pool, scorer=fuzz.ratio,
                                                 score_cutoff=FUZZY_CUTOFF, limit=limit):
                if key != qkey and key not in qvars:
                    found[key] = max(ratio, found.get(key, 0.0))
        return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def _fuzzy_pool_uncached(self, bucket: int) -> tuple[str, ...]:
        return tuple(r[0] for r in self._query("SELECT key FROM fuzzy_keys WHERE bucket = ?",
                                               (bucket,)))

    def is_name(self, text: str) -> bool:
        """True when ``text`` (folded) is a name or variant of some place.

        Abbreviations (US, UK, UAE …) count only when ``text`` has a capital letter.
        """
        return bool(text) and self._is_name(text.strip())

    def may_match_well_known(self, text: str) -> bool:
        """False when the key of ``text`` itself is no well-known place's
        (:attr:`Place.well_known <gazetteer.place.Place.well_known>`): then no well-known place
        matches the whole of ``text`` (as written, folded or as an alias), though a looser
        variant may still reach one. An in-memory test that spares :meth:`candidates` the
        names of no well-known place."""
        key = fold(text.strip())
        return bool(key) and key in self._well_known_keys

    @cached_property
    def _name_keys(self) -> KeyFilter:
        """The filter of all name keys, stored by the build."""
        return KeyFilter.from_bytes(self._blob(NAME_KEYS, "filter of name keys"))

    @cached_property
    def _well_known_keys(self) -> frozenset[str]:
        """The keys of well-known places, stored by the build."""
        return frozenset(self._blob(WELL_KNOWN_KEYS, "list of well-known names")
                         .decode().split("\n"))

    def _blob(self, name: str, what: str) -> bytes:
        """The build's blob ``name`` (``what`` it holds, for the error when it is missing)."""
        rows = self._query("SELECT data FROM blobs WHERE name = ?", (name,))
        if not rows:
            raise GazetteerCorrupt(f"the gazetteer index {self.path} has no {what}; run "
                                   "`geonews gazetteer build`")
        return rows[0][0]

    def _is_name_uncached(self, text: str) -> bool:
        qkey, qvars = _query_keys(text)
        if not qkey:
            return False
        caps = any(c.isupper() for c in text)
        return any(caps or row[2] != _ABBREVIATION
                   for key in (qkey, *qvars) for row in self._key_rows(key))

    # ------------------------------------------------------------------ ids and codes
    def get(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id (custom places without one have negative ids)."""
        return self._get(int(geonameid))

    def _get_uncached(self, pid: int) -> Place | None:
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (pid,))
        return self._place(rows[0]) if rows else None

    def _by_code_uncached(self, code: str, features: tuple[str, ...]) -> tuple[Place, ...]:
        marks = ",".join("?" * len(features))
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM codes c JOIN places p ON p.id = c.place "
            f"WHERE c.code = ? AND p.feature IN ({marks}) ORDER BY p.importance DESC",
            (code.upper(), *features))
        return tuple(self._place(r) for r in rows)

    def hierarchy(self, place: Place) -> list[Place]:
        """The divisions and country containing ``place``: ``[admin2, admin1, country]``,
        those that exist in the index, without ``place`` itself."""
        out = []
        for code, feature in ((place.admin2_code, "ADM2"), (place.admin1_code, "ADM1"),
                              (place.country_code, "country")):
            if not code or (feature == place.feature and place.feature != "city"):
                continue
            found = self._by_code(code, (feature,))
            if found and found[0] != place:
                out.append(found[0])
        return out

    def country(self, code_or_name: str) -> Place | None:
        """A country by ISO alpha-2/alpha-3 code or by name ("IQ", "IRQ", "Iraq", "U.S.")."""
        text = (code_or_name or "").strip()
        if not text:
            return None
        if text.isalpha() and len(text) in (2, 3):
            found = self._by_code(text.upper(), ("country",))
            if found:
                return found[0]
        for cand in self.candidates(text, limit=_MAX_ROWS):
            if cand.place.feature == "country":
                return cand.place
        return None

    def demonym(self, word: str) -> Place | None:
        """The country a demonym refers to ("Iraqi", "Iraqis" → Iraq), or None."""
        key = fold(word or "")
        if not key:
            return None
        for probe in (key, key[:-1] if key.endswith("s") else None):
            if probe in self._demonym_keys:
                rows = self._query(
                    f"SELECT {_PLACE_COLUMNS} FROM demonyms d JOIN places p ON p.id = d.place "
                    "WHERE d.key = ? ORDER BY p.importance DESC LIMIT 1", (probe,))
                if rows:
                    return self._place(rows[0])
        return None

    @cached_property
    def _demonym_keys(self) -> frozenset[str]:
        """Every demonym key: most words need no query."""
        return frozenset(key for key, in self._query("SELECT DISTINCT key FROM demonyms"))

    def region(self, code_or_name: str) -> list[Place]:
        """Divisions and countries matching an ISO 3166-1/3166-2 code ("IQ", "IQ-NI"), a
        GeoNames code ("IQ.15", "IQ.15.9166649"), a name or an alias ("Nineveh"); most
        important first."""
        text = (code_or_name or "").strip()
        if not text:
            return []
        kinds = ("country", "ADM1", "ADM2", "other")
        found = list(self._by_code(text.upper(), kinds)) if " " not in text else []
        if found:
            return found
        return [c.place for c in self.candidates(text, limit=_MAX_ROWS)
                if c.place.feature in kinds and c.match is not MatchKind.FUZZY]

    # ------------------------------------------------------------------ space
    def outline(self, place: Place) -> dict[str, Any] | None:
        """The outline of a country as GeoJSON (a FeatureCollection), where a source ships
        one (countryinfo does for most countries); None otherwise."""
        if place.geonameid is None:
            return None
        rows = self._query("SELECT geojson FROM shapes WHERE place = ?", (place.geonameid,))
        return json.loads(rows[0][0]) if rows else None

    def reverse(self, lat: float, lon: float, *, max_km: float | None = 250.0) -> Place | None:
        """The city nearest to ``(lat, lon)`` (great-circle), with its admin regions.

        None when the index has no cities or the nearest is farther than ``max_km``.
        Cities are kept sorted by latitude; the search scans a latitude band around the point
        and widens it until the band is wider than the best distance found (a difference in
        latitude is a lower bound of the great-circle distance), so it is exact.
        """
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise GazetteerError(f"bad coordinates ({lat}, {lon}): latitude must be in "
                                 "[-90, 90] and longitude in [-180, 180]")
        ids, lats, xyz = self._city_points()
        if len(ids) == 0:
            return None
        q = _unit(np.array([lat]), np.array([lon]))[0]
        limit = max_km / EARTH_RADIUS_KM if max_km is not None else math.pi  # radians
        band = math.radians(1.0)
        while True:
            lo, hi = np.searchsorted(lats, [math.radians(lat) - band, math.radians(lat) + band])
            if hi > lo:
                part = xyz[:, lo:hi]
                dots = part[0] * q[0] + part[1] * q[1] + part[2] * q[2]  # no BLAS threads
                best = int(np.argmax(dots))
                angle = math.acos(min(1.0, max(-1.0, float(dots[best]))))
                if angle <= band:
                    break
            if band >= min(limit, math.pi):
                if hi <= lo:
                    return None
                break
            band = min(band * 4, math.pi)
        if angle > limit:
            return None
        return self.get(int(ids[lo + best]))

    def _city_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """City ids, latitudes (radians) and unit vectors (3 × n), sorted by latitude."""
        if self._points is None:
            rows = self._query("SELECT data FROM blobs WHERE name = 'cities'")
            arr = np.frombuffer(rows[0][0], dtype=np.float64).reshape(-1, 3) if rows \
                else np.zeros((0, 3))
            arr = arr[np.argsort(arr[:, 1], kind="stable")]
            self._points = (arr[:, 0].astype(np.int64), np.radians(arr[:, 1]),
                            np.ascontiguousarray(_unit(arr[:, 1], arr[:, 2]).T))
        return self._points

    # ------------------------------------------------------------------ about
    def info(self) -> dict[str, Any]:
        """Path, size, schema version, build time, sources and counts per feature kind."""
        meta = dict(self._query("SELECT key, value FROM meta"))
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "schema_version": int(meta.get("schema_version", 0)),
            "built_at": meta.get("built_at"),
            "build_seconds": float(meta.get("build_seconds", 0) or 0),
            "sources": json.loads(meta.get("sources", "{}")),
            "counts": json.loads(meta.get("counts", "{}")),
            "names": self._query("SELECT count(*) FROM names")[0][0],
        }


_POSSESSIVE = ("'s", "’s", "s'", "s’")


@lru_cache(maxsize=65536)
def _query_keys(text: str) -> tuple[str, tuple[str, ...]]:
    """The folded key of a query and its variants, including the name without a possessive
    ending ("Iraq's" → "iraq"); kept for the texts asked last (a name is looked up for
    several limits and countries, and asked whether it is a name)."""
    key = fold(text)
    found = variants(key)
    if text.endswith(_POSSESSIVE):
        bare = fold(text[:-2] if text[-2] in "'’" else text[:-1])
        if bare:
            found |= {bare, *variants(bare)}
    found.discard(key)
    return key, tuple(found)


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def _reopen(path: str) -> Gazetteer:
    return Gazetteer.open(path, build=False)



