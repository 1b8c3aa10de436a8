"""``occlink export --format site --out DIR``: the server's pages and data as static files.

Layout (every dataset IRI {base}{path} becomes a folder):

  DIR/index.html                  landing page (search runs in the browser over search-index.json)
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

from occlink.taxonomy.namespaces import Namespaces

from .describe import ResourceIndex, resource_index
from .search import catalogue_name
from .pages import Linker, SiteLinker, esc, landing_page, resource_page, shell
from .search import search_entries

MARKER = ".occlink-site"


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def _safe_path(path: str) -> bool:
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def dumps_listing(root: Path, linker: Linker, prefix: str = "") -> str:
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "index.html")
    items = "".join(f'<li><a href="{esc(prefix + name)}">{esc(name)}</a> '
                    f'<span class="muted">{(root / name).stat().st_size:,} bytes</span></li>' for name in files)
    return shell("Downloads", f"<h1>Downloads 下载</h1><ul>{items}</ul>", linker, lang="en")


def search_index_json(index: ResourceIndex, ns: Namespaces) -> str:
    entries = []
    for e in search_entries(index.graph, ns):
        path = index.document_path(e.iri)
        if path is None:
            continue
        item = {"iri": e.iri, "href": f"{path}/index.html", "code": e.code, "zh": e.label_zh, "en": e.label_en,
                "cat": catalogue_name(e.scheme, ns)}
        if e.alt_labels:
            item["alt"] = list(e.alt_labels)
        entries.append(item)
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n"


def _build(ns: Namespaces, stage: Path, only: str | None) -> int:
    from .build import build_dataset
    from .jsonld import context_document, to_jsonld
    from .serialize import serialize

    index = resource_index(ns.base)

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
    _write(stage / "search-index.json", search_index_json(index, ns))
    _write(stage / "context.jsonld", context_document(ns))
    static = resources.files("occlink.exports") / "static"
    for item in sorted(static.iterdir(), key=lambda x: x.name):
        if item.is_file():
            _write(stage / "static" / item.name, item.read_bytes())
    build_dataset(ns, stage / "dumps")
    _write(stage / "dumps" / "index.html", dumps_listing(stage / "dumps", SiteLinker(ns, "dumps")))
    _write(stage / MARKER, "occlink static site; `occlink export --format site` replaces this folder\n")
    return count


def export_site(ns: Namespaces, out_dir: Path, *, only: str | None = None) -> int:
    """Write the static site into ``out_dir``; returns the number of resource documents.

    ``only`` keeps the resource documents whose path starts with it (a partial site, for
    previews and tests); the landing page, dumps and context are always written."""
    from .folders import replace_folder
    return replace_folder(Path(out_dir), lambda stage: _build(ns, stage, only),
                          may_replace=lambda folder: (folder / MARKER).exists(),
                          refusal="folder is not empty and was not written by `occlink export --format site`; "
                                  "choose an empty or new folder")
