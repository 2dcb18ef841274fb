"""Dask throughput: the same corpus on a local cluster of 1 and of 2 worker processes.

    python benchmarks/bench_dask.py [--docs 400] [--partition-size 25] [--format geoparquet]

Documents as in ``bench_parse.py`` (GeoWebNews + WikToR from ``../shared/eval``, else
synthetic). For each cluster size a LocalCluster of single-threaded worker processes is
started and warmed (every worker loads the model and opens the gazetteer once, on a few
documents), then the corpus is parsed into a partitioned dataset; the time of that run is
reported, cluster start-up excluded. The datasets of both runs are checked to be identical.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from distributed import LocalCluster

from geonews.parsing.distributed import parse_distributed
from geonews.records.parts import part_files
from geonews.parsing.geoparser import parse_batch
from geonews.settings import ParserSettings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_parse import TreeCPU, load_documents


def run(workers: int, docs: list, warmup: list, args: argparse.Namespace,
        workdir: Path) -> tuple[float, float, Path]:
    """Parse ``docs`` on a warm local cluster: ``(wall s, CPU s of all processes, output)``."""
    parse = partial(parse_batch, ParserSettings(model=args.model, gazetteer=args.gazetteer), False)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        address = cluster.scheduler_address
        parse_distributed(iter(warmup), workdir / f"warm{workers}", scheduler=address,
                          parse=parse, partition_size=max(1, len(warmup) // workers),
                          format=args.format, quiet=True)
        out = workdir / f"run{workers}"
        tree = TreeCPU(os.getpid())
        tree.sample(os.getpid())
        cpu = tree.seconds()
        start = time.perf_counter()
        result = parse_distributed(iter(docs), out, scheduler=address, parse=parse,
                                   partition_size=args.partition_size, format=args.format,
                                   quiet=True)
        elapsed = time.perf_counter() - start
        tree.sample(os.getpid())
        cpu = tree.seconds() - cpu
    print(f"{workers} worker(s): {len(docs) / elapsed:6.1f} docs/s, {elapsed:6.1f} s, "
          f"{cpu:6.1f} CPU s (all processes), {result.parts} parts, "
          f"{result.mentions} mentions")
    return elapsed, cpu, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--partition-size", type=int, default=25)
    ap.add_argument("--format", choices=["geoparquet", "jsonl"], default="geoparquet")
    ap.add_argument("--model", default=None)
    ap.add_argument("--gazetteer", default=None, help="index path (default: the embedded one)")
    args = ap.parse_args()

    docs, source = load_documents(args.docs + 20)
    warmup, docs = docs[:20], docs[20:]
    print(f"documents: {len(docs)} ({source}); partitions of {args.partition_size}; "
          f"{args.format} parts")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        one, cpu1, out1 = run(1, docs, warmup, args, workdir)
        two, cpu2, out2 = run(2, docs, warmup, args, workdir)
        same = [p.read_bytes() for p in part_files(out1)] == \
            [p.read_bytes() for p in part_files(out2)]
    print(f"speed-up 2 vs 1 worker: {one / two:.2f}x (CPU-bound estimate on 2 free cores: "
          f"{2 * cpu1 / cpu2:.2f}x); identical datasets: {same}")


if __name__ == "__main__":
    main()
