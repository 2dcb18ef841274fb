"""``geonews export``, ``geonews regions`` and ``geonews mentions``.

``regions`` and ``mentions`` take parsed results or articles: a ``.jsonl`` input (or stdin)
whose first record has ``doc_id``, ``start`` and ``end`` is read as mention records as they
are; any other input is read as articles and parsed first.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
import warnings
from typing import Any

import click

from gazetteer.errors import GazetteerError
from geonews.cli.app import main
from geonews.cli.options import GAZETTEER, GIVEN_SPANS, INPUTS, MODEL
from geonews.export import (FORMATS, PER, WRITERS, format_for, is_mention_line,
                            is_mentions_file, read_records, records_from_lines, write_records)
from geonews.errors import InputWarning
from geonews.regions import (FOCUS_COLUMNS, TABLE_COLUMNS, RegionTree, find_region,
                             focus_dict, focus_in, focus_tree, mentions_in, region_tree)

__all__ = ["export", "regions", "mentions"]


def _stdin_records_or_documents() -> tuple[list[dict[str, Any]], list[Any]]:
    """Stdin as mention records if its first line is one, else as one article."""
    from geonews.inputs import decode
    from geonews.models import Document

    data = sys.stdin.buffer.read()
    lines = data.splitlines()
    first = next((line for line in lines if line.strip()), b"")
    if is_mention_line(first):
        return list(records_from_lines(lines, "<stdin>")), []
    text = decode(data, "<stdin>")
    if text is None or not text.strip():
        warnings.warn("<stdin>: empty, skipped", InputWarning, stacklevel=2)
        return [], []
    return [], [Document(id="stdin", text=text)]


def load_records(inputs: tuple[str, ...], *, model: str | None = None,
                 gazetteer_path: str | None = None,
                 given_spans: bool = False) -> tuple[list[dict[str, Any]], Any]:
    """The mention records of ``inputs`` (parsed files read, articles parsed with ``model``
    and the gazetteer at ``gazetteer_path``) and the geoparser used (``None`` when nothing
    needed parsing)."""
    from geonews.inputs import read_documents

    records: list[dict[str, Any]] = []
    documents: list[Any] = []
    parsed = [p for p in inputs if p != "-" and is_mentions_file(p)]
    articles = [p for p in inputs if p != "-" and p not in parsed]
    streams = [read_records(p) for p in parsed]  # checks every path before reading
    article_stream = read_documents(articles) if articles else iter(())
    if "-" in inputs:
        records, documents = _stdin_records_or_documents()
    for stream in streams:
        records.extend(stream)
    parser = None
    if articles or documents:
        from geonews.pipeline import Geoparser
        from geonews.schema import records as schema_records

        parser = Geoparser(model=model, gazetteer=gazetteer_path)
        for doc in parser.parse_documents(itertools.chain(documents, article_stream),
                                          given_spans=given_spans):
            records.extend(schema_records(doc))
    return records, parser


def _gazetteer(parser: Any, path: str | None) -> Any:
    """The parser's gazetteer, else the index at ``path`` (which must be built), else the
    default index if built, else ``None`` (names from the records only)."""
    from gazetteer import Gazetteer

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
def export(inputs: tuple[str, ...], output: str, format_: str | None, per: str) -> None:
    """Convert parsed mentions (JSONL from 'geonews parse') to a GIS format.

    \b
    Example: geonews export mentions.jsonl -o mentions.gpkg
    """
    fmt = format_for(output, format_)
    streams = [read_records(p) for p in inputs]
    count = write_records(itertools.chain.from_iterable(streams), output, format=fmt,
                          per=per)
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


def _print_focus_tree(tree: RegionTree) -> None:
    rows = [("  " * depth + (r.name or r.code), r.code, r.documents) for depth, r in tree.walk()]
    name_width = max([len("FOCUS")] + [len(r[0]) for r in rows])
    code_width = max([len("CODE")] + [len(r[1]) for r in rows])
    click.echo(f"{'FOCUS':<{name_width}}  {'CODE':<{code_width}}  ARTICLES")
    for name, code, docs in rows:
        click.echo(f"{name:<{name_width}}  {code:<{code_width}}  {docs:>8}")
    click.echo(f"{tree.mentions} article{'s' if tree.mentions != 1 else ''}: {tree.outside} "
               "without a focus.")


@main.command("regions")
@INPUTS
@click.option("--by", type=click.Choice(["mentions", "focus"]), default="mentions",
              show_default=True,
              help="Count every mention (country > admin1 > admin2), or each article once at "
                   "its focus (country > admin1 > city).")
@click.option("--json", "as_json", is_flag=True, help="Print the tree as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per region.")
@GIVEN_SPANS
@MODEL
@GAZETTEER
def regions(inputs: tuple[str, ...], by: str, as_json: bool, as_csv: bool, given_spans: bool,
            model: str | None, gazetteer_path: str | None) -> None:
    """Mention, place and document counts per country, admin1 and admin2; with '--by focus',
    article counts per focus country, admin1 and city.

    INPUT is parsed mentions (JSONL from 'geonews parse') or articles, which are parsed.

    \b
    Examples:
      geonews regions mentions.jsonl
      geonews regions mentions.jsonl --by focus --csv
    """
    from geonews.focus import focus_by_document

    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    records, _ = load_records(inputs, model=model, gazetteer_path=gazetteer_path,
                              given_spans=given_spans)
    by_focus = by == "focus"
    tree = focus_tree(focus_by_document(records)) if by_focus else region_tree(records)
    if as_json:
        data = focus_dict(tree) if by_focus else tree.as_dict()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(FOCUS_COLUMNS if by_focus else TABLE_COLUMNS)
        for _, r in tree.walk():
            counts = [r.documents] if by_focus else [r.mentions, r.places, r.documents]
            writer.writerow([r.level, r.code, r.name or "", r.parent_code or "", *counts])
        click.echo(buffer.getvalue(), nl=False)
    elif not tree.mentions:
        click.echo("No articles." if by_focus else "No mentions.")
    else:
        (_print_focus_tree if by_focus else _print_tree)(tree)


def _focused_in(records: list[dict[str, Any]], region: Any) -> list[dict[str, Any]]:
    """The records of the articles whose focus lies in ``region``."""
    from geonews.focus import focus_by_document

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
@GIVEN_SPANS
@MODEL
@GAZETTEER
def mentions(inputs: tuple[str, ...], region_query: str | None, by_focus: bool, as_json: bool,
             output: str | None, given_spans: bool, model: str | None,
             gazetteer_path: str | None) -> None:
    """List mentions with their sentences and documents, optionally in one region.

    \b
    Examples:
      geonews mentions --region Nineveh mentions.jsonl
      geonews mentions --region Nineveh --focus mentions.jsonl
    """
    if by_focus and region_query is None:
        raise click.UsageError("--focus needs --region")
    if output:
        format_for(output)
    records, parser = load_records(inputs, model=model, gazetteer_path=gazetteer_path,
                                   given_spans=given_spans)
    heading = f"{len(records)} mentions"
    if region_query is not None:
        region = find_region(region_query, records, _gazetteer(parser, gazetteer_path))
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
            click.echo(f"{r['doc_id']}  {r['start']}-{r['end']}  {r.get('text')} -> {place}")
            click.echo(f"    {_marked(r)}")
