"""The root ``geonews`` command group and its error handling."""

from __future__ import annotations

import os
import signal
import sys
import threading
import warnings
from typing import Any

import click

from gazetteer.errors import GazetteerError
from geonews import __version__
from geonews.errors import GeonewsError

__all__ = ["GeonewsGroup", "main"]

#: Exit code after Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
INTERRUPTED = 130
#: Exit code when the reader of stdout went away (``geonews regions x | head``): 128 + SIGPIPE.
BROKEN_PIPE = 141


def _show_warning(message: Warning | str, category: type[Warning], *args: Any,
                  **kwargs: Any) -> None:
    """Warnings are one ``Warning: ...`` line on stderr; the run goes on."""
    click.echo(f"Warning: {message}", err=True)


def _terminate(signum: int, frame: Any) -> None:
    """SIGTERM (``kill``, a job scheduler) unwinds like Ctrl-C, so temporary files are removed
    and a resumable run keeps its progress."""
    raise KeyboardInterrupt


class GeonewsGroup(click.Group):
    """A click group that turns expected failures into one-line errors.

    ``GeonewsError`` and ``GazetteerError`` print ``Error: <message>`` and exit 1; Ctrl-C or
    SIGTERM prints ``Interrupted`` (and how to resume, when that is possible) and exits 130;
    a closed stdout (output piped into ``head``) ends the run quietly with 141;
    any other exception prints a one-line internal error unless ``--debug`` was given, in
    which case the traceback is shown.
    """

    def invoke(self, ctx: click.Context) -> Any:
        on_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if on_main_thread else None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default")
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except (GeonewsError, GazetteerError) as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(_one_line(str(exc))) from None
        except KeyboardInterrupt as exc:
            click.echo(f"Interrupted: {exc}" if str(exc) else "Interrupted.", err=True)
            sys.exit(INTERRUPTED)
        except BrokenPipeError:
            # Nothing more can be written; point stdout at /dev/null so that the interpreter's
            # final flush does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(BROKEN_PIPE)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(_one_line(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for the "
                "traceback)")) from None
        finally:
            if on_main_thread:
                signal.signal(signal.SIGTERM, previous)


def _one_line(message: str) -> str:
    """``message`` on one line (multi-line messages from libraries are joined)."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


@click.group(cls=GeonewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geonews")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """geonews: find the places news articles talk about, resolve them, map and export them."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
