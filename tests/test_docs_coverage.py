"""Every command and every option of the ``occlink`` CLI is documented (as sqlite-utils checks its own):
each command's full name appears in README.md or docs/*.md, and each of its long options appears in a
section (the text under one heading) that also names the command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from occlink.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SECTIONS = [section for path in DOCS
            for section in re.split(r"(?m)^(?=#{1,6} )", path.read_text(encoding="utf-8"))]


def commands(command: click.Command = cli, path: tuple[str, ...] = ("occlink",)) \
        -> Iterator[tuple[str, click.Command]]:
    yield " ".join(path), command
    if isinstance(command, click.Group):   # list/get_command: the group may load its commands lazily
        context = click.Context(command, info_name=path[-1])
        for name in sorted(command.list_commands(context)):
            sub = command.get_command(context, name)
            assert sub is not None, f"{' '.join(path)} lists {name} but cannot load it"
            yield from commands(sub, (*path, name))


COMMANDS = dict(commands())
OPTIONS = [(name, flag) for name, command in COMMANDS.items() for param in command.params
           if isinstance(param, click.Option) for flag in (*param.opts, *param.secondary_opts)
           if flag.startswith("--")]


def test_the_walk_sees_every_command():
    """Control: the walk reaches nested groups (``import beijing``, ``review accept``)."""
    assert "occlink import beijing" in COMMANDS and "occlink review accept" in COMMANDS
    assert len(OPTIONS) > 50


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented(name):
    assert any(name in section for section in SECTIONS), f"`{name}` appears in no doc"


@pytest.mark.parametrize(("name", "flag"), OPTIONS)
def test_every_option_is_documented_with_its_command(name, flag):
    assert any(flag in section and name in section for section in SECTIONS), \
        f"`{name} {flag}` appears in no section of README.md or docs/*.md that names `{name}`"
