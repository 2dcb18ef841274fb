"""``geonews parse``: geoparse articles and write one record per mention."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from geonews.cli.app import main
from geonews.cli.options import GIVEN_SPANS, INPUTS, PARSER_SETTINGS, QUIET, WORKERS
from geonews.models import Document, ParsedDocument
from geonews.outputs.dataset import append_parsed, new_documents
from geonews.outputs.documents import document_record
from geonews.outputs.formats import (DOCUMENT_FORMATS, PER, WRITERS, format_for, write_documents,
                                     write_records)
from geonews.parsing.distributed import PARTITION_SIZE, ParseBatch, parse_distributed
from geonews.parsing.progress import progress
from geonews.parsing.resume import ResumableOutput
from geonews.records.schema import records
from geonews.settings import ParserSettings
from geonews.text.inputs import read_documents

__all__ = ["parse"]


@main.command("parse")
@INPUTS
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(allow_dash=True),
              help="Output file; its extension picks the format ('-': JSONL to stdout). "
                   "With --scheduler: a directory of part files.")
@click.option("--format", "format_", type=click.Choice(list(WRITERS)), default=None,
              help="Output format, overriding the extension.")
@click.option("--per", type=click.Choice(PER), default="mention", show_default=True,
              help="One row per mention, or per resolved place.")
@click.option("--append", is_flag=True,
              help="Add to an existing .gpkg/.parquet dataset, skipping documents it holds.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run (or a JSONL output), skipping documents done.")
@click.option("--documents", "documents_path", type=click.Path(dir_okay=False), default=None,
              metavar="FILE",
              help="Also write one row per article with its focus (country, admin1, city, "
                   "point, confidence) to FILE (.jsonl, .csv, .geojson, .gpkg, .parquet).")
@GIVEN_SPANS
@PARSER_SETTINGS
@WORKERS
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on a Dask cluster: 'local' (a cluster of --workers processes here, "
                   "default one per CPU) "
                   "or a scheduler address such as tcp://HOST:8786. Writes a partitioned "
                   "GeoParquet (or JSONL) dataset to the -o directory.")
@click.option("--partition-size", type=click.IntRange(min=1), metavar="N",
              default=PARTITION_SIZE, show_default=True,
              help="With --scheduler: documents per partition (one task, one part file).")
@QUIET
def parse(inputs: tuple[str, ...], output: str, format_: str | None, per: str, append: bool,
          resume: bool, documents_path: str | None, given_spans: bool, settings: ParserSettings,
          workers: int, scheduler: str | None, partition_size: int, quiet: bool) -> None:
    """Geoparse articles (.txt, folders, .jsonl, .csv, .html, '-' for stdin).

    \b
    Examples:
      geonews parse article.txt -o mentions.jsonl
      geonews parse corpus.jsonl -o mentions.gpkg
      geonews parse corpus.jsonl -o mentions.jsonl --documents documents.csv
      cat article.txt | geonews parse -
      geonews parse corpus.jsonl -o mentions.jsonl --workers 2
      geonews parse corpus.jsonl -o mentions.parquet --scheduler tcp://HOST:8786
    """
    # The geoparser loads spaCy (0.5 s): imported here, not at the top, to keep --help fast.
    from geonews.parsing.geoparser import Geoparser, parse_batch

    if documents_path is not None:
        _check_documents_option(documents_path, resume=resume, scheduler=scheduler)
    if scheduler is not None:
        source = click.get_current_context().get_parameter_source("workers")
        _parse_on_cluster(read_documents(inputs), output, scheduler=scheduler,
                          format_=format_, per=per, append=append, resume=resume,
                          partition_size=partition_size,
                          workers=None if source is ParameterSource.DEFAULT else workers,
                          quiet=quiet, parse=partial(parse_batch, settings, given_spans))
        return
    if output != "-" and Path(output).is_dir():
        raise click.UsageError(f"{output} is a directory; give an output file "
                               "(a directory of part files needs --scheduler)")
    if resume and append:
        raise click.UsageError("--resume and --append cannot be combined")
    if resume and output == "-":
        raise click.UsageError("--resume needs an output file (-o FILE)")
    fmt = format_for(output, format_)
    documents = read_documents(inputs)
    parser = Geoparser(settings)
    document_rows: list[dict[str, Any]] = []

    def parse_all(docs: Iterable[Document]) -> Iterator[ParsedDocument]:
        parsed = progress(parser.parse_documents(docs, given_spans=given_spans,
                                                 workers=workers), desc="Parsing", quiet=quiet)
        if documents_path is None:
            return parsed
        return _with_document_rows(parsed, document_rows)

    try:
        _parse_to(output, fmt, per, append, resume, documents, parse_all, given_spans,
                  settings, parser.gazetteer)
    finally:
        if documents_path is not None and document_rows:
            count = write_documents(document_rows, documents_path)
            click.echo(f"Wrote {count} document{'s' if count != 1 else ''} to "
                       f"{documents_path}.", err=True)


def _check_documents_option(path: str, *, resume: bool, scheduler: str | None) -> None:
    """``--documents FILE``: a known extension, and a run that parses every document."""
    if Path(path).suffix.lower() not in DOCUMENT_FORMATS:
        raise click.UsageError(f"--documents {path}: unknown extension "
                               f"{Path(path).suffix or '(none)'!r} (supported: "
                               f"{', '.join(DOCUMENT_FORMATS)})")
    for flag, used in (("--resume", resume), ("--scheduler", scheduler is not None)):
        if used:
            raise click.UsageError(f"--documents cannot be combined with {flag} (it writes the "
                                   "documents parsed in this run; 'geonews export' writes the "
                                   "documents table of a whole output)")


def _with_document_rows(parsed: Iterable[ParsedDocument],
                        rows: list[dict[str, Any]]) -> Iterator[ParsedDocument]:
    """``parsed``, adding each document's documents row (its focus) to ``rows``."""
    for doc in parsed:
        rows.append(document_record(doc))
        yield doc


