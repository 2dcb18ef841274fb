"""``geonews parse``: geoparse articles and write one record per mention."""

from __future__ import annotations

import itertools

import click

from geonews.cli.app import main
from geonews.cli.options import GAZETTEER, GIVEN_SPANS, INPUTS, MODEL
from geonews.export import PER, WRITERS, format_for, write_records

__all__ = ["parse"]


@main.command("parse")
@INPUTS
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file; its extension picks the format ('-': JSONL to stdout).")
@click.option("--format", "format_", type=click.Choice(list(WRITERS)), default=None,
              help="Output format, overriding the extension.")
@click.option("--per", type=click.Choice(PER), default="mention", show_default=True,
              help="One row per mention, or per resolved place.")
@click.option("--append", is_flag=True,
              help="Add to an existing .gpkg/.parquet dataset, skipping documents it holds.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run (or a JSONL output), skipping documents done.")
@GIVEN_SPANS
@MODEL
@GAZETTEER
def parse(inputs: tuple[str, ...], output: str, format_: str | None, per: str, append: bool,
          resume: bool, given_spans: bool, model: str | None, gazetteer_path: str | None) -> None:
    """Geoparse articles (.txt, folders, .jsonl, .csv, .html, '-' for stdin).

    \b
    Examples:
      geonews parse article.txt -o mentions.jsonl
      geonews parse corpus.jsonl -o mentions.gpkg
      cat article.txt | geonews parse -
    """
    from geonews.inputs import read_documents
    from geonews.pipeline import Geoparser
    from geonews.schema import records

    fmt = format_for(output, format_)
    documents = read_documents(inputs)
    parser = Geoparser(model=model, gazetteer=gazetteer_path)
    if resume and append:
        raise click.UsageError("--resume and --append cannot be combined")
    if append:
        from geonews.dataset import append_parsed, new_documents

        result = append_parsed(parser.parse_documents(new_documents(documents, output),
                                                      given_spans=given_spans), output)
        click.echo(f"Appended {result.documents} documents ({result.mentions} mentions) to "
                   f"{output}; {result.skipped} already there.", err=True)
        return
    if output != "-":
        from geonews.resume import ResumableOutput

        run = ResumableOutput(output, resume=resume, settings={
            "model": model, "gazetteer": gazetteer_path, "given_spans": given_spans})
        if run.resumed_documents:
            click.echo(f"Resuming: {run.resumed_documents} documents already done, "
                       "skipped.", err=True)
        run.write(parser.parse_documents(run.pending(documents), given_spans=given_spans))
        count = run.finish(format=fmt, per=per)
        click.echo(f"Wrote {count} {per}s to {output} ({fmt}).", err=True)
        return
    if resume:
        raise click.UsageError("--resume needs an output file (-o FILE)")
    parsed = parser.parse_documents(documents, given_spans=given_spans)
    count = write_records(itertools.chain.from_iterable(map(records, parsed)), output,
                          format=fmt, per=per)
