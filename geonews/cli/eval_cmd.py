"""``geonews eval``: score the geoparser (places and article focus) against a gold JSONL file
(../shared/eval format)."""

from __future__ import annotations

import json
import math

import click

from geonews.cli.app import main
from geonews.cli.options import PARSER_SETTINGS
from geonews.evaluation.accuracy import (as_dict, evaluate, evaluate_focus, read_gold,
                                         places_only as only_places)
from geonews.settings import ParserSettings

__all__ = ["eval_command"]

_ROWS = (
    ("Detection (strict spans)", None),
    ("  precision", "precision"), ("  recall", "recall"), ("  F1", "f1"),
    ("End to end, all gold toponyms with coordinates", None),
    ("  accuracy@161km", "end_to_end_acc161"),
    ("Resolution, gold toponyms found", None),
    ("  accuracy@161km", "acc161"), ("  mean error km", "mean_error_km"),
    ("  median error km", "median_error_km"), ("  AUC (lower is better)", "auc"),
    ("  GeoNames id match", "geonameid_match"),
)


@main.command("eval")
@click.argument("gold_file", type=click.Path(dir_okay=False))
@click.option("--given-spans", is_flag=True,
              help="Resolve the gold spans as given (no recognition): scores resolution only.")
@click.option("--places-only", is_flag=True,
              help="Score only mentions labelled place, not demonyms (for corpora that do not "
                   "annotate demonyms, such as GeoCorpora).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Evaluate only the first N documents.")
@PARSER_SETTINGS
def eval_command(gold_file: str, given_spans: bool, places_only: bool, as_json: bool,
                 limit: int | None, settings: ParserSettings) -> None:
    """Score detection, resolution and article focus against a gold JSONL file.

    \b
    Examples:
      geonews eval ../shared/eval/geowebnews.jsonl
      geonews eval ../shared/eval/wiktor.jsonl --given-spans --limit 500 --json
      geonews eval ../shared/eval/geocorpora-train.jsonl --places-only
    """
    # The geoparser loads spaCy (0.5 s): imported here, not at the top, to keep --help fast.
    from geonews.parsing.geoparser import Geoparser

    gold = list(read_gold(gold_file, limit=limit))
    parser = Geoparser(settings)
    parsed = list(parser.parse_documents((g.document for g in gold), given_spans=given_spans))
    if places_only:
        parsed = [only_places(p) for p in parsed]
    evaluation = evaluate(gold, parsed)
    result = as_dict(evaluation)
    result["focus"] = evaluate_focus(gold, parsed, parser.gazetteer).summary()
    result["settings"] = {"gold_file": gold_file, "given_spans": given_spans, "limit": limit,
                          "model": settings.model, "places_only": places_only,
                          "text_kind": str(settings.text_kind or "auto")}
    if as_json:
        click.echo(json.dumps(_no_nan(result), indent=2, sort_keys=True))
        return
    summary = result["summary"]
    mode = "given spans" if given_spans else "recognition + resolution"
    click.echo(f"{gold_file}: {summary['documents']} documents, {summary['gold_toponyms']} gold "
               f"toponyms ({summary['gold_located']} with coordinates), "
               f"{summary['predicted_mentions']} predicted mentions [{mode}]")
    for label, key in _ROWS:
        if key is None:
            click.echo(label)
        else:
            click.echo(f"{label:<30} {_fmt(summary[key], key)}")
    click.echo("Confidence reliability (found, resolved, located)")
    for row in result["reliability"]:
        click.echo(f"  [{row['low']:.1f}, {row['high']:.1f}) n={row['count']:<5} "
                   f"confidence={_fmt(row['confidence'], '')} "
                   f"accuracy={_fmt(row['accuracy'], '')}")
    _echo_focus(result["focus"])


def _echo_focus(focus: dict[str, float | int]) -> None:
    """The article focus section (gold focus: the country, then division, with the most gold
    toponyms; docs/accuracy.md)."""
    click.echo("Article focus (gold: the country / division with the most gold toponyms)")
    click.echo(f"  {'country agreement':<28} {_fmt(focus['country_agreement'], '')} "
               f"of {focus['gold_focus_country']}")
    click.echo(f"  {'admin1 agreement':<28} {_fmt(focus['admin1_agreement'], '')} "
               f"of {focus['gold_focus_admin1']}")
    click.echo(f"  {'country, confidence >= 0.5':<28} "
               f"{_fmt(focus['confident_country_agreement'], '')} "
               f"of {focus['confident_countries']}")


def _no_nan(value: object) -> object:
    """``value`` with NaN floats replaced by ``None`` (JSON has no NaN)."""
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _fmt(value: float, key: str) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    if key.endswith("_km"):
        return f"{value:.0f}"
    return f"{value:.3f}"
