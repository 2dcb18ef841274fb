"""geonews: a geoparser for news (the stages and folders: docs/architecture.md).

>>> import geonews
>>> [(m.mention.text, m.place.name if m.place else None) for m in geonews.parse("Fighting in Mosul.")]
[('Mosul', 'Mosul')]
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from geonews.settings import ParserSettings

try:
    __version__ = version("geonews")  # pyproject.toml holds the one version number
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["parse", "Geoparser", "ParserSettings", "__version__"]


def __getattr__(name: str):
    # Lazy, so that maps and export can be imported without loading spaCy.
    if name in ("parse", "Geoparser"):
        from geonews.parsing import geoparser

        return getattr(geoparser, name)
    raise AttributeError(f"module 'geonews' has no attribute {name!r}")
