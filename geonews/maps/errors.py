"""Errors raised while rendering a map."""

from __future__ import annotations

from geonews.errors import GeonewsError

__all__ = ["BoundaryFileError", "MapError"]


class MapError(GeonewsError, ValueError):
    """A map option has a value geonews cannot use (for example an unknown basemap)."""


class BoundaryFileError(MapError):
    """A ``--boundaries`` file cannot be read as admin-1 region shapes."""
