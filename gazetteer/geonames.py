"""Reading the official GeoNames dump files from a folder into index entries.

Expected in the folder (see :mod:`gazetteer.download`): ``countryInfo.txt``,
``admin1CodesASCII.txt``, ``admin2Codes.txt``, and either ``allCountries.zip``/``.txt`` or one
``XX.zip``/``XX.txt`` per country; with alternate names, ``alternateNamesV2.zip``/``.txt`` or
``alternatenames/XX.zip``/``.txt``.

Feature kinds: the country's own row (its geonameid in countryInfo.txt) → ``country``;
``ADM1``/``ADM1H`` → ``ADM1``; ``ADM2``/``ADM2H`` → ``ADM2``; class ``P`` → ``city``;
``CONT`` → ``continent``; everything else → ``other``. Points come from the dump (nothing is
derived). A division's admin code is the one ``admin1CodesASCII.txt``/``admin2Codes.txt``
give for its geonameid (so historical ``ADM1H`` rows do not take over current codes).
Country demonyms and short forms come from countryinfo and the curated tables.
Alternate names of kinds ``link``, ``wkdt``, ``post``, ``iata``, ``icao``, ``faac``,
``fr_1793``, ``unlc`` and colloquial ones are skipped; ``abbr`` ones become abbreviations.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from gazetteer.embedded import country_names_and_demonyms
from gazetteer.errors import GazetteerSourceError
from gazetteer.normalize import is_junk_alias
from gazetteer.store import Entry

__all__ = ["geonames_entries", "SOURCE"]

SOURCE = "geonames"
_SKIP_NAME_KINDS = {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc"}
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"}


@contextmanager
def _open_table(folder: Path, stem: str) -> Iterator[tuple[IO[str], str]]:
    """Open ``stem.txt`` or the ``.txt`` inside ``stem.zip``; yields (handle, display name)."""
    txt, zipped = folder / f"{stem}.txt", folder / f"{stem}.zip"
    if txt.exists():
        with open(txt, encoding="utf-8") as handle:
            yield handle, str(txt)
        return
    if not zipped.exists():
        raise GazetteerSourceError(f"missing GeoNames file {zipped.name} (or {txt.name}) in "
                                   f"{folder}")
    try:
        archive = zipfile.ZipFile(zipped)
    except zipfile.BadZipFile as exc:
        raise GazetteerSourceError(f"{zipped} is not a valid zip file ({exc}); download it "
                                   "again") from exc
    with archive:
        member = f"{Path(stem).name}.txt"
        if member not in archive.namelist():
            raise GazetteerSourceError(f"{zipped} has no {member} (it has: "
                                       f"{', '.join(archive.namelist()) or 'nothing'})")
        with archive.open(member) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8"), f"{zipped}:{member}"


def _rows(folder: Path, stem: str, width: int) -> Iterator[tuple[int, list[str], str]]:
    with _open_table(folder, stem) as (handle, name):
        for line_no, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            row = line.rstrip("\r\n").split("\t")
            if len(row) < width:
                raise GazetteerSourceError(
                    f"{name} line {line_no}: {len(row)} columns, expected {width} "
                    "(truncated or not a GeoNames file?)")
            yield line_no, row, name


def _int(value: str, where: str) -> int:
    try:
        return int(value) if value else 0
    except ValueError:
        raise GazetteerSourceError(f"{where}: {value!r} is not a number") from None


def _float(value: str, where: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not (low <= number <= high):
        raise GazetteerSourceError(f"{where}: bad coordinate {value!r}")
    return number


def geonames_entries(folder: Path, *, countries: tuple[str, ...] = (),
                     alternate_names: bool = False, log=lambda msg: None) -> Iterator[Entry]:
    """Entries of the GeoNames dump in ``folder`` (all countries, or only ``countries``)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GazetteerSourceError(f"GeoNames folder not found: {folder}")
    log("reading countryInfo.txt")
    country_rows = {row[0]: row for _, row, _ in _rows(folder, "countryInfo", 17)}
    wanted = tuple(c.upper() for c in countries)
    unknown = [c for c in wanted if c not in country_rows]
    if unknown:
        raise GazetteerSourceError(
            f"unknown country code(s) {', '.join(unknown)} (not in countryInfo.txt)")
    country_ids = {_int(row[16], "countryInfo.txt"): code for code, row in country_rows.items()
                   if row[16]}
    extras = country_names_and_demonyms()
    division_codes = {_int(row[3], f"{name} line {n}"): row[0]
                      for stem in ("admin1CodesASCII", "admin2Codes")
                      for n, row, name in _rows(folder, stem, 4)}
    aliases_of, abbreviations_of = _alternate_names(folder, wanted, log) if alternate_names \
        else ({}, {})
    stems = wanted or ("allCountries",)
    for stem in stems:
        log(f"reading {stem}")
        for line_no, row, name in _rows(folder, stem, 19):
            where = f"{name} line {line_no}"
            gid = _int(row[0], where)
            fclass, fcode, cc = row[6], row[7], row[8] or None
            a1, a2 = row[10], row[11]
            admin1 = f"{cc}.{a1}" if cc and a1 and a1 != "00" else None
            admin2 = f"{admin1}.{a2}" if admin1 and a2 else None
            codes: list[tuple[str, str]] = []
            demonyms: list[str] = []
            abbreviations = list(abbreviations_of.get(gid, ()))
            aliases = [a for a in row[3].split(",") if a] if row[3] else []
            aliases += aliases_of.get(gid, [])
            if gid in country_ids and fcode in _COUNTRY_CODES:
                feature, code = "country", country_ids[gid]
                info = country_rows[code]
                codes = [(code, "iso2"), (info[1], "iso3")]
                extra_aliases, extra_abbr, demonyms = extras.get(code, ([], [], []))
                aliases += extra_aliases
                abbreviations += extra_abbr
                cc, admin1, admin2 = code, None, None
            elif fcode in ("ADM1", "ADM1H"):
                feature, admin2 = "ADM1", None
                if gid in division_codes:
                    admin1 = division_codes[gid]
                    codes = [(admin1, "geonames")]
            elif fcode in ("ADM2", "ADM2H"):
                feature = "ADM2"
                if gid in division_codes:
                    admin2 = division_codes[gid]
                    admin1 = admin2.rsplit(".", 1)[0]
                    codes = [(admin2, "geonames")]
            elif fclass == "P":
                feature = "city"
            elif fcode == "CONT":
                feature = "continent"
            else:
                feature = "other"
            yield Entry(
                id=gid, name=row[1], feature=feature,
                lat=_float(row[4], where, -90, 90), lon=_float(row[5], where, -180, 180),
                population=_int(row[14], where), country_code=cc, admin1_code=admin1,
                admin2_code=admin2, feature_code=fcode or None, source=SOURCE,
                aliases=aliases, abbreviations=abbreviations, codes=codes, demonyms=demonyms,
                raw={"feature_class": fclass, "timezone": row[17]})


def _alternate_names(folder: Path, wanted: tuple[str, ...], log
                     ) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    abbreviations: dict[int, list[str]] = defaultdict(list)
    stems = [f"alternatenames/{cc}" for cc in wanted] if wanted else ["alternateNamesV2"]
    for stem in stems:
        log(f"reading {stem}")
        for line_no, row, name in _rows(folder, stem, 4):
            kind = row[2]
            colloquial = len(row) > 6 and row[6] == "1"
            if kind in _SKIP_NAME_KINDS or colloquial:
                continue
            gid = _int(row[1], f"{name} line {line_no}")
            if kind == "abbr":
                abbreviations[gid].append(row[3])
            elif not is_junk_alias(row[3]):  # filtered early: the full file is ~15 M names
                aliases[gid].append(row[3])
    return aliases, abbreviations
