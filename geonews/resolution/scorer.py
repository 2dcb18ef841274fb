"""Stage 3 of resolution: the fitted scorer.

A conditional logit: each candidate's score is a weighted sum of its feature columns, and a
name's candidates get the softmax of their scores. It runs in passes: the first over the
static columns only, the next ones over all columns with the context taken from the previous
pass's probabilities. The weights and the confidence calibration (isotonic knots: softmax
probability → share right within 161 km) are fitted by ``geonews train``
(:mod:`geonews.evaluation.fitting`) and kept in a small JSON file; the packaged one is
``geonews/data/resolver_weights.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from geonews.errors import InputFormatError, InputNotFound
from geonews.resolution.fallback import DEFAULT_PARAMETERS, FallbackParameters
from geonews.resolution.features import CONTEXT_COLUMNS, STATIC_COLUMNS, ArticleTable

__all__ = ["Scorer", "group_softmax"]

_PACKAGED = "data/resolver_weights.json"


@dataclass(frozen=True)
class Scorer:
    """Weights of the first (static) pass and of the context passes, the calibration, and
    the fallback's parameters (fitted with them)."""

    first: np.ndarray
    second: np.ndarray
    #: how many context passes follow the first
    passes: int = 2
    calibration: tuple[tuple[float, float], ...] = ((0.0, 0.0), (1.0, 1.0))
    fallback: FallbackParameters = DEFAULT_PARAMETERS

    def first_probabilities(self, table: ArticleTable) -> np.ndarray:
        """Per row: the probability from the static columns alone."""
        return group_softmax(table.static @ self.first, table.starts)

    def probabilities(self, table: ArticleTable, context: np.ndarray) -> np.ndarray:
        """Per row: the probability from all columns."""
        return group_softmax(np.hstack([table.static, context]) @ self.second, table.starts)

    def calibrated(self, probability: float) -> float:
        """The confidence for a reading whose probability is ``probability``."""
        return self.calibrated_all(np.array([probability]))[0]

    def calibrated_all(self, probabilities: np.ndarray) -> list[float]:
        """:meth:`calibrated` of each of ``probabilities``."""
        raw, fitted = self._knots
        return [round(c, 4) for c in np.interp(probabilities, raw, fitted).tolist()]

    @cached_property
    def _knots(self) -> tuple[np.ndarray, np.ndarray]:
        """The calibration's probabilities and confidences, as arrays."""
        raw, fitted = zip(*self.calibration)
        return np.array(raw, dtype=float), np.array(fitted, dtype=float)

    # -- files -----------------------------------------------------------------------------

    def to_dict(self) -> dict:
        return {"static_columns": list(STATIC_COLUMNS), "context_columns": list(CONTEXT_COLUMNS),
                "first": [round(float(w), 6) for w in self.first],
                "second": [round(float(w), 6) for w in self.second],
                "passes": self.passes,
                "calibration": [[round(a, 4), round(b, 4)] for a, b in self.calibration],
                "fallback": asdict(self.fallback)}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict, where: str = "weights") -> Scorer:
        """A scorer from its JSON form; :class:`InputFormatError` when the columns are not
        this version's. Without ``fallback`` (files written before it was fitted), the
        fallback's defaults."""
        try:
            static, ctx = tuple(data["static_columns"]), tuple(data["context_columns"])
            if static != STATIC_COLUMNS or ctx != CONTEXT_COLUMNS:
                raise ValueError(f"columns {list(static + ctx)} are not this version's "
                                 f"{list(STATIC_COLUMNS + CONTEXT_COLUMNS)}")
            first = np.asarray(data["first"], dtype=float)
            second = np.asarray(data["second"], dtype=float)
            if first.shape != (len(static),) or second.shape != (len(static) + len(ctx),):
                raise ValueError("weights do not match the columns")
            knots = tuple((float(a), float(b)) for a, b in data["calibration"])
            return cls(first, second, int(data.get("passes", 2)), knots,
                       _fallback_parameters(data.get("fallback", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputFormatError(f"{where}: not resolver weights ({exc})") from None

    @classmethod
    def load(cls, path: str | Path) -> Scorer:
        """Weights written by ``geonews train`` (or :meth:`save`)."""
        path = Path(path)
        if not path.is_file():
            raise InputNotFound(f"{path}: no such weights file")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputFormatError(f"{path}: not resolver weights ({exc})") from None
        return cls.from_dict(data, str(path))

    @classmethod
    def packaged(cls) -> Scorer:
        """The weights shipped with geonews (fitted on the four development corpora)."""
        text = resources.files("geonews").joinpath(_PACKAGED).read_text("utf-8")
        return cls.from_dict(json.loads(text), _PACKAGED)


def _fallback_parameters(data: dict) -> FallbackParameters:
    """The fallback parameters of a weights file's ``fallback`` object (missing ones at
    their defaults); ``ValueError`` on an unknown one."""
    known = {f.name for f in fields(FallbackParameters)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown fallback parameters {unknown}; known: {sorted(known)}")
    return FallbackParameters(**{name: float(value) for name, value in data.items()})


def group_softmax(scores: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Softmax of ``scores`` within each group ``starts[g]:starts[g + 1]``."""
    if len(scores) == 0:
        return scores.astype(float)
    heads = starts[:-1]
    sizes = starts[1:] - heads
    top = np.repeat(np.maximum.reduceat(scores, heads), sizes)
    e = np.exp(scores - top)
    return e / np.repeat(np.add.reduceat(e, heads), sizes)
