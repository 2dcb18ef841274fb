"""geopy integration: the local gazetteer as a geopy geocoder, and opt-in online geocoders.

- :class:`GazetteerGeocoder` is a :class:`geopy.geocoders.base.Geocoder`, so it works wherever
  geopy geocoders do (``geopy.extra.rate_limiter``, geopandas ``tools.geocode`` …). Offline.
- :func:`online_geocoder` wraps any geopy service (Nominatim, Photon, ArcGIS …) for the names
  the local gazetteer lacks: geopy's :class:`~geopy.extra.rate_limiter.RateLimiter` (at most
  one request per second by default, as Nominatim's usage policy requires), an on-disk cache so
  no query is sent twice, a timeout, and geopy errors turned into :class:`GeocoderError`.
  Each result becomes a :class:`Place` whose admin regions come from a reverse lookup in the
  local gazetteer.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from geopy import exc as geopy_exc
from geopy.adapters import URLLibAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.errors import GeocoderError
from gazetteer.gazetteer import Gazetteer
from gazetteer.paths import cache_dir as default_cache_dir
from gazetteer.place import Candidate, Place
from gazetteer.records import place_address, place_to_dict

__all__ = ["GazetteerGeocoder", "OnlineGeocoder", "online_geocoder", "ONLINE_SERVICES"]

#: Service names :func:`online_geocoder` accepts (geopy's).
ONLINE_SERVICES = tuple(sorted(SERVICE_TO_GEOCODER))
#: Services whose usage policy requires an identifying user agent.
_NEEDS_USER_AGENT = {"nominatim", "openmapquest", "photon"}


def _location(place: Place) -> Location:
    return Location(place_address(place), Point(place.lat, place.lon),
                    place_to_dict(place, raw=True))


class GazetteerGeocoder(Geocoder):
    """The local gazetteer behind geopy's geocoder interface (no network).

    ``geocode("Springfield, Illinois")`` uses the parts after the first comma as context:
    candidates inside a matching division or country are preferred.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, fuzzy: bool = True,
                 reverse_max_km: float | None = 250.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open()
        self.fuzzy = fuzzy
        self.reverse_max_km = reverse_max_km

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                limit: int = 10, country_code: str | None = None):
        """The best place for ``query`` (a :class:`Location`), or a list when not
        ``exactly_one``; None when nothing matches. ``timeout`` is accepted and unused."""
        found = self.places(query, limit=limit, country_code=country_code)
        if not found:
            return None
        locations = [_location(c.place) for c in found]
        return locations[0] if exactly_one else locations

    def places(self, query: str, *, limit: int = 10,
               country_code: str | None = None) -> list[Candidate]:
        """Ranked candidates for ``"name[, context, ...]"``."""
        name, *context = [part.strip() for part in (query or "").split(",") if part.strip()] \
            or [""]
        if not name:
            return []
        g = self.gazetteer
        found = g.candidates(name, limit=max(limit, 200), fuzzy=False, country_code=country_code)
        if not found and self.fuzzy:
            found = g.candidates(name, limit=max(limit, 200), fuzzy=True,
                                 country_code=country_code)
        countries = {c.place.country_code for c in found if c.place.country_code}
        for part in context:  # each context part narrows the list, when it can
            regions = list(g.region(part))
            if part.isalpha() and len(part) <= 3:  # "IL" in "Springfield, IL": US-IL
                regions += [p for cc in countries for p in g.region(f"{cc}-{part}")]
            codes = {code for p in regions
                     for code in (p.admin2_code if p.feature == "ADM2" else None,
                                  p.admin1_code if p.feature == "ADM1" else None,
                                  p.country_code if p.feature == "country" else None) if code}
            inside = [c for c in found
                      if {c.place.country_code, c.place.admin1_code, c.place.admin2_code} & codes]
            found = inside or found
        return found[:limit]

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL):
        """The nearest place to ``query`` (``"lat, lon"``, a ``(lat, lon)`` pair or a geopy
        :class:`Point`) as a :class:`Location`, or None if none is within the distance limit."""
        try:
            point = Point(query)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"bad point {query!r}: {exc}") from None
        place = self.gazetteer.reverse(point.latitude, point.longitude,
                                       max_km=self.reverse_max_km)
        if place is None:
            return None
        location = _location(place)
        return location if exactly_one else [location]


