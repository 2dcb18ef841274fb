"""Part files: how a partitioned dataset (``geonews parse --scheduler``) names its pieces.

A cluster run writes a directory of ``part-00000.parquet`` (GeoParquet) or
``part-00000.jsonl`` files; read in name order, they hold the rows of one ``geonews parse``
output.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PART_EXTENSIONS", "part_files"]

#: The extension of a part file, by dataset format.
PART_EXTENSIONS = {"geoparquet": ".parquet", "jsonl": ".jsonl"}


def part_files(output: str | Path) -> list[Path]:
    """The part files of a dataset directory, in order."""
    return sorted(p for p in Path(output).glob("part-*")
                  if p.suffix in PART_EXTENSIONS.values())
