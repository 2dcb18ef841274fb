"""What a geoparser is built from: one typed, checked, picklable settings value.

The CLI builds one :class:`ParserSettings` from its options and passes it down: to the
:class:`~geonews.parsing.geoparser.Geoparser`, to the worker processes of ``--workers`` and
``--scheduler`` (which build their own parser from it), and to the checkpoint of a resumable
run (:meth:`ParserSettings.checkpoint`).

>>> ParserSettings(text_kind="headline").text_kind
<TextKind.HEADLINE: 'headline'>
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from geonews.errors import GeonewsError
from geonews.models import TextKind

__all__ = ["BATCH_SIZE", "MAX_CHUNK_CHARS", "ParserSettings", "SettingsError"]

#: Texts per spaCy batch.
BATCH_SIZE = 32
#: Articles longer than this are processed in chunks of at most this many characters
#: (:mod:`geonews.text.chunking`). spaCy batches 32 texts, so this also bounds a batch (a 2 MB
#: article peaks at 440 MB RSS with 10,000-character chunks, 840 MB with 25,000); cuts at
#: paragraph breaks cost nothing, as spaCy's context window is a few tokens.
MAX_CHUNK_CHARS = 10_000
#: Fields a resumable run always records, even at their defaults.
_ALWAYS_RECORDED = ("model", "gazetteer")


class SettingsError(GeonewsError, ValueError):
    """A parser setting has a bad value."""


@dataclass(frozen=True, slots=True)
class ParserSettings:
    """The settings of a geoparser; checked when made, so a bad value fails before any work.

    ``model`` names a spaCy pipeline or its path (``None``: the best installed English one);
    ``gazetteer`` is an index path (``None``: ``$GEONEWS_GAZETTEER`` or the embedded index,
    built on first use); ``resolver_weights`` a weights file written by ``geonews train``
    (``None``: the packaged one); ``text_kind`` the kind of the documents that do not give
    their own (``None``: detected per document); ``batch_size`` the texts per spaCy batch;
    ``max_chunk_chars`` the longest text spaCy gets at once (longer articles are cut).
    """

    model: str | None = None
    gazetteer: str | None = None
    resolver_weights: str | None = None
    text_kind: TextKind | None = None
    batch_size: int = BATCH_SIZE
    max_chunk_chars: int = MAX_CHUNK_CHARS

    def __post_init__(self) -> None:
        for name in ("model", "gazetteer", "resolver_weights"):
            object.__setattr__(self, name, _path_or_name(name, getattr(self, name)))
        object.__setattr__(self, "text_kind", _text_kind(self.text_kind))
        _at_least("batch_size", self.batch_size, 1)
        _at_least("max_chunk_chars", self.max_chunk_chars, 2)

    def checkpoint(self) -> dict[str, Any]:
        """The settings as a resumable run records them (JSON values): the model and the
        gazetteer always, the others only when they differ from their defaults, so that a
        run started before a setting existed still resumes."""
        record = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name in _ALWAYS_RECORDED or value != field.default:
                record[field.name] = value.value if isinstance(value, TextKind) else value
        return record


def _path_or_name(name: str, value: object) -> str | None:
    if value is None or (isinstance(value, str) and value):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise SettingsError(f"{name} must be a name or a path (or None for the default), "
                        f"not {value!r}")


def _text_kind(value: object) -> TextKind | None:
    if value is None or isinstance(value, TextKind):
        return value
    try:
        return TextKind(str(value).strip().lower())
    except ValueError:
        raise SettingsError(f"unknown text kind {value!r} (allowed: "
                            f"{', '.join(TextKind)}, or None to detect it per document)"
                            ) from None


def _at_least(name: str, value: object, least: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise SettingsError(f"{name} must be a whole number of at least {least}, "
                            f"not {value!r}")
