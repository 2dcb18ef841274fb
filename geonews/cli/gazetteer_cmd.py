"""``geonews gazetteer build|info|search`` and ``geonews geocode NAME``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gazetteer import BuildSpec, Gazetteer, build_index, default_path
from gazetteer.download import GEONAMES_URL, download_dumps
from gazetteer.geocoders import GazetteerGeocoder, online_geocoder
from gazetteer.paths import cache_dir
from gazetteer.records import place_to_dict
from geonews.cli.app import main

__all__ = ["gazetteer_group", "geocode"]

_path_option = click.option(
    "--path", "index_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Index file (default: $GEONEWS_GAZETTEER or the user cache directory).")


def _open(index_path: Path | None) -> Gazetteer:
    return Gazetteer.open(index_path, build=True)


def _describe(place) -> list[str]:
    """Human lines for a place: name/kind/id, point, admin path."""
    ident = f"GeoNames {place.geonameid}" if place.geonameid else place.source
    lines = [f"{place.name} ({place.feature}, {ident})",
             f"  point: {place.lat:.5f}, {place.lon:.5f}"
             + ("  (derived)" if place.derived else "")]
    path = []
    if place.country:
        path.append(f"{place.country} ({place.country_code})")
    if place.admin1 and place.feature != "ADM1":
        path.append(f"{place.admin1} ({place.admin1_code})")
    if place.admin2 and place.feature not in ("ADM2",):
        path.append(f"{place.admin2} ({place.admin2_code})")
    if path:
        lines.append("  in: " + " > ".join(path))
    if place.population:
        lines.append(f"  population: {place.population:,}")
    return lines


@main.group("gazetteer")
def gazetteer_group() -> None:
    """Build, inspect and search the offline gazetteer index."""


@gazetteer_group.command("build")
@click.option("--source", type=click.Choice(["embedded", "geonames", "none"]),
              default="embedded", show_default=True,
              help="Base data: the PyPI data packages, the official GeoNames dumps, or none "
                   "(custom places only).")
@click.option("--countries", default="",
              help="GeoNames: comma-separated ISO codes (e.g. IQ,SY); default all countries.")
@click.option("--alternate-names", is_flag=True,
              help="GeoNames: also read the alternate names files.")
@click.option("--from", "from_dir", type=click.Path(file_okay=False, path_type=Path),
              help="GeoNames: read dump files from this folder instead of downloading.")
@click.option("--url", default=None, help="GeoNames: base URL of the dump files.")
@click.option("--download-dir", type=click.Path(file_okay=False, path_type=Path),
              help="GeoNames: where downloads go (default: <cache>/geonames).")
@click.option("--custom", "custom", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="CSV or GeoJSON of extra places layered over the base (repeatable).")
@_path_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build_cmd(source: str, countries: str, alternate_names: bool, from_dir: Path | None,
              url: str | None, download_dir: Path | None, custom: tuple[Path, ...],
              index_path: Path | None, quiet: bool) -> None:
    """Build (or rebuild) the gazetteer index; a failed build keeps the old index."""
    codes = tuple(c.strip().upper() for c in countries.split(",") if c.strip())
    if source != "geonames" and (codes or alternate_names or from_dir or url):
        raise click.UsageError("--countries, --alternate-names, --from and --url need "
                               "--source geonames")
    for path in custom:
        if not path.is_file():
            raise click.BadParameter(f"file not found: {path}", param_hint="--custom")
    progress = False if quiet else None
    geonames_dir = None
    if source == "geonames":
        if from_dir is not None:
            if not from_dir.is_dir():
                raise click.BadParameter(f"folder not found: {from_dir}", param_hint="--from")
            geonames_dir = from_dir
        else:
            geonames_dir = download_dir or cache_dir() / "geonames"
            click.echo(f"Downloading GeoNames dumps into {geonames_dir} ...", err=True)
            download_dumps(geonames_dir, countries=codes, alternate_names=alternate_names,
                           base_url=url or GEONAMES_URL, progress=progress)
    spec = BuildSpec(base=source, geonames_dir=str(geonames_dir) if geonames_dir else None,
                     countries=codes, alternate_names=alternate_names,
                     custom=tuple(str(p.resolve()) for p in custom))
    target = build_index(index_path or default_path(), spec, progress=progress)
    with Gazetteer.open(target, build=False) as g:
        info = g.info()
    counts = ", ".join(f"{n:,} {k}" for k, n in info["counts"].items())
    click.echo(f"Built {target} in {info['build_seconds']:.1f} s "
               f"({info['size_bytes'] / 1e6:.1f} MB): {counts}")


@gazetteer_group.command("info")
@_path_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def info_cmd(index_path: Path | None, as_json: bool) -> None:
    """Show the index file, its sources, counts per feature kind and size."""
    with _open(index_path) as g:
        info = g.info()
    if as_json:
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    click.echo(f"index:    {info['path']}")
    click.echo(f"size:     {info['size_bytes'] / 1e6:.1f} MB")
    click.echo(f"schema:   {info['schema_version']}, built {info['built_at']} "
               f"in {info['build_seconds']:.1f} s")
    sources = info["sources"]
    click.echo(f"sources:  {sources.get('base')}")
    for key, value in sources.items():
        if key == "base":
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        click.echo(f"  {key}: {value}")
    if sources.get("base") in ("embedded", "geonames"):
        click.echo("licence:  GeoNames data, CC BY 4.0 (https://www.geonames.org/)")
    click.echo("places:")
    for kind, count in info["counts"].items():
        click.echo(f"  {kind:<10} {count:>9,}")
    click.echo(f"names:    {info['names']:,}")


@gazetteer_group.command("search")
@click.argument("name")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--fuzzy", is_flag=True, help="Also find similar spellings.")
@click.option("--country", help="Only places in this country (ISO alpha-2 code).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@_path_option
def search_cmd(name: str, limit: int, fuzzy: bool, country: str | None, as_json: bool,
               index_path: Path | None) -> None:
    """List the places NAME may refer to, best first."""
    with _open(index_path) as g:
        if country and g.country(country) is None:
            raise click.BadParameter(f"unknown country code {country!r}",
                                     param_hint="--country")
        found = g.candidates(name, limit=limit, fuzzy=fuzzy, country_code=country)
    if not found:
        raise click.ClickException(f"no place named {name!r}"
                                   + ("" if fuzzy else " (try --fuzzy)"))
    for c in found:
        if as_json:
            record = dict(place_to_dict(c.place), matched_name=c.matched_name, match=c.match,
                          name_score=c.name_score)
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        p = c.place
        where = ", ".join(x for x in (p.admin2, p.admin1, p.country_code) if x)
        click.echo(f"{p.geonameid or '-':>9}  {p.name:<28} {p.feature:<9} {where:<40} "
                   f"pop {p.population:>10,}  {c.match} '{c.matched_name}' {c.name_score:.2f}")


@main.command("geocode")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the place as JSON.")
@click.option("--country", help="Only places in this country (ISO alpha-2 code).")
@click.option("--geocoder", "service",
              help="Online geocoder to ask when the gazetteer has no match (opt-in), e.g. "
                   "nominatim or photon.")
@click.option("--user-agent", help="Identifies you to the online geocoder (Nominatim "
                                   "requires it).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Online geocoder timeout in seconds.")
@_path_option
def geocode(name: str, as_json: bool, country: str | None, service: str | None,
            user_agent: str | None, timeout: float, index_path: Path | None) -> None:
    """Resolve one place NAME ("Mosul", "Springfield, Illinois") and print it."""
    with _open(index_path) as g:
        found = GazetteerGeocoder(g).places(name, limit=1, country_code=country)
        place = found[0].place if found else None
        if place is None and service:
            online = online_geocoder(service, user_agent=user_agent, timeout=timeout,
                                     gazetteer=g)
            try:
                place = online.geocode(name)
            finally:
                online.close()
    if place is None:
        hint = "" if service else " (add --geocoder nominatim --user-agent ... to ask online)"
        raise click.ClickException(f"no place found for {name!r}{hint}")
    if as_json:
        click.echo(json.dumps(place_to_dict(place), ensure_ascii=False))
    else:
        click.echo("\n".join(_describe(place)))
