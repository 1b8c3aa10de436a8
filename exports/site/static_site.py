"""``occlink export --format site --out DIR``: the server's pages and data as static files.

Layout (every dataset IRI {base}{path} becomes a folder):

  DIR/index.html                  landing page
  DIR/search/index.html           search: reads ?q=, runs in the browser over search-index.json
  DIR/browse/a-z/, browse/pinyin/, browse/zh/, browse/crosswalks/   A–Z, pinyin, first-character and crosswalk indexes
  DIR/404.html                    the page a web server shows for a missing address
  DIR/{path}/index.html           the resource page
  DIR/{path}/index.ttl            its description as Turtle
  DIR/{path}/index.jsonld         … as JSON-LD
  DIR/context.jsonld              the JSON-LD context
  DIR/dumps/…                     everything ``occlink build`` writes (dumps, SSSOM sets, DCAT catalog)
  DIR/static/…                    stylesheet and search script
  DIR/.occlink-site               marker: the folder may be replaced by the next export

The site is staged in a sibling folder and swapped in at the end
(exports.folders), so an interrupted export leaves the previous site (or
nothing) — never half of one — and the next run deletes what a killed one
left. Output is byte-identical across runs.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from occlink.exports.site.browse import BROWSE_PAGES, landing_page, not_found_page
from occlink.exports.site.pages import Linker, SiteLinker, render_page, resource_page, search_page
from occlink.exports.site.search import index_records, search_entries
from occlink.exports.web.describe import ResourceIndex, resource_index
from occlink.taxonomy.namespaces import Namespaces

MARKER = ".occlink-site"


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def _safe_path(path: str) -> bool:
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def dumps_listing(root: Path, linker: Linker, prefix: str = "") -> str:
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "index.html")
    files = [(prefix + name, name, f"{(root / name).stat().st_size:,}") for name in names]
    return render_page("downloads.html", "Downloads", linker, lang="en", files=files)


def search_index_json(index: ResourceIndex, ns: Namespaces, known=None) -> str:
    """Every searchable entry with its labels (incl. search titles, marked ``t``) and its page."""
    def href(iri: str) -> str | None:
        path = index.document_path(iri)
        if path is None or (known is not None and not known(path)):
            return None
        return f"{path}/index.html"
    records = index_records(search_entries(index.graph, ns), href)
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"


def _build(ns: Namespaces, stage: Path, only: str | None, mappings_dir: Path | None = None) -> int:
    from occlink.exports.dumps.build import build_dataset
    from occlink.exports.dumps.jsonld import context_document, to_jsonld
    from occlink.exports.dumps.serialize import serialize

    index = resource_index(ns.base, mappings_dir)

    def known(path: str) -> bool:  # a link only where this export writes a page
        return bool(index.subjects_of(path)) and _safe_path(path) and (only is None or path.startswith(only))

    count = 0
    for path in index.documents:
        if only is not None and not path.startswith(only):
            continue
        if not _safe_path(path):
            continue  # an IRI path that cannot be a folder name is served only by `occlink serve`
        graph = index.describe(path)
        folder = stage / path
        _write(folder / "index.html", resource_page(index, path, SiteLinker(ns, path, known), graph))
        _write(folder / "index.ttl", serialize(graph, "turtle", ns))
        _write(folder / "index.jsonld", to_jsonld(graph, ns))
        count += 1
    _write(stage / "index.html", landing_page(index, SiteLinker(ns, "", known)))
    _write(stage / "search" / "index.html", search_page("", [], 0, SiteLinker(ns, "search", known)))
    for page, build in BROWSE_PAGES.items():
        _write(stage / page / "index.html", build(index, SiteLinker(ns, page, known)))
    # a web server shows it for any missing address, so its links are written from the root
    _write(stage / "404.html", not_found_page(SiteLinker(ns, "", known)))
    _write(stage / "search-index.json", search_index_json(index, ns, known))
    _write(stage / "context.jsonld", context_document(ns))
    static = resources.files("occlink.exports.site") / "static"
    for item in sorted(static.iterdir(), key=lambda x: x.name):
        if item.is_file():
            _write(stage / "static" / item.name, item.read_bytes())
    build_dataset(ns, stage / "dumps", mappings_dir)
    _write(stage / "dumps" / "index.html", dumps_listing(stage / "dumps", SiteLinker(ns, "dumps")))
    _write(stage / MARKER, "occlink static site; `occlink export --format site` replaces this folder\n")
    return count


def export_site(ns: Namespaces, out_dir: Path, *, only: str | None = None, mappings_dir: Path | None = None) -> int:
    """Write the static site into ``out_dir``; returns the number of resource documents.

    ``mappings_dir`` is the decisions folder in use (None: the shipped sets), for the pages and the dumps.

    ``only`` keeps the resource documents whose path starts with it (a partial site, for
    previews and tests); the landing page, dumps and context are always written."""
    from occlink.exports.dumps.folders import replace_folder
    return replace_folder(Path(out_dir), lambda stage: _build(ns, stage, only, mappings_dir),
                          may_replace=lambda folder: (folder / MARKER).exists(),
                          refusal="folder is not empty and was not written by `occlink export --format site`; "
                                  "choose an empty or new folder")
