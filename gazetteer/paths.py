"""Where the index file lives."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["ENV_VAR", "default_path", "cache_dir"]

#: Environment variable that overrides the default index path.
ENV_VAR = "GEONEWS_GAZETTEER"


def cache_dir() -> Path:
    """The user cache directory of geonews (created on demand by writers)."""
    return Path(platformdirs.user_cache_dir("geonews", appauthor=False))


def default_path() -> Path:
    """``$GEONEWS_GAZETTEER`` if set, else ``<user cache dir>/gazetteer.sqlite``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return cache_dir() / "gazetteer.sqlite"
