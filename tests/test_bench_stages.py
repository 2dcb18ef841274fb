"""``benchmarks/bench_stages.py`` on a few documents: it times both stages and every
repetition (a new process each) gives the same output hash."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_stages_runs_and_repetitions_agree():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_stages.py"),
                             "--docs", "5", "--reps", "2"], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert re.fullmatch(r"recognition +CPU s: min \d+\.\d\d \(\d+\.\d\d \d+\.\d\d\)", lines[-3])
    assert re.fullmatch(r"resolution +CPU s: min \d+\.\d\d \(\d+\.\d\d \d+\.\d\d\)", lines[-2])
    assert re.fullmatch(r"output hash: [0-9a-f]{12} \(5 documents\)", lines[-1])


def test_warm_passes_are_timed_and_give_the_same_output():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_stages.py"),
                             "--docs", "5", "--reps", "1", "--warm-passes", "2"],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert re.fullmatch(r"recognition +CPU s with warm caches: min \d+\.\d\d "
                        r"\(\d+\.\d\d \d+\.\d\d\)", lines[-3])
    assert re.fullmatch(r"resolution +CPU s with warm caches: min \d+\.\d\d "
                        r"\(\d+\.\d\d \d+\.\d\d\)", lines[-2])
    assert re.fullmatch(r"output hash: [0-9a-f]{12} \(5 documents\)", lines[-1])
