"""``geonews export``, ``geonews regions`` and ``geonews mentions``.

All three read parse output (JSONL, GeoParquet, GeoPackage; told apart from articles by
content, see :mod:`geonews.records.reading`); ``regions`` and ``mentions`` also take
articles, which are parsed first. All three take ``--since``/``--until``/``--min-confidence``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from typing import Any, Callable

import click

import geonews
from gazetteer import Gazetteer
from gazetteer.errors import GazetteerError
from geonews.cli.app import main
from geonews.cli.options import GIVEN_SPANS, INPUTS, PARSER_SETTINGS, SELECTION
from geonews.outputs.documents import focus_by_document
from geonews.outputs.formats import FORMATS, PER, WRITERS, format_for, write_records
from geonews.outputs.regions import (FOCUS_COLUMNS, TABLE_COLUMNS, FocusTree, RegionTree,
                                     find_region, focus_in, focus_tree, mentions_in, region_tree)
from geonews.records.corpus import Selection, load_corpus, require_mentions
from geonews.records.reading import read_mentions
from geonews.records.schema import record_approximation
from geonews.settings import ParserSettings

__all__ = ["available_gazetteer", "export", "geoparser", "load_records", "mentions", "regions",
           "report_undated"]


def load_records(inputs: tuple[str, ...], selection: Selection, *, settings: ParserSettings,
                 given_spans: bool = False) -> tuple[list[dict[str, Any]], Any]:
    """The selected mention records of ``inputs`` (parse output read, articles parsed with
    ``settings``) and the geoparser used (``None`` when nothing needed parsing); says on stderr
    how many undated mentions a period left out."""
    corpus = load_corpus(inputs, geoparser(settings), given_spans=given_spans)
    report_undated(selection, corpus.records)
    return selection.records(corpus.records), corpus.parser


def geoparser(settings: ParserSettings) -> Callable[[], Any]:
    """A factory of the geoparser that parses article inputs (made only when needed)."""

    def make() -> Any:  # geonews.Geoparser loads spaCy on first use only
        return geonews.Geoparser(settings)

    return make


def report_undated(selection: Selection, records: list[dict[str, Any]]) -> None:
    undated = selection.undated(records)
    if undated:
        click.echo(f"Note: {undated} mention{'s' if undated != 1 else ''} of undated articles "
                   "left out by --since/--until.", err=True)


def available_gazetteer(parser: Any, path: str | None) -> Any:
    """The parser's gazetteer, else the index at ``path`` (which must be built), else the
    default index if built, else ``None`` (names, and focus points, from the records
    only)."""
    found = getattr(parser, "gazetteer", None)
    if found is not None:
        return found
    if path is not None:
        return Gazetteer.open(path, build=False)
    try:
        return Gazetteer.open(build=False)
    except GazetteerError:
        return None


_FORMATS_HELP = "\b\nFormats:\n" + "\n".join(
    f"  {f.name:<11} {' '.join(f.extensions):<22} {f.description}" for f in FORMATS.values())


@main.command("export", epilog=_FORMATS_HELP)
@INPUTS
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file; its extension picks the format ('-': JSONL to stdout).")
@click.option("--format", "format_", type=click.Choice(list(WRITERS)), default=None,
              help="Output format, overriding the extension.")
@click.option("--per", type=click.Choice(PER), default="mention", show_default=True,
              help="One row per mention, or per resolved place.")
@SELECTION
def export(inputs: tuple[str, ...], output: str, format_: str | None, per: str,
           selection: Selection) -> None:
    """Convert parse output (JSONL, GeoParquet, GeoPackage) to a GIS format.

    \b
    Examples:
      geonews export mentions.jsonl -o mentions.gpkg
      geonews export mentions.gpkg -o week.gpkg --since 2016-11-01 --until 2016-11-07
    """
    fmt = format_for(output, format_)
    require_mentions(inputs, "export")
    streams = [read_mentions(p) for p in inputs]  # checks every path before reading
    records: Any = itertools.chain.from_iterable(streams)
    if selection != Selection():
        everything = list(records)
        report_undated(selection, everything)
        records = selection.records(everything)
    count = write_records(records, output, format=fmt, per=per,
                          gazetteer=available_gazetteer(None, None))
    where = "stdout" if output == "-" else output
    click.echo(f"Wrote {count} {per}{'s' if count != 1 else ''} to {where} ({fmt}).", err=True)


def _print_tree(tree: RegionTree) -> None:
    rows = [("  " * depth + (r.name or r.code), r.code, r.mentions, r.places, r.documents)
            for depth, r in tree.walk()]
    name_width = max([len("REGION")] + [len(r[0]) for r in rows])
    code_width = max([len("CODE")] + [len(r[1]) for r in rows])
    click.echo(f"{'REGION':<{name_width}}  {'CODE':<{code_width}}  MENTIONS  PLACES  DOCS")
    for name, code, mentions_, places, docs in rows:
        click.echo(f"{name:<{name_width}}  {code:<{code_width}}  {mentions_:>8}  {places:>6}"
                   f"  {docs:>4}")
    click.echo(f"{tree.mentions} mentions: {tree.unresolved} unresolved, "
               f"{tree.outside} outside any country.")


def _print_focus_tree(tree: FocusTree) -> None:
    rows = [("  " * depth + (r.name or r.code), r.code, r.documents) for depth, r in tree.walk()]
    name_width = max([len("FOCUS")] + [len(r[0]) for r in rows])
    code_width = max([len("CODE")] + [len(r[1]) for r in rows])
    click.echo(f"{'FOCUS':<{name_width}}  {'CODE':<{code_width}}  ARTICLES")
    for name, code, docs in rows:
        click.echo(f"{name:<{name_width}}  {code:<{code_width}}  {docs:>8}")
    click.echo(f"{tree.articles} article{'s' if tree.articles != 1 else ''}: "
               f"{tree.without_focus} without a focus.")


@main.command("regions")
@INPUTS
@click.option("--by", type=click.Choice(["mentions", "focus"]), default="mentions",
              show_default=True,
              help="Count every mention (country > admin1 > admin2), or each article once at "
                   "its focus (country > admin1 > city).")
@click.option("--json", "as_json", is_flag=True, help="Print the tree as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per region.")
@SELECTION
@GIVEN_SPANS
@PARSER_SETTINGS
def regions(inputs: tuple[str, ...], by: str, as_json: bool, as_csv: bool, selection: Selection,
            given_spans: bool, settings: ParserSettings) -> None:
    """Mention, place and document counts per country, admin1 and admin2; with '--by focus',
    article counts per focus country, admin1 and city.

    INPUT is parse output (JSONL, GeoParquet, GeoPackage) or articles, which are parsed.

    \b
    Examples:
      geonews regions mentions.jsonl
      geonews regions mentions.jsonl --by focus --csv
      geonews regions mentions.jsonl --since 2016-11-01 --min-confidence 0.5
    """
    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    records, _ = load_records(inputs, selection, settings=settings, given_spans=given_spans)
    by_focus = by == "focus"
    tree = focus_tree(focus_by_document(records)) if by_focus else region_tree(records)
    if as_json:
        click.echo(json.dumps(tree.as_dict(), ensure_ascii=False, indent=2))
    elif as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(FOCUS_COLUMNS if by_focus else TABLE_COLUMNS)
        for _, r in tree.walk():
            counts = [r.documents] if by_focus else [r.mentions, r.places, r.documents]
            writer.writerow([r.level, r.code, r.name or "", r.parent_code or "", *counts])
        click.echo(buffer.getvalue(), nl=False)
    elif by_focus and not tree.articles:
        click.echo("No articles.")
    elif not by_focus and not tree.mentions:
        click.echo("No mentions.")
    else:
        (_print_focus_tree if by_focus else _print_tree)(tree)


def _focused_in(records: list[dict[str, Any]], region: Any) -> list[dict[str, Any]]:
    """The records of the articles whose focus lies in ``region``."""
    about = {doc for doc, focus in focus_by_document(records).items() if focus_in(focus, region)}
    return [r for r in records if str(r["doc_id"]) in about]


def _marked(record: dict[str, Any]) -> str:
    """The mention's sentence on one line with the mention in [brackets]."""
    sentence = record.get("sentence")
    if not sentence:
        return f"[{record.get('text', '')}]"
    offset = record.get("sentence_start") or 0
    at, end = record["start"] - offset, record["end"] - offset
    marked = f"{sentence[:at]}[{sentence[at:end]}]{sentence[end:]}"
    return " ".join(marked.split())


