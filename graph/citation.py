"""How to cite the dataset: version, dataset IRI, release date, checksum, plain text and BibTeX.

The release date is the sources' own: the latest ``mapping_date`` of the shipped
reviewed crosswalks (the last change to the data the project made), never the
clock, so builds stay byte-identical. The graph carries the citation without a
checksum (a dump cannot describe its own checksum); ``occlink cite`` adds the
sha256 of ``occlink.nt`` from the compiled dataset (``exports.compiled``).
``CITATION.cff`` at the repository root says the same (a test checks).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache

from occlink import __version__
from occlink.taxonomy.namespaces import Namespaces

TITLE = "occlink: Chinese occupation lists as linked data"
AUTHOR = "occlink project"


@lru_cache(maxsize=1)
def release_date() -> str:
    """ISO date of the latest reviewed mapping decision shipped with this version (the shipped sets,
    whichever decisions folder a run chose: it dates the release)."""
    from occlink.mappings.sssom import packaged_mapping_files, read_sssom
    dates = [row["mapping_date"] for path in packaged_mapping_files() for row in read_sssom(path).rows
             if row.get("mapping_date")]
    return max(dates)


def dataset_iri(ns: Namespaces) -> str:
    return str(ns.dataset["occlink"])


def citation_text(ns: Namespaces, checksum: str | None = None) -> str:
    """The plain-text citation (with the checksum when given)."""
    text = (f"{AUTHOR} ({release_date()[:4]}). {TITLE} (version {__version__}, released {release_date()}) "
            f"[Data set]. {dataset_iri(ns)}")
    return f"{text}. occlink.nt sha256:{checksum}" if checksum else text


def bibtex(ns: Namespaces, checksum: str | None = None) -> str:
    note = f"Version {__version__}" + (f"; occlink.nt sha256 {checksum}" if checksum else "")
    fields = [
        ("author", f"{{{AUTHOR}}}"),
        ("title", TITLE),
        ("year", release_date()[:4]),
        ("date", release_date()),
        ("version", __version__),
        ("url", dataset_iri(ns)),
        ("note", note),
    ]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{occlink_{__version__.replace('.', '_')},\n{body}\n}}\n"


@dataclass(frozen=True)
class Citation:
    version: str
    dataset_iri: str
    released: str
    checksum: str
    text: str
    bibtex: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"


def citation(ns: Namespaces, checksum: str) -> Citation:
    """Everything ``occlink cite`` prints; ``checksum`` is the sha256 of the compiled ``occlink.nt``."""
    return Citation(__version__, dataset_iri(ns), release_date(), checksum,
                    citation_text(ns, checksum), bibtex(ns, checksum))
