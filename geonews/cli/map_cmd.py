"""``geonews map``: a layered HTML map of parse output or of articles (parsed first)."""

from __future__ import annotations

from pathlib import Path

import click

from geonews.cli.app import main
from geonews.cli.export_cmd import available_gazetteer, geoparser, report_undated
from geonews.cli.options import GIVEN_SPANS, INPUTS, PARSER_SETTINGS, SELECTION
from geonews.errors import InputError
from geonews.maps import render_map
from geonews.maps.layers import tile_layer
from geonews.records.corpus import Selection, load_corpus, parsed_documents
from geonews.settings import ParserSettings

__all__ = ["default_output", "map_command"]


def default_output(first_input: str) -> Path:
    """``maps/<stem of the first input>.html`` (``maps/stdin.html`` for ``-``)."""
    stem = "stdin" if first_input == "-" else (Path(first_input).stem or "map")
    return Path("maps") / f"{stem}.html"


@main.command("map")
@INPUTS
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default: maps/<first input name>.html).")
@click.option("--tiles", default="OpenStreetMap", show_default=True, metavar="NAME",
              help="Basemap: OpenStreetMap, 'CartoDB positron', 'CartoDB dark_matter', any "
                   "xyzservices name, or 'none' (no basemap; the page needs no network).")
@click.option("--boundaries", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Admin-1 boundary file (Natural Earth admin-1, geoBoundaries ...) drawn as a "
                   "choropleth of mention counts.")
@click.option("--heatmap", is_flag=True, help="Add a heat map layer of the mentions.")
@click.option("--title", default=None, help="Page title (default: the article title or a count).")
@click.option("--inline-assets", is_flag=True, default=None,
              help="Embed Leaflet and its plugins in the page (the default with --tiles none).")
@SELECTION
@GIVEN_SPANS
@PARSER_SETTINGS
def map_command(inputs: tuple[str, ...], output: str | None, tiles: str, boundaries: str | None,
                heatmap: bool, title: str | None, inline_assets: bool | None,
                selection: Selection, given_spans: bool, settings: ParserSettings) -> None:
    """Write one static HTML map of parse output, or of articles (parsed first).

    INPUT is parse output (JSONL, GeoParquet, GeoPackage from 'geonews parse') or articles.
    Articles given with parse output are not parsed again: they give the article view their
    full text. Every place's popup lists its mentions with their sentences and links to them
    in the article view; a panel browses countries, admin regions and places; dated articles
    get a time slider.

    \b
    Examples:
      geonews map article.txt                      # writes maps/article.html
      geonews parse corpus.jsonl -o mentions.jsonl
      geonews map mentions.jsonl corpus.jsonl -o maps/week.html --since 2016-11-01
      geonews map article.txt --tiles none         # works with no network at all
    """
    tile_layer(tiles)  # a bad basemap name fails before the (slow) parsing
    target = Path(output) if output else default_output(inputs[0])
    corpus = load_corpus(inputs, geoparser(settings),
                         given_spans=given_spans)
    report_undated(selection, corpus.records)
    articles = {doc_id: doc for doc_id, doc in corpus.articles.items()
                if selection.keeps_date(doc.date)}
    parsed = parsed_documents(selection.records(corpus.records), articles,
                              gazetteer=available_gazetteer(corpus.parser, settings.gazetteer))
    if not parsed:
        raise InputError("nothing to map: no mentions " + (
            "match --since/--until/--min-confidence" if selection != Selection()
            else "in the input"))
    render_map(parsed, target, tiles=tiles, boundaries=boundaries, heatmap=heatmap, title=title,
               inline_assets=inline_assets or None)
    mentions = [r for p in parsed for r in p.mentions]
    mapped = sum(r.place is not None for r in mentions)
    places = len({r.place for r in mentions if r.place is not None})
    click.echo(f"Wrote {target}: {places} places, {mapped} of {len(mentions)} mentions mapped, "
               f"from {len(parsed)} article{'s' if len(parsed) != 1 else ''}.", err=True)
