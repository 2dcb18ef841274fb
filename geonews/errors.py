"""The geonews exception hierarchy.

Every error geonews raises on purpose derives from :class:`GeonewsError`, and, like geopy's
``GeocoderTimedOut(GeocoderServiceError, TimeoutError)``, mixes in the built-in exception that
describes it, so callers may catch either ``GeonewsError`` or the familiar built-in.
The stand-alone ``gazetteer`` package has its own root, :class:`gazetteer.errors.GazetteerError`,
re-exported here. The CLI turns either into a one-line message and a non-zero exit code.
"""

from __future__ import annotations

from gazetteer.errors import GazetteerError

__all__ = [
    "GeonewsError",
    "InputError",
    "InputNotFound",
    "InputFormatError",
    "ModelNotFound",
    "OutputFormatError",
    "GazetteerError",
    "GeonewsWarning",
    "InputWarning",
]


class GeonewsError(Exception):
    """Base class of every error geonews raises on purpose."""


class InputError(GeonewsError, ValueError):
    """An input cannot be read as articles."""


class InputNotFound(InputError, FileNotFoundError):
    """An input path does not exist."""


class InputFormatError(InputError):
    """An input file is not in a supported format, or a record in it is malformed."""


class OutputFormatError(GeonewsError, ValueError):
    """An output path or ``--format`` names a format geonews cannot write."""


class ModelNotFound(GeonewsError, LookupError):
    """No usable spaCy pipeline is installed."""



class GeonewsWarning(UserWarning):
    """Something was skipped or repaired, and the run went on (a bad record, a bad byte)."""


class InputWarning(GeonewsWarning):
    """An input record or file was skipped or repaired."""
