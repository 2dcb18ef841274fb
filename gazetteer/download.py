"""Downloading the official GeoNames dumps, with progress, resume and size checks.

Files come from ``https://download.geonames.org/export/dump/`` (or ``base_url``): the place
table (``allCountries.zip`` or one ``XX.zip`` per chosen country), ``admin1CodesASCII.txt``,
``admin2Codes.txt``, ``countryInfo.txt`` and optionally the alternate names
(``alternateNamesV2.zip`` or ``alternatenames/XX.zip``).

Each file is fetched into ``<name>.part`` and renamed when complete. An interrupted download
resumes with an HTTP ``Range`` request; the received size must equal the server's
``Content-Length`` (or ``Content-Range`` total), and zip files must pass a CRC check, else
:class:`DownloadError`. A complete file whose size matches the server's is not fetched again.
The SHA-256 of every file is returned so a build records exactly what it read.
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from tqdm import tqdm

from gazetteer.errors import DownloadError, GazetteerSourceError

__all__ = ["GEONAMES_URL", "download_dumps", "dump_files", "check_country_codes"]

GEONAMES_URL = "https://download.geonames.org/export/dump/"
_CHUNK = 1 << 16
_USER_AGENT = "geonews-gazetteer (https://pypi.org/project/geonews/)"


def dump_files(countries: tuple[str, ...] = (), alternate_names: bool = False) -> list[str]:
    """Relative names of the dump files a build needs (metadata files first)."""
    files = ["countryInfo.txt", "admin1CodesASCII.txt", "admin2Codes.txt"]
    files += [f"{cc}.zip" for cc in countries] if countries else ["allCountries.zip"]
    if alternate_names:
        files += ([f"alternatenames/{cc}.zip" for cc in countries] if countries
                  else ["alternateNamesV2.zip"])
    return files


def check_country_codes(countries: tuple[str, ...], country_info: Path) -> tuple[str, ...]:
    """Upper-cased ``countries``, each checked against ``countryInfo.txt``."""
    known = set()
    with open(country_info, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                known.add(line.split("\t", 1)[0])
    if not known:
        raise GazetteerSourceError(f"{country_info} lists no countries; is it a GeoNames "
                                   "countryInfo.txt?")
    codes = tuple(dict.fromkeys(c.strip().upper() for c in countries if c.strip()))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise GazetteerSourceError(
            f"unknown country code(s) {', '.join(unknown)}; use ISO 3166-1 alpha-2 codes from "
            f"countryInfo.txt such as {', '.join(sorted(known)[:8])} …")
    return codes


def download_dumps(dest: str | os.PathLike[str], *, countries: tuple[str, ...] = (),
                   alternate_names: bool = False, base_url: str = GEONAMES_URL,
                   progress: bool | None = None, timeout: float = 60.0) -> dict[str, str]:
    """Fetch the dump files into ``dest``; returns ``{file name: sha256}``.

    ``countries`` are validated against the downloaded ``countryInfo.txt`` before any place
    file is fetched.
    """
    dest = Path(dest)
    bad = [c for c in countries if not re.fullmatch(r"[A-Za-z]{2}", c.strip())]
    if bad:
        raise GazetteerSourceError(f"bad country code(s) {', '.join(map(repr, bad))}; use "
                                   "two-letter ISO 3166-1 codes such as IQ,SY")
    base = base_url if base_url.endswith("/") else base_url + "/"
    digests: dict[str, str] = {}
    fetch = lambda name: _fetch(base + name, dest / name, progress, timeout)  # noqa: E731
    digests["countryInfo.txt"] = fetch("countryInfo.txt")
    countries = check_country_codes(countries, dest / "countryInfo.txt") if countries else ()
    for name in dump_files(countries, alternate_names)[1:]:
        digests[name] = fetch(name)
    return digests


def _remote_size(url: str, timeout: float) -> int | None:
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            return int(length) if length else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _fetch(url: str, target: Path, progress: bool | None, timeout: float) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and _remote_size(url, timeout) == target.stat().st_size:
        _check_file(target)
        return _sha256(target)
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": _USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
    try:
        response = urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                          timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # range beyond the end: the part is complete or stale
            part.unlink()
            return _fetch(url, target, progress, timeout)
        raise DownloadError(f"download of {url} failed: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DownloadError(f"download of {url} failed: {getattr(exc, 'reason', exc)}") from exc
    with response:
        if response.status == 206:
            total = _range_total(response.headers.get("Content-Range"))
        else:  # 200: the server ignored the range; start over
            have = 0
            length = response.headers.get("Content-Length")
            total = int(length) if length else None
        mode = "ab" if have else "wb"
        received = have
        with open(part, mode) as out, tqdm(total=total, initial=have, unit="B",
                                           unit_scale=True, desc=target.name, leave=False,
                                           disable=None if progress is None else not progress
                                           ) as bar:
            try:
                while chunk := response.read(_CHUNK):
                    out.write(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
            except (OSError, urllib.error.URLError) as exc:
                raise DownloadError(
                    f"download of {url} interrupted after {received} bytes ({exc}); run the "
                    "build again to resume") from exc
    if total is not None and received != total:
        raise DownloadError(
            f"download of {url} is truncated: got {received} of {total} bytes; run the build "
            "again to resume")
    _check_file(part, name=target.name)
    os.replace(part, target)
    return _sha256(target)


def _range_total(content_range: str | None) -> int | None:
    match = re.match(r"bytes \d+-\d+/(\d+)", content_range or "")
    return int(match.group(1)) if match else None


def _check_file(path: Path, name: str | None = None) -> None:
    name = name or path.name
    if name.endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                broken = archive.testzip()
        except zipfile.BadZipFile as exc:
            path.unlink()
            raise DownloadError(f"{name} is not a valid zip file ({exc}); it was removed, "
                                "run the build again") from exc
        if broken is not None:
            path.unlink()
            raise DownloadError(f"{name} failed its CRC check at {broken}; it was removed, "
                                "run the build again")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
