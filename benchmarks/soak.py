"""Soak run: geoparse the shared corpora in one process and print memory (RSS) over time.

    python benchmarks/soak.py                      # both ../shared/eval files, every article
    python benchmarks/soak.py --limit 300          # the first 300 articles of each
    python benchmarks/soak.py --huge-mb 10         # also one synthetic 10 MB article
    python benchmarks/soak.py --passes 2           # twice: a leak grows in the 2nd pass too

Prints one line per ``--every`` documents (documents, mentions, seconds, RSS in MB) and a
summary; exits 1 if any document failed. Stable memory means the RSS levels off after the
first few hundred documents instead of growing with the document count.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from geonews.text.inputs import read_documents
from geonews.models import Document
from geonews.parsing.geoparser import Geoparser
from geonews.records.schema import records

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
CORPORA = ("geowebnews.jsonl", "wiktor.jsonl")


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb() -> float:
    """The highest RSS this process has had, in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def documents(paths: list[Path], limit: int | None, huge_mb: float,
              passes: int) -> Iterator[Document]:
    for _ in range(passes):
        for path in paths:
            yield from itertools.islice(read_documents([path]), limit)
    if huge_mb:
        seed = (SHARED.parent / "seed" / "mosul-2016-11-03.txt").read_text(encoding="utf-8")
        copies = int(huge_mb * 1_000_000 / (len(seed) + 2)) + 1
        yield Document(id="huge", text=("\n\n".join([seed] * copies))[:int(huge_mb * 1e6)])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", type=Path,
                    help="JSONL corpora (default: both files in ../shared/eval)")
    ap.add_argument("--limit", type=int, default=None, help="articles per file")
    ap.add_argument("--every", type=int, default=250, help="print a line every N documents")
    ap.add_argument("--huge-mb", type=float, default=0.0,
                    help="append one synthetic article of this many MB")
    ap.add_argument("--passes", type=int, default=1,
                    help="read the corpora this many times (the caches are warm after the "
                         "first pass, so memory should stay flat in later ones)")
    args = ap.parse_args()
    paths = args.inputs or [SHARED / name for name in CORPORA]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"missing corpus: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    warnings.simplefilter("default")
    parser = Geoparser()
    _ = parser.nlp
    start = time.perf_counter()
    base = rss_mb()
    print(f"model loaded: RSS {base:.0f} MB", flush=True)
    print(f"{'docs':>6} {'mentions':>9} {'chars':>11} {'seconds':>8} {'RSS MB':>7}", flush=True)
    docs = mentions = chars = 0
    peak = base
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "soak.jsonl", "w",
                                                      encoding="utf-8") as out:
        for parsed in parser.parse_documents(documents(paths, args.limit, args.huge_mb,
                                                         args.passes)):
            for record in records(parsed):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                mentions += 1
            docs += 1
            chars += len(parsed.document.text)
            if docs % args.every == 0 or parsed.document.id == "huge":
                rss = rss_mb()
                peak = max(peak, rss)
                print(f"{docs:>6} {mentions:>9} {chars:>11} {time.perf_counter() - start:>8.1f} "
                      f"{rss:>7.0f}", flush=True)
    seconds = time.perf_counter() - start
    end = rss_mb()
    print(f"done: {docs} documents, {mentions} mentions, {chars / 1e6:.1f} M chars in "
          f"{seconds:.0f} s ({docs / seconds:.1f} docs/s); RSS after load {base:.0f} MB, "
          f"peak {max(peak, end, peak_rss_mb()):.0f} MB, end {end:.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
