"""Browsing mentions by region: the tree country → admin1 → admin2, and the mentions in one.

Works on schema records (no NLP): a mention counts toward its place's country, admin1 and
admin2 (a mention of a country counts toward the country only). ``places`` counts distinct
resolved places, ``documents`` distinct documents, ``lat``/``lon`` is the mean point of the
mentions. This is the one region tree of geonews: the CLI, the GeoPackage ``regions`` layer and
the map's region browser (:mod:`geonews.maps.regions`) all build on :func:`region_table`.

A region query (:func:`find_region`) matches a name or alias (case, accents and a trailing
"Governorate"/"Province"… ignored), an ISO 3166-2 code (``IQ-NI``), a GeoNames code (``IQ.15``)
or a country code (``IQ``): through the gazetteer's :meth:`~gazetteer.Gazetteer.region` when
one is given, and always through the names and codes in the records themselves. A name that
matches several regions raises :class:`AmbiguousRegion` listing them, instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Protocol, Sequence

import pandas as pd

from gazetteer.normalize import fold, variants
from gazetteer.place import Place
from geonews.errors import GeonewsError
from geonews.models import Focus, FocusLevel
from geonews.outputs.tables import place_key, typed
from geonews.records.schema import MENTION_FIELDS

__all__ = [
    "Region", "RegionTree", "FocusTree", "LEVELS", "region_table", "region_tree",
    "find_region", "mentions_in", "RegionError", "RegionNotFound", "AmbiguousRegion",
    "focus_tree", "focus_in", "FOCUS_COLUMNS", "TABLE_COLUMNS",
]

#: Region levels, coarsest first: ``(level, code field, name field)``.
LEVELS: tuple[tuple[str, str, str], ...] = (
    ("country", "country_code", "country"),
    ("admin1", "admin1_code", "admin1"),
    ("admin2", "admin2_code", "admin2"),
)
_LEVEL_OF_FEATURE = {"country": "country", "ADM1": "admin1", "ADM2": "admin2"}
_FEATURE_OF_LEVEL = {level: feature for feature, level in _LEVEL_OF_FEATURE.items()}
_CODE_FIELD = {level: code for level, code, _ in LEVELS}
#: How many choices an ambiguity error lists.
SHOWN_CHOICES = 10
#: Columns of a region table (``geonews regions --csv``, the GeoPackage ``regions`` layer).
TABLE_COLUMNS = ("level", "code", "name", "parent_code", "mentions", "places", "documents")
#: The counts of a region in a region tree.
_MENTION_COUNTS = ("mentions", "places", "documents")


class RegionError(GeonewsError, LookupError):
    """A region query did not name exactly one region."""


class RegionNotFound(RegionError):
    """No region has that name or code."""


class AmbiguousRegion(RegionError):
    """Several regions have that name; ``choices`` lists them."""

    def __init__(self, query: str, choices: Sequence["Region"]) -> None:
        self.query = query
        self.choices = tuple(choices)
        listed = "; ".join(f"{c.code} {c.describe()}" for c in self.choices[:SHOWN_CHOICES])
        more = len(self.choices) - SHOWN_CHOICES
        if more > 0:
            listed += f"; and {more} more"
        super().__init__(f"region {query!r} is ambiguous: {listed} (give one of these codes)")


class RegionSource(Protocol):
    """What :func:`find_region` needs of a gazetteer."""

    def region(self, code_or_name: str) -> list[Place]: ...


@dataclass
class Region:
    """A country, admin1 or admin2 division with its counts and sub-regions."""

    level: str
    code: str
    name: str | None
    parent_code: str | None = None
    mentions: int = 0
    places: int = 0
    documents: int = 0
    context: str | None = None  # e.g. the country of an admin1, for listings
    lat: float | None = None  # the mean point of its mentions (None without mentions)
    lon: float | None = None
    children: list["Region"] = field(default_factory=list)

    def describe(self) -> str:
        """``"Nineveh (admin1 in Iraq; 12 mentions)"``."""
        where = f" in {self.context}" if self.context else ""
        return f"{self.name or self.code} ({self.level}{where}; {self.mentions} mentions)"

    def as_dict(self, counts: Sequence[str] = _MENTION_COUNTS) -> dict[str, Any]:
        """A JSON-ready dict with the ``counts`` named, children nested."""
        return {"level": self.level, "code": self.code, "name": self.name,
                **{name: getattr(self, name) for name in counts},
                "children": [c.as_dict(counts) for c in self.children]}


def _walk(regions: list[Region]) -> Iterator[tuple[int, Region]]:
    """``(depth, region)`` pairs of a forest of regions, depth first, in display order."""
    stack = [(0, r) for r in reversed(regions)]
    while stack:
        depth, region = stack.pop()
        yield depth, region
        stack.extend((depth + 1, c) for c in reversed(region.children))


@dataclass
class RegionTree:
    """Countries (with nested admin1/admin2) plus the mentions outside any region."""

    regions: list[Region]
    mentions: int
    unresolved: int
    outside: int  # resolved, but to no country (a continent, a sea …)

    def walk(self) -> Iterator[tuple[int, Region]]:
        """``(depth, region)`` pairs, depth first, in display order."""
        return _walk(self.regions)

    def as_dict(self) -> dict[str, Any]:
        return {"mentions": self.mentions, "unresolved": self.unresolved,
                "outside": self.outside, "regions": [r.as_dict() for r in self.regions]}


@dataclass
class FocusTree:
    """Articles counted at their focus: countries with nested admin1 and cities (each
    region's ``documents``), the number of ``articles`` and of those ``without_focus``."""

    regions: list[Region]
    articles: int
    without_focus: int

    def walk(self) -> Iterator[tuple[int, Region]]:
        """``(depth, region)`` pairs, depth first, in display order."""
        return _walk(self.regions)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data: ``articles``, ``without_focus`` and the nested ``regions``
        (``level, code, name, documents, children``)."""
        return {"articles": self.articles, "without_focus": self.without_focus,
                "regions": [r.as_dict(("documents",)) for r in self.regions]}


def _frame(records: Any) -> Any:
    """A typed mention table of ``records`` (a list of dicts, or a mention frame already)."""
    if isinstance(records, pd.DataFrame):
        return records
    rows = records if isinstance(records, list) else list(records)
    return typed(pd.DataFrame.from_records(rows, columns=list(MENTION_FIELDS)))


def _summary(frame: Any) -> Any:
    """One row per region: :data:`TABLE_COLUMNS` plus ``lat``/``lon``, the mean point.

    A region's name is the first non-null one its mentions give for its level, else the name
    of a mention of the region itself. Each level is sorted by mentions (most first), then by
    name (case-insensitive) and code.
    """
    frame = frame.assign(_place=place_key(frame))
    frame = frame[frame["_place"].notna()]
    parents = {"country": None, "admin1": frame["country_code"],
               "admin2": frame["admin1_code"].fillna(frame["country_code"])}
    parts = []
    for level, code, name in LEVELS:
        rows = frame[frame[code].notna()]
        itself = rows["feature"].eq(_FEATURE_OF_LEVEL[level]).fillna(False).astype(bool)
        rows = rows.assign(_parent=parents[level],
                           _name=rows[name].fillna(rows["name"].where(itself)))
        groups = rows.groupby(code, sort=False)
        part = pd.DataFrame({
            "level": level,
            "name": groups["_name"].first(),
            "parent_code": groups["_parent"].first() if level != "country" else None,
            "mentions": groups.size(),
            "places": groups["_place"].nunique(),
            "documents": groups["doc_id"].nunique(),
            "lat": groups["lat"].mean(),
            "lon": groups["lon"].mean(),
        })
        part.index.name = "code"
        part = part.reset_index()
        order = part["name"].fillna(part["code"]).astype("string").str.casefold()
        parts.append(part.assign(_order=order)
                     .sort_values(["mentions", "_order", "code"], ascending=[False, True, True])
                     .drop(columns="_order"))
    return pd.concat(parts, ignore_index=True)


def region_table(records: Any) -> Any:
    """One row per region (``TABLE_COLUMNS``), vectorised over a mention frame or records.

    Rows are sorted by level, then by mentions (descending) and name.
    """
    table = _summary(_frame(records))[list(TABLE_COLUMNS)]
    return table.astype({"level": "string", "code": "string", "name": "string",
                         "parent_code": "string", "mentions": "Int64", "places": "Int64",
                         "documents": "Int64"})


def _number(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _regions(table: Any) -> list[Region]:
    names = {code: None if pd.isna(name) else name for code, name in zip(table["code"],
                                                                          table["name"])}
    out = []
    for row in table.itertuples(index=False):  # one row per region, not per mention
        parent = None if pd.isna(row.parent_code) else row.parent_code
        name = None if pd.isna(row.name) else row.name
        out.append(Region(row.level, row.code, name, parent, int(row.mentions),
                          int(row.places), int(row.documents),
                          context=None if parent is None else (names.get(parent) or parent),
                          lat=_number(row.lat), lon=_number(row.lon)))
    return out


def region_tree(records: Any) -> RegionTree:
    """The country → admin1 → admin2 tree of ``records`` with mention, place and document
    counts and mean points; each level sorted by mentions (most first), then name.

    An admin2 without an admin1 code hangs from its country; a region without a country
    code is a root.
    """
    frame = _frame(records)
    nodes = {r.code: r for r in _regions(_summary(frame))}
    roots = []
    for region in nodes.values():
        parent = nodes.get(region.parent_code) if region.parent_code else None
        (parent.children if parent else roots).append(region)
    resolved = frame["lat"].notna() | frame["geonameid"].notna()
    return RegionTree(regions=roots, mentions=len(frame),
                      unresolved=int((~resolved).sum()),
                      outside=int((resolved & frame["country_code"].isna()).sum()))


def _name_keys(name: str) -> set[str]:
    key = fold(name)
    return ({key} | variants(key)) - {""}


def _from_place(place: Place, known: dict[str, Region]) -> Region | None:
    level = _LEVEL_OF_FEATURE.get(place.feature)
    code = getattr(place, _CODE_FIELD[level]) if level else None
    if not code:
        return None
    if code in known:
        return known[code]
    if level == "country":
        return Region(level, code, place.name)
    if level == "admin1":
        return Region(level, code, place.name, place.country_code, context=place.country)
    context = ", ".join(n for n in (place.admin1, place.country) if n) or None
    return Region(level, code, place.name, place.admin1_code, context=context)


def find_region(query: str, records: Any, gazetteer: RegionSource | None = None) -> Region:
    """The one region ``query`` names (see the module docstring), with its counts in
    ``records`` (zero when it has no mentions).

    Raises :class:`RegionNotFound` or :class:`AmbiguousRegion`.
    """
    known = {r.code: r for r in _regions(_summary(_frame(records)))}
    wanted = query.strip()
    by_code = [r for code, r in known.items() if code.casefold() == wanted.casefold()]
    if by_code:
        return by_code[0]
    found: dict[str, Region] = {}
    if gazetteer is not None:
        for place in gazetteer.region(wanted):
            region = _from_place(place, known)
            if region is not None:
                found.setdefault(region.code, region)
    keys = _name_keys(wanted)
    for region in known.values():
        if region.name and keys & _name_keys(region.name):
            found.setdefault(region.code, region)
    if not found:
        raise RegionNotFound(
            f"no region {query!r}: not a country, admin1 or admin2 name or code "
            f"{'in the gazetteer or ' if gazetteer is not None else ''}in these mentions")
    if len(found) > 1:
        levels = [lvl for lvl, _, _ in LEVELS]
        raise AmbiguousRegion(query, sorted(found.values(), key=lambda r: (
            -r.mentions, levels.index(r.level), r.code)))
    return next(iter(found.values()))


def mentions_in(records: Iterable[dict[str, Any]], region: str | Region, *,
                gazetteer: RegionSource | None = None) -> list[dict[str, Any]]:
    """The records of mentions in ``region`` (a :class:`Region` or a query for
    :func:`find_region`), in input order."""
    rows = records if isinstance(records, list) else list(records)
    if isinstance(region, str):
        region = find_region(region, rows, gazetteer)
    code_field = _CODE_FIELD[region.level]
    return [r for r in rows if r.get(code_field) == region.code]


# --------------------------------------------------------------------------- by focus

#: Columns of a region table by article focus (``documents``: articles focused there).
FOCUS_COLUMNS = ("level", "code", "name", "parent_code", "documents")


def focus_tree(foci: dict[str, Focus]) -> FocusTree:
    """Articles counted by focus region: country → admin1 → city, each level sorted by
    articles (most first), then name. ``foci`` maps document ids to their focus
    (:func:`geonews.outputs.documents.focus_by_document`). An article counts toward its focus
    country, division and city."""
    nodes: dict[tuple[str, str], Region] = {}
    roots: list[Region] = []
    for focus in foci.values():
        parent: Region | None = None
        for place in (focus.country, focus.admin1, focus.city):
            if place is None:
                break
            key = (place.level.value, place.code)
            region = nodes.get(key)
            if region is None:
                context = ", ".join(n for n in (
                    place.admin1 if place.level is FocusLevel.CITY else None,
                    place.country if place.level is not FocusLevel.COUNTRY else None) if n)
                region = nodes[key] = Region(place.level.value, place.code, place.name,
                                             parent.code if parent else None,
                                             context=context or None)
                (parent.children if parent else roots).append(region)
            region.documents += 1
            parent = region

    def order(regions: list[Region]) -> None:
        regions.sort(key=lambda r: (-r.documents, (r.name or r.code).casefold(), r.code))
        for r in regions:
            order(r.children)

    order(roots)
    without = sum(f.country is None for f in foci.values())
    return FocusTree(regions=roots, articles=len(foci), without_focus=without)


def focus_in(focus: Focus, region: Region) -> bool:
    """Whether an article with ``focus`` is about somewhere in ``region``: its focus country,
    division or (for an admin2 region) city's division is the region."""
    if region.level == "country":
        return focus.country is not None and focus.country.code == region.code
    if region.level == "admin1":
        return focus.admin1 is not None and focus.admin1.code == region.code
    return focus.city is not None and focus.city.admin2_code == region.code
