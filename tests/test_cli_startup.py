"""The command starts in a fresh interpreter: nothing it needs may come from what a test imported first."""

from __future__ import annotations

import subprocess
import sys

from occlink.cli.main import COMMANDS


def test_help_lists_every_command_in_a_fresh_process():
    done = subprocess.run([sys.executable, "-m", "occlink", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(COMMANDS)


def test_a_command_loads_in_a_fresh_process():
    done = subprocess.run([sys.executable, "-m", "occlink", "validate", "--help"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "Usage:" in done.stdout, done.stderr
