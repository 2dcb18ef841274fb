"""``geonews parse``: geoparse articles and write one record per mention."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from geonews.cli.app import main
from geonews.cli.options import (GAZETTEER, GIVEN_SPANS, INPUTS, MODEL, QUIET, TEXT_KIND,
                                 WORKERS)
from geonews.distributed import PARTITION_SIZE
from geonews.export import PER, WRITERS, format_for, write_records
from geonews.models import Document, ParsedDocument

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
@GIVEN_SPANS
@TEXT_KIND
@MODEL
@GAZETTEER
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
          resume: bool, given_spans: bool, text_kind: str, model: str | None,
          gazetteer_path: str | None, workers: int, scheduler: str | None, partition_size: int, quiet: bool) -> None:
    """Geoparse articles (.txt, folders, .jsonl, .csv, .html, '-' for stdin).

    \b
    Examples:
      geonews parse article.txt -o mentions.jsonl
      geonews parse corpus.jsonl -o mentions.gpkg
      cat article.txt | geonews parse -
      geonews parse corpus.jsonl -o mentions.jsonl --workers 2
      geonews parse corpus.jsonl -o mentions.parquet --scheduler tcp://HOST:8786
    """
    from geonews.inputs import read_documents
    from geonews.pipeline import Geoparser
    from geonews.progress import progress
    from geonews.schema import records
    from geonews.text_kind import parse_text_kind

    if scheduler is not None:
        source = click.get_current_context().get_parameter_source("workers")
        _parse_on_cluster(read_documents(inputs), output, scheduler=scheduler,
                          format_=format_, per=per, append=append, resume=resume,
                          given_spans=given_spans, partition_size=partition_size,
                          workers=None if source is ParameterSource.DEFAULT else workers,
                          quiet=quiet,
                          settings={"model": model, "gazetteer": gazetteer_path,
                                    "text_kind": parse_text_kind(text_kind)})
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
    parser = Geoparser(model=model, gazetteer=gazetteer_path,
                       text_kind=parse_text_kind(text_kind))

    def parse_all(docs: Iterable[Document]) -> Iterator[ParsedDocument]:
        return progress(parser.parse_documents(docs, given_spans=given_spans,
                                               workers=workers), desc="Parsing", quiet=quiet)

    if append:
        from geonews.dataset import append_parsed, new_documents

        result = append_parsed(parse_all(new_documents(documents, output)), output)
        click.echo(f"Appended {result.documents} documents ({result.mentions} mentions) to "
                   f"{output}; {result.skipped} already there.", err=True)
        return
    if output != "-":
        from geonews.resume import ResumableOutput

        kind = {} if text_kind == "auto" else {"text_kind": text_kind}  # older checkpoints
        run = ResumableOutput(output, resume=resume, settings={
            "model": model, "gazetteer": gazetteer_path, "given_spans": given_spans, **kind})
        if run.resumed_documents:
            click.echo(f"Resuming: {run.resumed_documents} documents already done, "
                       "skipped.", err=True)
        run.write(parse_all(run.pending(documents)))
        count = run.finish(format=fmt, per=per)
        click.echo(f"Wrote {count} {per}s to {output} ({fmt}).", err=True)
        return
    write_records(itertools.chain.from_iterable(map(records, parse_all(documents))), output,
                  format=fmt, per=per)


def _parse_on_cluster(documents: Iterable[Document], output: str, *, scheduler: str,
                      format_: str | None, per: str, append: bool, resume: bool,
                      given_spans: bool, partition_size: int, workers: int | None, quiet: bool,
                      settings: dict[str, Any]) -> None:
    """``parse --scheduler``: a partitioned dataset written by a Dask cluster (a local one of
    ``workers`` processes, ``None``: one per CPU)."""
    from geonews.distributed import parse_distributed

    unsupported = [flag for flag, used in (("--append", append), ("--resume", resume),
                                           ("--per place", per != "mention")) if used]
    if unsupported:
        raise click.UsageError(f"{', '.join(unsupported)} cannot be combined with --scheduler "
                               "(it writes one row per mention into a new directory)")
    if output == "-":
        raise click.UsageError("--scheduler writes a directory of part files; give it with -o")
    run = parse_distributed(documents, output, scheduler=scheduler, settings=settings,
                            given_spans=given_spans, format=format_,
                            partition_size=partition_size, workers=workers, quiet=quiet)
    click.echo(f"Wrote {run.mentions} mentions of {run.documents} documents to {run.output}/ "
               f"({run.parts} {run.format} parts).", err=True)
