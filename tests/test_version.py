"""The version number: one in pyproject.toml, read from the installed metadata."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

from click.testing import CliRunner

import geonews
from geonews.cli.app import main


def test_version_is_the_installed_distributions():
    assert geonews.__version__ == version("geonews")


def test_cli_version_option():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"geonews, version {version('geonews')}\n"


def test_version_without_installed_metadata():
    code = ("import importlib.metadata as m\n"
            "def missing(name): raise m.PackageNotFoundError(name)\n"
            "m.version = missing\n"
            "import geonews; print(geonews.__version__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "0+unknown\n"