@main.command("mentions")
@INPUTS
@click.option("--region", "region_query", metavar="NAME_OR_CODE", default=None,
              help="Only mentions in this country/admin1/admin2: a name, alias, ISO 3166-2 "
                   "code (IQ-NI) or GeoNames code (IQ.15).")
@click.option("--focus", "by_focus", is_flag=True,
              help="With --region: only articles whose focus lies in the region (not those "
                   "that merely mention it).")
@click.option("--json", "as_json", is_flag=True, help="Print JSONL mention records.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the mentions to a file instead (any 'export' format).")
@SELECTION
@GIVEN_SPANS
@PARSER_SETTINGS
def mentions(inputs: tuple[str, ...], region_query: str | None, by_focus: bool, as_json: bool,
             output: str | None, selection: Selection, given_spans: bool,
             settings: ParserSettings) -> None:
    """List mentions with their sentences and documents, optionally in one region.

    \b
    Examples:
      geonews mentions --region Nineveh mentions.jsonl
      geonews mentions --region Nineveh --focus mentions.jsonl
      geonews mentions --region IQ-NI --since 2016-11-03 --until 2016-11-03 mentions.gpkg
    """
    if by_focus and region_query is None:
        raise click.UsageError("--focus needs --region")
    if output:
        format_for(output)
    records, parser = load_records(inputs, selection, settings=settings,
                                   given_spans=given_spans)
    heading = f"{len(records)} mentions"
    if region_query is not None:
        region = find_region(region_query, records, available_gazetteer(parser, settings.gazetteer))
        if by_focus:
            records = _focused_in(records, region)
        records = mentions_in(records, region)
        heading = f"{region.name or region.code} ({region.level} {region.code}" + (
            f" in {region.context}" if region.context else "") + f"): {len(records)} mentions"
        if by_focus:
            heading += " from articles about it"
    documents = len({r["doc_id"] for r in records})
    heading += f" in {documents} document{'s' if documents != 1 else ''}"
    if output:
        count = write_records(records, output)
        click.echo(f"{heading}; wrote {count} to {output}.", err=True)
    elif as_json:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        click.echo(heading + ".", err=True)
    else:
        click.echo(heading + ".")
        for r in records:
            place = r.get("name") or "unresolved"
            if record_approximation(r) is not None:
                place += " (approximate)"
            date = f"{r['date']}  " if r.get("date") else ""
            click.echo(f"{r['doc_id']}  {date}{r['start']}-{r['end']}  {r.get('text')} -> "
                       f"{place}")
            click.echo(f"    {_marked(r)}")
