"""``geonews train``: fit the resolver's weights on gold JSONL files (../shared/eval format)."""

from __future__ import annotations

import json

import click

from geonews.cli.app import main
from geonews.cli.options import GAZETTEER, MODEL
from geonews.evaluation.accuracy import read_gold
from geonews.evaluation.fitting import train
from geonews.resolution import Scorer
from geonews.settings import ParserSettings

__all__ = ["train_command"]

#: (header, summary key, format, width) of the out-of-fold table's figure columns.
_COLUMNS = (("acc@161", "acc161", "{:.3f}", 9), ("mean km", "mean_error_km", "{:.0f}", 9),
            ("AUC", "auc", "{:.3f}", 7), ("e2e acc@161", "end_to_end_acc161", "{:.3f}", 13),
            ("P", "precision", "{:.3f}", 7), ("R", "recall", "{:.3f}", 7),
            ("F1", "f1", "{:.3f}", 7))


@main.command("train")
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Weights file to write (JSON; use it with --resolver-weights).")
@click.option("--folds", type=click.IntRange(min=0), default=5, show_default=True,
              help="Folds (by document) for the out-of-fold figures and the calibration; "
                   "0 or 1: fit only.")
@click.option("--cache", metavar="DIR", default=None, type=click.Path(file_okay=False),
              help="Keep the recognised places of each gold file here, so that later runs "
                   "skip spaCy.")
@click.option("--json", "as_json", is_flag=True, help="Print the out-of-fold figures as JSON.")
@MODEL
@GAZETTEER
@click.option("--resolver-weights", metavar="PATH", default=None,
              type=click.Path(dir_okay=False),
              help="Weights whose first pass decides which names are looked up again inside "
                   "an article's main countries (default: the prior weights fitting starts "
                   "from).")
def train_command(gold_files: tuple[str, ...], output: str, folds: int, cache: str | None,
                  as_json: bool, model: str | None, gazetteer_path: str | None,
                  resolver_weights: str | None) -> None:
    """Fit the resolver's scorer and calibration on annotated articles.

    Prints out-of-fold figures per file: each fold of documents is resolved by the model
    fitted on the other folds, given spans ("given") and recognition + resolution, scored on
    all mentions ("e2e") and on place mentions only ("places", demonyms left out, as eval
    --places-only). The weights written are fitted on all documents.

    \b
    Examples:
      geonews train ../shared/eval/*.jsonl -o weights.json --cache /tmp/geonews-train
      geonews parse article.txt --resolver-weights weights.json
    """
    # The geoparser loads spaCy (0.5 s): imported here, not at the top, to keep --help fast.
    from geonews.parsing.geoparser import Geoparser

    settings = ParserSettings(model=model, gazetteer=gazetteer_path)
    for path in gold_files:  # fail on a missing or malformed file before loading spaCy
        list(read_gold(path))
    start = Scorer.load(resolver_weights) if resolver_weights else None
    parser = Geoparser(settings)
    result = train(gold_files, parser, folds=folds, cache=cache, start=start)
    result.scorer.save(output)
    if as_json:
        click.echo(json.dumps({"folds": folds, "out_of_fold": result.out_of_fold}, indent=2,
                              sort_keys=True))
    elif result.out_of_fold:
        click.echo(f"Out-of-fold figures ({folds} folds by document):")
        click.echo(f"{'file':<20} {'mode':<6}" + "".join(f"{h:>{w}}" for h, _, _, w in _COLUMNS))
        for source, per in result.out_of_fold.items():
            for mode, summary in per.items():
                click.echo(f"{source:<20} {mode:<6}" + "".join(
                    f"{fmt.format(summary[key]):>{w}}" for _, key, fmt, w in _COLUMNS))
        click.echo("places: recognition + resolution scored on place mentions only "
                   "(no demonyms).")
    click.echo(f"Wrote {output}.", err=True)
