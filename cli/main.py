"""The ``occlink`` command: one click group, commands loaded on first use."""

from __future__ import annotations

import importlib
import sys

import click

from occlink import __version__
from occlink.errors import InputError
from occlink.files import WriteError
from occlink.taxonomy.context import Context
from occlink.taxonomy.namespaces import BASE_IRI_ENV, BaseIRIError, Namespaces

# command name → "module:attribute" under occlink.cli; modules import only when used.
COMMANDS = {
    "build": "build:build",
    "export": "build:export",
    "stats": "build:stats",
    "query": "query:query",
    "match": "match:match",
    "code": "code:code",
    "review": "review:review",
    "evaluate": "evaluate:evaluate",
    "validate": "validate:validate",
    "import": "importer:import_group",
    "serve": "serve:serve",
    "publish": "publish:publish",
    "cite": "cite:cite",
    "cache": "cache:cache",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(f"occlink.cli.{module}"), attr)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (InputError, BaseIRIError, WriteError) as exc:  # one line; WriteError exits 1
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(getattr(exc, "exit_code", 2))
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # one line, never a traceback (OCCLINK_DEBUG=1 shows it)
            if isinstance(ctx.obj, Context) and ctx.obj.debug:
                raise
            click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="occlink")
@click.option("--base-iri", default=None, metavar="IRI",
              help=f"Base IRI of every dataset IRI (default https://w3id.org/occlink/; env {BASE_IRI_ENV}).")
@click.pass_context
def cli(ctx: click.Context, base_iri: str | None) -> None:
    """Publish occupation lists as linked data.

    The national Occupational Classification of the PRC (2022), the Qianhai
    2020 list and the Beijing "Two Zones" 2023 catalog as SKOS, with reviewed
    crosswalks, SHACL validation, SPARQL and a linked-data server.
    """
    try:
        ctx.obj = Context.from_environment(base_iri=base_iri)  # the run's one context (taxonomy/context.py)
    except BaseIRIError as exc:
        # one line, exit 2 (LazyGroup.invoke prints it); click's usage error would print four
        raise BaseIRIError(f"--base-iri: {exc}") from None


def run_context(ctx: click.Context | None = None) -> Context:
    """The context the group built for this run (a default one outside a run, e.g. a bare command)."""
    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, Context):
        root.obj = Context.from_environment()
    return root.obj


def namespaces(ctx: click.Context | None = None) -> Namespaces:
    return run_context(ctx).ns


def main() -> None:  # pragma: no cover - entry point shim
    cli(prog_name="occlink")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cli(prog_name="occlink"))