def _parse_to(output: str, fmt: str, per: str, append: bool, resume: bool,
              documents: Iterable[Document],
              parse_all: Callable[[Iterable[Document]], Iterator[ParsedDocument]],
              given_spans: bool, settings: ParserSettings, gazetteer: Any) -> None:
    """Parse ``documents`` with ``parse_all`` into ``output`` (appended to a dataset, through
    a resumable run recording the parser's ``settings``, or as JSONL to stdout); the
    parser's ``gazetteer`` places the foci of a documents table, as in the parse."""
    if append:
        result = append_parsed(parse_all(new_documents(documents, output)), output,
                               gazetteer=gazetteer)
        click.echo(f"Appended {result.documents} documents ({result.mentions} mentions) to "
                   f"{output}; {result.skipped} already there.", err=True)
        return
    if output != "-":
        run = ResumableOutput(output, resume=resume,
                              settings={**settings.checkpoint(), "given_spans": given_spans})
        if run.resumed_documents:
            click.echo(f"Resuming: {run.resumed_documents} documents already done, "
                       "skipped.", err=True)
        run.write(parse_all(run.pending(documents)))
        count = run.finish(format=fmt, per=per, gazetteer=gazetteer)
        click.echo(f"Wrote {count} {per}s to {output} ({fmt}).", err=True)
        return
    write_records(itertools.chain.from_iterable(map(records, parse_all(documents))), output,
                  format=fmt, per=per)


def _parse_on_cluster(documents: Iterable[Document], output: str, *, scheduler: str,
                      format_: str | None, per: str, append: bool, resume: bool,
                      partition_size: int, workers: int | None, quiet: bool,
                      parse: ParseBatch) -> None:
    """``parse --scheduler``: a partitioned dataset written by a Dask cluster (a local one of
    ``workers`` processes, ``None``: one per CPU) with ``parse``."""
    unsupported = [flag for flag, used in (("--append", append), ("--resume", resume),
                                           ("--per place", per != "mention")) if used]
    if unsupported:
        raise click.UsageError(f"{', '.join(unsupported)} cannot be combined with --scheduler "
                               "(it writes one row per mention into a new directory)")
    if output == "-":
        raise click.UsageError("--scheduler writes a directory of part files; give it with -o")
    run = parse_distributed(documents, output, scheduler=scheduler, parse=parse, format=format_,
                            partition_size=partition_size, workers=workers, quiet=quiet)
    click.echo(f"Wrote {run.mentions} mentions of {run.documents} documents to {run.output}/ "
               f"({run.parts} {run.format} parts).", err=True)
