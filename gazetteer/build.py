"""Building an index file: choose sources, write aside, then swap atomically.

A build writes ``.<name>.<random>.building`` beside the target and renames it over the target
only when complete, so a failed or interrupted build never replaces a good index. Concurrent
builders of the same path (test workers, Dask workers) serialise on ``<path>.lock``; the
second one finds the fresh index and returns.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from tqdm import tqdm

from gazetteer.custom import read_custom_places
from gazetteer.embedded import embedded_entries, package_versions
from gazetteer.errors import GazetteerError, GazetteerSourceError
from gazetteer.geonames import geonames_entries
from gazetteer.paths import ENV_VAR
from gazetteer.store import SCHEMA_VERSION, Entry, IndexWriter

__all__ = ["BuildSpec", "build_index", "index_status", "read_only_uri"]

log = logging.getLogger(__name__)

BASES = ("embedded", "geonames", "none")


@dataclass(frozen=True)
class BuildSpec:
    """What goes into an index.

    ``base``: ``"embedded"`` (PyPI data packages), ``"geonames"`` (dump files in
    ``geonames_dir``) or ``"none"`` (custom places only). ``custom``: CSV/GeoJSON files
    layered over the base, in order.
    """

    base: str = "embedded"
    geonames_dir: str | None = None
    countries: tuple[str, ...] = ()
    alternate_names: bool = False
    custom: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.base not in BASES:
            raise GazetteerSourceError(
                f"unknown gazetteer source {self.base!r}; choose one of {', '.join(BASES)}")
        if self.base == "geonames" and not self.geonames_dir:
            raise GazetteerSourceError("a GeoNames build needs the folder of dump files")

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "BuildSpec":
        data = json.loads(text)
        data["countries"] = tuple(data.get("countries") or ())
        data["custom"] = tuple(data.get("custom") or ())
        return cls(**data)


def read_only_uri(path: Path) -> str:
    """A SQLite URI opening ``path`` read-only (percent-encoded, so any file name works) and
    immutable: a build never writes an index in place (it writes aside and swaps, which leaves
    open files as they were), so SQLite skips the file lock and the change check it would
    otherwise make for every statement."""
    return Path(path).resolve().as_uri() + "?mode=ro&immutable=1"


def index_status(path: Path) -> tuple[bool, str, dict[str, str]]:
    """``(usable, reason, meta)`` of an index file without modifying it."""
    if not path.exists():
        return False, "missing", {}
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta"))
            con.execute("SELECT id FROM places LIMIT 1").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, f"corrupt ({exc})", {}
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        return False, (f"stale (schema version {meta.get('schema_version')}, "
                       f"this gazetteer needs {SCHEMA_VERSION})"), meta
    if meta.get("complete") != "1":
        return False, "incomplete", meta
    if meta.get("curated_data") != curated_fingerprint():
        return False, "stale (built from older curated tables)", meta
    return True, "ok", meta


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    if fcntl is None:  # Windows: no lock; concurrent builds each swap in a complete file
        yield
        return
    with open(path.with_name(path.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _base_entries(spec: BuildSpec, say) -> Iterator[Entry]:
    if spec.base == "embedded":
        yield from embedded_entries(log=say)
    elif spec.base == "geonames":
        yield from geonames_entries(Path(spec.geonames_dir), countries=spec.countries,
                                    alternate_names=spec.alternate_names, log=say)


def _source_meta(spec: BuildSpec) -> dict[str, str]:
    sources: dict[str, object] = {"base": spec.base}
    if spec.base == "embedded":
        sources["packages"] = package_versions()
    if spec.base == "geonames":
        sources["geonames_dir"] = spec.geonames_dir
        sources["countries"] = list(spec.countries) or "all"
        sources["alternate_names"] = spec.alternate_names
    if spec.custom:
        sources["custom"] = list(spec.custom)
    return {"sources": json.dumps(sources), "spec": spec.to_json(),
            "curated_data": curated_fingerprint()}


def curated_fingerprint() -> str:
    """A hash of the curated tables in ``gazetteer/data`` (demonyms, short forms, points):
    an index built from other tables is stale."""
    digest = hashlib.sha256()
    for entry in sorted(resources.files("gazetteer").joinpath("data").iterdir(),
                        key=lambda e: e.name):
        if entry.name.endswith(".tsv"):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def build_index(path: str | os.PathLike[str], spec: BuildSpec | None = None, *,
                progress: bool | None = None, force: bool = True) -> Path:
    """Build the index at ``path`` from ``spec`` (default: embedded) and return the path.

    ``progress``: ``None`` shows a bar only on a terminal. With ``force=False`` an existing
    usable index (for example one another process just built) is kept.
    """
    spec = spec or BuildSpec()
    target = Path(path).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return _build_locked(target, spec, progress, force)
    except OSError as exc:
        if isinstance(exc, GazetteerError):
            raise
        raise GazetteerError(f"cannot write the gazetteer index {target}: {exc.strerror or exc}"
                             f" (set {ENV_VAR} to a writable path)") from exc


def _build_locked(target: Path, spec: BuildSpec, progress: bool | None, force: bool) -> Path:
    with _build_lock(target):
        if not force and index_status(target)[0]:
            return target
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".building",
                                        dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            _write(tmp, spec, progress)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            for suffix in ("-journal", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(tmp) + suffix).unlink()
    return target


def _write(tmp: Path, spec: BuildSpec, progress: bool | None) -> None:
    if sqlite3.sqlite_version_info < (3, 33):
        raise GazetteerError(f"building a gazetteer needs SQLite 3.33 or newer; this Python has "
                             f"{sqlite3.sqlite_version}")
    started = time.perf_counter()
    disable = None if progress is None else not progress
    bar = tqdm(total=None, desc="gazetteer: reading sources", unit=" places",
               disable=disable, leave=False, mininterval=0.5)
    tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA cache_size=-200000")  # 200 MB page cache while building
        writer = IndexWriter(con)

        def say(msg: str) -> None:
            bar.set_description(f"gazetteer: {msg}")
            log.info("gazetteer build: %s", msg)

        for entry in _base_entries(spec, say):
            writer.add(entry)
            if writer.count % 10_000 == 0:
                bar.update(10_000)
        for custom in spec.custom:
            say(f"reading {custom}")
            for entry in read_custom_places(custom):
                writer.layer(entry)
        if not writer.count:
            raise GazetteerSourceError("the sources yielded no places; nothing to build")
        say("indexing")
        meta = _source_meta(spec)
        meta["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        writer.finish(meta)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('build_seconds', ?)",
                    (f"{time.perf_counter() - started:.1f}",))
        con.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '1')")
        con.commit()
        con.execute("ANALYZE")
    except sqlite3.Error as exc:
        raise GazetteerError(f"writing the gazetteer index {tmp} failed: {exc}") from exc
    finally:
        con.close()
        bar.close()
