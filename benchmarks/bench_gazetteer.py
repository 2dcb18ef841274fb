"""Gazetteer figures: build time, index size, cold open, lookup latency, resident memory.

Usage: ``python benchmarks/bench_gazetteer.py [--index PATH] [--skip-build] [--names N]
[--eval DIR]``

Builds the embedded index into a temporary file (unless ``--skip-build``; then ``--index`` or
the default index is used), then opens it in a fresh process (cold open, RSS) and times
``candidates`` on city names sampled from the index: the first lookup of each name (cold,
SQLite) and repeated lookups (hot, served by the in-process cache).

With the evaluation sets (``../shared/eval`` by default, skipped when absent) it also prints
gazetteer coverage: for each gold toponym, whether some candidate for its text lies within
161 km of the gold point (an upper bound for any resolver using this gazetteer), whether the
top candidate does (the population-prior baseline), and for GeoNames-id gold, whether the id
is among the candidates.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = r"""
import json, random, resource, sqlite3, sys, time
t0 = time.perf_counter()
from gazetteer import Gazetteer
g = Gazetteer.open(sys.argv[1], build=False)
g.candidates("Mosul")
cold_open = time.perf_counter() - t0
con = sqlite3.connect(sys.argv[1])
names = [r[0] for r in con.execute(
    "SELECT name FROM places WHERE feature='city' ORDER BY random() LIMIT ?", (int(sys.argv[2]),))]
names += ["Mosul", "Nineveh", "Iraq", "Baghdad", "Springfield", "Paris", "London"]
random.seed(1)
cold, cold_cpu = [], []
for n in names:
    t, c = time.perf_counter(), time.thread_time()
    g.candidates(n)
    cold.append(time.perf_counter() - t); cold_cpu.append(time.thread_time() - c)
hot = []
for n in random.choices(names, k=20000):
    t = time.perf_counter(); g.candidates(n); hot.append(time.perf_counter() - t)
fuzzy = []
for n in names[:200]:
    t = time.perf_counter(); g.candidates(n + "x", fuzzy=True)
    fuzzy.append(time.perf_counter() - t)
rev = []
for _ in range(500):
    lat, lon = random.uniform(-60, 70), random.uniform(-180, 180)
    t = time.perf_counter(); g.reverse(lat, lon); rev.append(time.perf_counter() - t)
def _hwm_mb():
    try:  # Linux: peak RSS of this process image (ru_maxrss survives exec from the parent)
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rss_mb = _hwm_mb()
print(json.dumps({"cold_open_s": cold_open, "cold": cold, "cold_cpu": cold_cpu, "hot": hot,
                  "fuzzy": fuzzy,
                  "reverse": rev, "rss_mb": rss_mb}))
"""


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def coverage(index: Path, eval_dir: Path) -> None:
    """Print candidate recall and top-1 accuracy within 161 km on each evaluation set."""
    from gazetteer import Gazetteer

    g = Gazetteer.open(index, build=False)
    for path in sorted(eval_dir.glob("*.jsonl")):
        n = in_cands = top1 = in_fuzzy = by_demonym = with_id = id_found = 0
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                for t in json.loads(line).get("toponyms", []):
                    if t.get("lat") is None:
                        continue
                    n += 1
                    found = g.candidates(t["text"], limit=100)
                    near = [_km(c.place.lat, c.place.lon, t["lat"], t["lon"]) <= 161
                            for c in found]
                    in_cands += any(near)
                    top1 += bool(near and near[0])
                    demonym = g.demonym(t["text"]) if not found else None
                    if demonym is not None:
                        by_demonym += _km(demonym.lat, demonym.lon, t["lat"], t["lon"]) <= 161
                    elif not found:
                        fuzzy = g.candidates(t["text"], limit=100, fuzzy=True)
                        in_fuzzy += any(_km(c.place.lat, c.place.lon, t["lat"], t["lon"]) <= 161
                                        for c in fuzzy)
                    if t.get("geonameid"):
                        with_id += 1
                        id_found += t["geonameid"] in {c.place.geonameid for c in found}
        if n:
            line = (f"{path.stem:<11} {n:6} toponyms: a candidate within 161 km "
                    f"{in_cands / n:6.1%} (+{by_demonym / n:.1%} by demonym, "
                    f"+{in_fuzzy / n:.1%} by fuzzy fallback), top-1 within 161 km "
                    f"{top1 / n:6.1%}")
            if with_id:
                line += f", gold GeoNames id among candidates {id_found / with_id:6.1%}"
            print(line)
    g.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="index to measure (default: build one)")
    parser.add_argument("--skip-build", action="store_true", help="do not time a build")
    parser.add_argument("--names", type=int, default=2000, help="names sampled for lookups")
    parser.add_argument("--eval", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared" / "eval",
                        help="folder of evaluation JSONL files (skipped when absent)")
    args = parser.parse_args()
    from gazetteer import build_index, default_path

    import resource

    tmp = tempfile.TemporaryDirectory()
    index = args.index or default_path()
    if not args.skip_build:
        index = Path(tmp.name) / "bench.sqlite"
        t = time.perf_counter()
        build_index(index, progress=False)
        print(f"embedded build:        {time.perf_counter() - t:6.1f} s  (peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    print(f"load average:          {os.getloadavg()[0]:6.2f} on {os.cpu_count()} CPUs")
    print(f"index size:            {index.stat().st_size / 1e6:6.1f} MB  ({index})")
    out = subprocess.run([sys.executable, "-c", _CHILD, str(index), str(args.names)],
                         capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    us = 1e6
    print(f"cold open (+1 lookup): {r['cold_open_s'] * 1000:6.1f} ms")
    print(f"lookup, first time:    median {statistics.median(r['cold']) * us:7.1f} µs, "
          f"p99 {_pct(r['cold'], 0.99) * us:7.1f} µs  ({len(r['cold'])} names)")
    print(f"  same, CPU time only:  median {statistics.median(r['cold_cpu']) * us:7.1f} µs, "
          f"p99 {_pct(r['cold_cpu'], 0.99) * us:7.1f} µs  (insensitive to other load)")
    print(f"lookup, repeated:      median {statistics.median(r['hot']) * us:7.1f} µs, "
          f"p99 {_pct(r['hot'], 0.99) * us:7.1f} µs  ({len(r['hot'])} lookups)")
    print(f"fuzzy lookup:          median {statistics.median(r['fuzzy']) * 1000:7.2f} ms, "
          f"p99 {_pct(r['fuzzy'], 0.99) * 1000:7.2f} ms")
    print(f"reverse lookup:        median {statistics.median(r['reverse']) * 1000:7.2f} ms, "
          f"p99 {_pct(r['reverse'], 0.99) * 1000:7.2f} ms")
    print(f"peak RSS of a process using it: {r['rss_mb']:6.1f} MB")
    if args.eval.is_dir():
        coverage(index, args.eval)
    tmp.cleanup()


if __name__ == "__main__":
    main()
