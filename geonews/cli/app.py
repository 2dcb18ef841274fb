"""The root ``geonews`` command group and its error handling."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import click

from gazetteer.errors import GazetteerError
from geonews import __version__
from geonews.errors import GeonewsError

__all__ = ["main", "GeonewsGroup"]


def _show_warning(message: Warning | str, category: type[Warning], *args: Any,
                  **kwargs: Any) -> None:
    """Warnings are one ``Warning: ...`` line on stderr; the run goes on."""
    click.echo(f"Warning: {message}", err=True)


class GeonewsGroup(click.Group):
    """A click group that turns expected failures into one-line errors.

    ``GeonewsError`` and ``GazetteerError`` print ``Error: <message>`` and exit 1; Ctrl-C exits
    130; any other exception prints a one-line internal error unless ``--debug`` was given,
    in which case the traceback is shown.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default")
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except (GeonewsError, GazetteerError) as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)"
            ) from None


@click.group(cls=GeonewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geonews")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """geonews: find the places news articles talk about, resolve them, map and export them."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
