"""Article dates as ISO calendar dates (``YYYY-MM-DD``): the one place dates are normalised.

Articles give dates in many forms (``2016-11-03``, ``2016-11-03T09:30:00Z``, ``Thu, 03 Nov
2016 09:30:00 GMT``, ``November 3, 2016``). Every date that enters geonews — read with an
article, read back from parse output, or given as ``--since``/``--until`` — goes through
:func:`iso_date`. A date written as an ISO date keeps its day as written (not shifted to UTC).
An article whose date cannot be read is *undated*: it is kept and counted as undated.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser  # pandas' dependency

__all__ = ["iso_date", "UNDATED"]

#: How listings and the map call the articles without a date.
UNDATED = "undated"
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


@functools.lru_cache(maxsize=4096)
def iso_date(value: object) -> str | None:
    """``value`` as ``YYYY-MM-DD``, or ``None`` when it is empty or not a readable date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RFC 2822 (RSS feeds)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = dateutil_parser.parse(text, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat() if parsed.year > 1 else None  # a year is needed
