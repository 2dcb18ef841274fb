"""Options and helpers that several commands share."""

from __future__ import annotations

import functools
from typing import Any

import click

from geonews.models import TEXT_KIND_CHOICES
from geonews.records.corpus import Selection
from geonews.settings import ParserSettings
from geonews.text.text_kind import parse_text_kind

__all__ = ["INPUTS", "MODEL", "GIVEN_SPANS", "GAZETTEER", "RESOLVER_WEIGHTS", "WORKERS", "QUIET",
           "SELECTION", "TEXT_KIND", "PARSER_SETTINGS"]

INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
MODEL = click.option("--model", metavar="NAME", default=None,
                     help="spaCy pipeline to use (default: the best installed English one).")
GIVEN_SPANS = click.option("--given-spans", is_flag=True,
                           help="For JSONL articles: resolve their 'toponyms' spans; no NER.")
GAZETTEER = click.option("--gazetteer", "gazetteer_path", metavar="PATH", default=None,
                         type=click.Path(dir_okay=False),
                         help="Gazetteer index file (default: the embedded one in the cache "
                              "dir, or $GEONEWS_GAZETTEER).")
RESOLVER_WEIGHTS = click.option(
    "--resolver-weights", metavar="PATH", default=None, type=click.Path(dir_okay=False),
    help="Resolver weights written by 'geonews train' (default: the packaged ones).")
WORKERS = click.option("-w", "--workers", type=click.IntRange(min=1), default=1,
                       show_default=True, metavar="N",
                       help="Parse on N processes (same output as one).")
QUIET = click.option("-q", "--quiet", is_flag=True,
                     help="No progress bar (there is none anyway when stderr is not a "
                          "terminal).")


def SELECTION(command: Any) -> Any:  # noqa: N802 - used like the option constants above
    """``--since``, ``--until`` and ``--min-confidence``: the command gets one ``selection``
    argument, a checked :class:`geonews.records.corpus.Selection`."""
    options = [
        click.option("--since", metavar="DATE", default=None,
                     help="Only articles dated on or after DATE (YYYY-MM-DD); undated ones "
                          "are left out."),
        click.option("--until", metavar="DATE", default=None,
                     help="Only articles dated on or before DATE (YYYY-MM-DD)."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     metavar="X", help="Only mentions placed with confidence >= X (0-1)."),
    ]

    @functools.wraps(command)
    def with_selection(*args: Any, since: str | None, until: str | None,
                       min_confidence: float | None, **kwargs: Any) -> Any:
        return command(*args, selection=Selection.of(since, until, min_confidence), **kwargs)

    for option in reversed(options):
        with_selection = option(with_selection)
    return with_selection


TEXT_KIND = click.option("--text-kind", type=click.Choice(TEXT_KIND_CHOICES), default="auto",
                         show_default=True,
                         help="What the texts are, for recognition: edited prose, Title Case "
                              "headlines, ALL CAPS headlines, social posts or captions; 'auto' "
                              "detects it per document. A record's 'text_kind' field wins.")


def PARSER_SETTINGS(command: Any) -> Any:  # noqa: N802 - used like the option constants above
    """``--text-kind``, ``--model``, ``--gazetteer`` and ``--resolver-weights``: the command
    gets one ``settings`` argument, checked :class:`geonews.settings.ParserSettings`."""

    @functools.wraps(command)
    def with_settings(*args: Any, text_kind: str, model: str | None,
                      gazetteer_path: str | None, resolver_weights: str | None,
                      **kwargs: Any) -> Any:
        settings = ParserSettings(model=model, gazetteer=gazetteer_path,
                                  resolver_weights=resolver_weights,
                                  text_kind=parse_text_kind(text_kind))
        return command(*args, settings=settings, **kwargs)

    for option in (RESOLVER_WEIGHTS, GAZETTEER, MODEL, TEXT_KIND):
        with_settings = option(with_settings)
    return with_settings
