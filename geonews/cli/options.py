"""Options and helpers that several commands share."""

from __future__ import annotations

import click

from geonews.text_kind import TEXT_KIND_CHOICES

__all__ = ["INPUTS", "MODEL", "GIVEN_SPANS", "GAZETTEER", "WORKERS", "QUIET", "TEXT_KIND"]

INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
MODEL = click.option("--model", metavar="NAME", default=None,
                     help="spaCy pipeline to use (default: the best installed English one).")
GIVEN_SPANS = click.option("--given-spans", is_flag=True,
                           help="For JSONL articles: resolve their 'toponyms' spans; no NER.")
GAZETTEER = click.option("--gazetteer", "gazetteer_path", metavar="PATH", default=None,
                         type=click.Path(dir_okay=False),
                         help="Gazetteer index file (default: the embedded one in the cache "
                              "dir, or $GEONEWS_GAZETTEER).")
WORKERS = click.option("-w", "--workers", type=click.IntRange(min=1), default=1,
                       show_default=True, metavar="N",
                       help="Parse on N processes (same output as one).")
QUIET = click.option("-q", "--quiet", is_flag=True,
                     help="No progress bar (there is none anyway when stderr is not a "
                          "terminal).")
TEXT_KIND = click.option("--text-kind", type=click.Choice(TEXT_KIND_CHOICES), default="auto",
                         show_default=True,
                         help="What the texts are, for recognition: edited prose, Title Case "
                              "headlines, ALL CAPS headlines, social posts or captions; 'auto' "
                              "detects it per document. A record's 'text_kind' field wins.")
