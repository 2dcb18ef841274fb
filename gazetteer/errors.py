"""The gazetteer exception hierarchy (stand-alone: no geonews import)."""

from __future__ import annotations

__all__ = [
    "GazetteerError",
    "GazetteerNotBuilt",
    "GazetteerCorrupt",
    "GazetteerSourceError",
    "DownloadError",
    "CustomPlacesError",
    "GeocoderError",
]


class GazetteerError(Exception):
    """Base class of every error the gazetteer package raises on purpose."""


class GazetteerNotBuilt(GazetteerError, FileNotFoundError):
    """The index file does not exist and building was not allowed."""


class GazetteerCorrupt(GazetteerError, RuntimeError):
    """The index file exists but is unreadable, of another version, or incomplete."""


class GazetteerSourceError(GazetteerError, ValueError):
    """A source (package data, dump file) is missing or malformed."""


class DownloadError(GazetteerError, ConnectionError):
    """A download failed, was truncated, or did not match its expected size or checksum."""


class CustomPlacesError(GazetteerError, ValueError):
    """A custom places file has missing columns or bad values (the message names the line)."""


class GeocoderError(GazetteerError, RuntimeError):
    """An online geocoder failed: unknown service, missing user agent, timeout, refusal."""
