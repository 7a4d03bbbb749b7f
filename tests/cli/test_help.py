"""Every command's --help at 80 columns: each option named in full (nothing cut to "…"), and the
tool's commands listed in one help."""

import os
import subprocess
import sys

import pytest
import typer

from translit.cli import app


def _commands(group, path=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a group (typer carries its own click)
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_at_80_columns_names_every_option_in_full(path, command):
    done = subprocess.run([sys.executable, "-m", "translit", *path, "--help"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80", "TERM": "xterm"}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    for param in command.params:
        for opt in (*param.opts, *param.secondary_opts):
            if opt.startswith("-"):
                assert opt in done.stdout, f"{' '.join(path)}: {opt} is not shown whole"
