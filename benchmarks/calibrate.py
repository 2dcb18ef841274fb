"""Fit the resolver's confidence calibration (``Weights.calibration``) on a gold file.

    python benchmarks/calibrate.py ../shared/eval/geowebnews.jsonl [--limit N]

Parses the gold documents twice (recognition + resolution, and the gold spans as given),
takes from :class:`geonews.evaluate.Evaluation` each found, resolved, located gold
toponym's raw probability (the chosen reading's softmax probability) with whether it lies
within 161 km of the gold point, fits an isotonic (pool-adjacent-violators) map on the
**even-numbered** documents and prints it as knots for ``Weights.calibration``, with the expected calibration
error (10 equal-width bins) on the **odd-numbered** documents before and after. Placements
approximated by a container (``reason`` "approximate: …") are left out: their confidence is
scaled separately.
"""

from __future__ import annotations

import argparse

import numpy as np

from geonews.evaluate import Evaluation, read_gold
from geonews.pipeline import Geoparser

#: Equal-count bins of the raw probability the isotonic map is fitted over.
BINS = 12


def evaluations(path: str, limit: int | None) -> tuple[Evaluation, Evaluation]:
    """The evaluations of the even- and of the odd-numbered documents, both modes pooled."""
    gold = list(read_gold(path, limit=limit))
    parser = Geoparser()
    halves = (Evaluation(), Evaluation())
    for given in (False, True):
        parsed = parser.parse_documents((g.document for g in gold), given_spans=given)
        for index, (g, p) in enumerate(zip(gold, parsed, strict=True)):
            halves[index % 2].add(g, p)
    return halves


def isotonic(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Pool-adjacent-violators: the weighted non-decreasing fit of ``values`` (in order)."""
    blocks: list[list[float]] = []  # [value, weight, members]
    for value, weight in zip(values, weights, strict=True):
        blocks.append([float(value), float(weight), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (v1, w1, n1), (v2, w2, n2) = blocks[-2], blocks[-1]
            blocks[-2:] = [[(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2]]
    return np.repeat([b[0] for b in blocks], [b[2] for b in blocks])


def knots(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, float], ...]:
    """The isotonic fit over :data:`BINS` equal-count bins of ``x`` (so no knot rests on a
    handful of readings), as (mean probability, accuracy) knots from 0 to 1."""
    order = np.argsort(x, kind="stable")
    groups = [g for g in np.array_split(order, BINS) if len(g)]
    means = np.array([x[g].mean() for g in groups])
    fitted = isotonic(np.array([y[g].mean() for g in groups]),
                      np.array([len(g) for g in groups], dtype=float))
    points = [(0.0, fitted[0]), *zip(means, fitted, strict=True), (1.0, fitted[-1])]
    table: list[tuple[float, float]] = []
    for p, v in points:  # one knot per distinct probability, values rounded
        if table and round(p, 3) <= table[-1][0]:
            continue
        table.append((round(float(p), 3), round(float(v), 3)))
    return tuple(table)


def ece(confidence: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the count-weighted mean |accuracy - confidence| per bin."""
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.sum() * abs(right[inside].mean() - confidence[inside].mean())
    return total / len(confidence)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_file")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    fit, held = (np.array(half.probabilities, dtype=float).reshape(-1, 2)
                 for half in evaluations(args.gold_file, args.limit))
    table = knots(fit[:, 0], fit[:, 1])
    raw, calibrated = zip(*table)
    mapped = np.interp(held[:, 0], raw, calibrated)
    print(f"{len(fit) + len(held)} scored toponyms ({len(fit)} to fit, {len(held)} held out)")
    print(f"calibration = {table}")
    print(f"held-out ECE: raw probability {ece(held[:, 0], held[:, 1]):.3f}, "
          f"calibrated {ece(mapped, held[:, 1]):.3f}")


if __name__ == "__main__":
    main()
