"""cite: how to cite the dataset (version, IRI, checksum, plain text, BibTeX)."""

from __future__ import annotations

import click

from occlink.exports.dumps.compiled import dataset_checksum
from occlink.graph.citation import citation

from .main import namespaces, run_context


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "bibtex", "json"]), default="text", show_default=True,
              help="text: every fact and both citations; bibtex: the BibTeX entry only; json: all fields.")
def cite(fmt: str) -> None:
    """Print the dataset's version, IRI, release date and checksum, and a citation.

    The checksum is the sha256 of occlink.nt, the canonical N-Triples dump, as
    the DCAT catalog lists it (the first use builds the dataset into the user
    cache, about 10 s). occlink match records the same version and checksum.
    """
    ns = namespaces()
    facts = citation(ns, dataset_checksum(run_context()))
    if fmt == "bibtex":
        click.echo(facts.bibtex, nl=False)
    elif fmt == "json":
        click.echo(facts.to_json(), nl=False)
    else:
        click.echo(f"version      {facts.version}\n"
                   f"dataset      {facts.dataset_iri}\n"
                   f"released     {facts.released}\n"
                   f"checksum     sha256:{facts.checksum} (occlink.nt)\n\n"
                   f"{facts.text}\n\n{facts.bibtex}", nl=False)
