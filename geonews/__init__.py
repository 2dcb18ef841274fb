"""geonews: a geoparser for news.

>>> import geonews
>>> [(m.mention.text, m.place.name if m.place else None) for m in geonews.parse("Fighting in Mosul.")]
[('Mosul', 'Mosul')]
"""

from __future__ import annotations

__version__ = "0.1.0"