class _Cache:
    """A small SQLite cache of online answers: (service, query) → JSON or null (not found)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._con:
            self._con.execute("CREATE TABLE IF NOT EXISTS answers(service TEXT, query TEXT, "
                              "answer TEXT, fetched REAL, PRIMARY KEY(service, query))")

    def get(self, service: str, query: str) -> tuple[bool, Any]:
        with self._lock:
            row = self._con.execute("SELECT answer FROM answers WHERE service=? AND query=?",
                                    (service, query)).fetchone()
        return (False, None) if row is None else (True, json.loads(row[0]))

    def put(self, service: str, query: str, answer: Any) -> None:
        with self._lock, self._con:
            self._con.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?)",
                              (service, query, json.dumps(answer), time.time()))

    def close(self) -> None:
        self._con.close()


class OnlineGeocoder:
    """An online geopy geocoder behind a rate limiter and a cache; see :func:`online_geocoder`."""

    def __init__(self, service: str, geocoder: Geocoder, gazetteer: Gazetteer | None, *,
                 cache: _Cache | None, min_delay_seconds: float, max_retries: int,
                 error_wait_seconds: float, timeout: float) -> None:
        self.service = service
        self.geocoder = geocoder
        self.gazetteer = gazetteer
        self.cache = cache
        self.timeout = timeout
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds,
                                    max_retries=max_retries, error_wait_seconds=error_wait_seconds,
                                    swallow_exceptions=False)

    def location(self, query: str) -> dict[str, Any] | None:
        """The service's answer for ``query`` as ``{"address", "lat", "lon", "raw"}`` (cached)."""
        query = query.strip()
        if self.cache is not None:
            hit, answer = self.cache.get(self.service, query)
            if hit:
                return answer
        try:
            found = self._geocode(query, exactly_one=True, timeout=self.timeout)
        except (geopy_exc.GeocoderTimedOut, geopy_exc.GeocoderUnavailable) as exc:
            if not isinstance(exc, geopy_exc.GeocoderTimedOut) and \
                    "timed out" not in str(exc).lower():
                raise GeocoderError(f"{self.service} is unreachable for {query!r}: {exc}") \
                    from exc
            raise GeocoderError(f"{self.service} did not answer {query!r} within "
                                f"{self.timeout:g} s (raise --timeout or try later)") from exc
        except (geopy_exc.GeocoderAuthenticationFailure,
                geopy_exc.GeocoderInsufficientPrivileges) as exc:
            raise GeocoderError(f"{self.service} refused the request ({exc}); check the API "
                                "key or user agent") from exc
        except geopy_exc.GeocoderRateLimited as exc:
            raise GeocoderError(f"{self.service} rate-limited us ({exc}); wait and retry") \
                from exc
        except geopy_exc.GeopyError as exc:
            origin = exc.__cause__ or exc.__context__
            if isinstance(origin, OSError):  # refused, no route, DNS: never answered
                raise GeocoderError(f"{self.service} is unreachable for {query!r}: "
                                    f"{getattr(origin, 'reason', origin)}") from exc
            raise GeocoderError(f"{self.service} failed for {query!r}: {exc}") from exc
        answer = None if found is None else {
            "address": found.address, "lat": found.latitude, "lon": found.longitude,
            "raw": found.raw}
        if self.cache is not None:
            self.cache.put(self.service, query, answer)
        return answer

    def geocode(self, query: str) -> Place | None:
        """The service's place for ``query`` with admin regions from the local gazetteer."""
        answer = self.location(query)
        if answer is None:
            return None
        near = self.gazetteer.reverse(answer["lat"], answer["lon"], max_km=100) \
            if self.gazetteer is not None else None
        name = (answer["address"] or query).split(",")[0].strip() or query
        return Place(
            geonameid=None, name=name, feature="other", lat=float(answer["lat"]),
            lon=float(answer["lon"]),
            country_code=near.country_code if near else None,
            country=near.country if near else None,
            admin1_code=near.admin1_code if near else None, admin1=near.admin1 if near else None,
            admin2_code=near.admin2_code if near else None, admin2=near.admin2 if near else None,
            source=f"geocoder:{self.service}",
            raw={"address": answer["address"], "service": self.service, "query": query,
                 "response": answer["raw"]})

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


def online_geocoder(name: str, *, user_agent: str | None = None, timeout: float = 10.0,
                    cache_dir: str | Path | None = None, gazetteer: Gazetteer | None = None,
                    min_delay_seconds: float = 1.0, max_retries: int = 2,
                    error_wait_seconds: float = 5.0, use_cache: bool = True,
                    **service_options: Any) -> OnlineGeocoder:
    """An opt-in online geocoder: geopy service ``name`` (``"nominatim"``, ``"photon"`` …).

    ``user_agent`` identifies your application and is mandatory for Nominatim and Photon
    (their usage policies); ``service_options`` go to the geopy class (``api_key``,
    ``domain``, ``scheme`` …). Answers, including "not found", are cached in
    ``<cache_dir>/geocoder-cache.sqlite`` (default: the geonews cache directory).
    """
    key = (name or "").strip().lower()
    try:
        cls = get_geocoder_for_service(key)
    except geopy_exc.GeocoderNotFound:
        raise GeocoderError(f"unknown geocoder {name!r}; choose one of "
                            f"{', '.join(ONLINE_SERVICES)}") from None
    if key in _NEEDS_USER_AGENT and not (user_agent and user_agent.strip()):
        raise GeocoderError(f"{key} requires a user agent that identifies your application "
                            "(its usage policy), e.g. --user-agent 'my-project/1.0 me@example.org'")
    if timeout <= 0:
        raise GeocoderError(f"timeout must be positive (got {timeout})")
    # urllib has no retry loop of its own: the RateLimiter's bounded retries are the only
    # ones, so a 429 with a long Retry-After cannot block past the timeout and retries.
    service_options.setdefault("adapter_factory", URLLibAdapter)
    try:
        geocoder = cls(user_agent=user_agent, timeout=timeout, **service_options)
    except (TypeError, ValueError, geopy_exc.ConfigurationError) as exc:
        raise GeocoderError(f"cannot configure {key}: {exc}") from exc
    cache = _Cache(Path(cache_dir or default_cache_dir()) / "geocoder-cache.sqlite") \
        if use_cache else None
    return OnlineGeocoder(key, geocoder, gazetteer, cache=cache,
                          min_delay_seconds=min_delay_seconds, max_retries=max_retries,
                          error_wait_seconds=error_wait_seconds, timeout=timeout)
