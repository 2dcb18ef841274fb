"""An offline GeoNames-derived gazetteer: build, store and query places (stand-alone library).

>>> from gazetteer import Gazetteer
>>> g = Gazetteer.open()                       # builds the embedded index on first use
>>> g.candidates("Mosul")[0].place.admin1       # doctest: +SKIP
'Nīnawá'
"""

from __future__ import annotations

from gazetteer.build import BuildSpec, build_index
from gazetteer.errors import (
    CustomPlacesError,
    DownloadError,
    GazetteerCorrupt,
    GazetteerError,
    GazetteerNotBuilt,
    GazetteerSourceError,
    GeocoderError,
)
from gazetteer.gazetteer import Gazetteer
from gazetteer.normalize import fold
from gazetteer.paths import default_path
from gazetteer.place import FEATURES, Candidate, MatchKind, Place, PlaceKind

__all__ = [
    "Gazetteer", "Place", "PlaceKind", "Candidate", "MatchKind", "FEATURES", "BuildSpec",
    "build_index", "default_path", "fold", "GazetteerError", "GazetteerNotBuilt",
    "GazetteerCorrupt", "GazetteerSourceError", "DownloadError", "CustomPlacesError",
    "GeocoderError",
]
