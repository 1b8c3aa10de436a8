"""``occlink cache``: where the compiled dataset lives, whether it is fresh, and clearing it."""

from __future__ import annotations

import click

from occlink.exports.dumps.compiled import CACHE_ENV, cache_folders, cache_root, clear_cache, dataset_fingerprint

from .main import run_context


@click.group("cache")
def cache() -> None:
    """The compiled dataset: every dump and an Oxigraph store, built once into a user cache folder
    ($OCCLINK_CACHE_DIR, else $XDG_CACHE_HOME/occlink, else ~/.cache/occlink) and rebuilt when
    anything that shapes it changes (code, tables, decisions in use, an imported table, base IRI)."""


@cache.command("info")
def info() -> None:
    """Print the cache folder, the current fingerprint and the compiled folders it holds."""
    context = run_context()
    ns = context.ns
    fingerprint = dataset_fingerprint(context)
    click.echo(f"folder       {cache_root(context)} (env {CACHE_ENV})")
    click.echo(f"fingerprint  {fingerprint} (base {ns.base})")
    for folder in cache_folders(context):
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        state = "current" if folder.name.endswith(f"-{fingerprint}") else "stale"
        click.echo(f"{state:<12} {folder.name}  {size / 1e6:.1f} MB")


@cache.command("clear")
def clear() -> None:
    """Delete every compiled folder (the next command that reads the dataset builds it again)."""
    context = run_context()
    removed = clear_cache(context)
    click.echo(f"removed {len(removed)} folder(s) from {cache_root(context)}")
