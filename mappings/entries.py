"""What the matcher compares: ``Entry`` (one concept or CSV row) and its loaders.

Entries come from a catalog graph (any SKOS concept scheme occlink publishes)
or from a user CSV with columns ``id,label`` (optional ``lang``, ``alt_labels``
separated by ``|``). CSV ids become CURIEs with the ``src`` prefix.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from occlink.errors import InputError, read_text
from occlink.mappings.normalize import has_cjk
from occlink.taxonomy.namespaces import RDF, SCHEMA, SKOS, Namespaces

CSV_PREFIX = "src"          # CSV given as the source
TARGET_CSV_PREFIX = "tgt"   # CSV given as the target (so both sides never share a prefix)
MAX_LABEL_CHARS = 200  # longer "labels" are paragraphs, not titles
MAX_ID_CHARS = 200
_ID_RE = re.compile(r"^[A-Za-z0-9_.~\-/]+$")
_RANKS = {"major": 1, "medium": 2, "small": 3, "fine": 4}


@dataclass(frozen=True, eq=False)
class Entry:
    """A matchable item: id (CURIE), labels by language, level and context."""

    id: str
    pref_labels: dict[str, str]                      # lang → preferred label
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang → alternative labels
    level: str | None = None                        # major|medium|small|fine (national) or None
    occupation: bool = True                         # an occupation, not a category
    markers: tuple[str, ...] = ()                    # e.g. ("digital", "green")
    parent: str | None = None                       # CURIE of the broader entry in the same list
    definition: str | None = None
    # lang → search-only titles (project-written, see taxonomy/search_titles.py); matched, never published
    search_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # CURIE of the national concept this entry is keyed by (occ:nationalOccupation, e.g. Beijing's
    # bj:2-02-38-01 → csco:2-02-38-01): the entry *is* that occupation in another list (chaining.py).
    national: str | None = None

    def labels(self) -> list[tuple[str, str, str]]:
        """(lang, kind pref|alt|hidden, text) for every label: pref, then alt, then search titles."""
        out = [(lang, "pref", text) for lang, text in sorted(self.pref_labels.items())]
        for lang in sorted(self.alt_labels):
            out.extend((lang, "alt", text) for text in self.alt_labels[lang])
        for lang in sorted(self.search_labels):
            out.extend((lang, "hidden", text) for text in self.search_labels[lang])
        return out

    def label(self, lang: str = "zh") -> str:
        """Preferred label in ``lang``, else any preferred label, else the id."""
        if lang in self.pref_labels:
            return self.pref_labels[lang]
        for other in sorted(self.pref_labels):
            return self.pref_labels[other]
        return self.id

    @cached_property  # asked for every scored candidate; an Entry never changes
    def residual(self) -> bool:
        """A "其他…" / "Other …" residual category."""
        return any(t.startswith("其他") or t.lower().startswith("other ") for t in self.pref_labels.values())


def _lang(literal: Node) -> str:
    lang = (getattr(literal, "language", None) or "").lower()   # a label is a Literal; other nodes have none
    if lang.startswith("zh"):
        return "zh"
    if lang.startswith("en"):
        return "en"
    return lang or ("zh" if has_cjk(str(literal)) else "en")


def entries_from_graph(graph: Graph, ns: Namespaces, scheme: URIRef | None = None) -> list[Entry]:
    """Every skos:Concept (optionally only those in ``scheme``) as an Entry, sorted by id."""
    occ = ns.vocab
    subjects = set(graph.subjects(RDF.type, SKOS.Concept))
    if scheme is not None:
        subjects = {s for s in subjects if (s, SKOS.inScheme, scheme) in graph}
    entries: list[Entry] = []
    for s in subjects:
        if not isinstance(s, URIRef):
            continue
        pref: dict[str, str] = {}
        for lit in sorted(graph.objects(s, SKOS.prefLabel), key=str):
            pref.setdefault(_lang(lit), str(lit))
        if not pref:
            continue
        alts: dict[str, list[str]] = {}
        for lit in sorted(graph.objects(s, SKOS.altLabel), key=str):
            alts.setdefault(_lang(lit), []).append(str(lit))
        level_node = graph.value(s, occ.level)
        level = ns.compact(str(level_node)).split(":", 1)[-1] if level_node is not None else None
        source_level = graph.value(s, occ.sourceLevel)
        if (s, RDF.type, SCHEMA.Occupation) in graph:
            occupation = True
        elif source_level is not None:  # a rank-4 row with children is a category (source defect)
            occupation = str(source_level) == "4" and graph.value(s, SKOS.narrower) is None
        elif level is not None:
            occupation = level == "fine"
        else:  # lists without levels: a concept with narrower concepts is a category
            occupation = graph.value(s, SKOS.narrower) is None and \
                next(iter(graph.subjects(SKOS.broader, s)), None) is None
        markers = tuple(sorted(m for m in ("green", "digital")
                               if isinstance(flag := graph.value(s, occ[m]), Literal) and flag.toPython() is True))
        parents = sorted(str(p) for p in graph.objects(s, SKOS.broader))
        definition = next((str(d) for d in sorted(graph.objects(s, SKOS.definition), key=str)), None)
        national = graph.value(s, occ.nationalOccupation)
        entries.append(Entry(
            id=ns.compact(str(s)), pref_labels=pref,
            alt_labels={k: tuple(v) for k, v in sorted(alts.items())},
            level=level if level in _RANKS else None, occupation=occupation, markers=markers,
            parent=ns.compact(parents[0]) if parents else None, definition=definition,
            national=ns.compact(str(national)) if isinstance(national, URIRef) else None,
        ))
    return sorted(entries, key=lambda e: e.id)


def catalog_entries(catalog_id: str, ns: Namespaces | None = None) -> list[Entry]:
    """Entries of one published catalog (csco2022, qianhai2020, beijing2023)."""
    return list(_catalog_entries(catalog_id, ns or Namespaces()))


@lru_cache(maxsize=8)
def _catalog_entries(catalog_id: str, ns: Namespaces) -> tuple[Entry, ...]:
    from occlink.taxonomy.catalogs import catalog_graph, scheme_for  # one graph build per process and base IRI
    # Only the catalog's own list: its controlled values (industries, severities, urgency
    # levels…) live in other schemes and are not occupations to map.
    entries = entries_from_graph(catalog_graph(catalog_id, ns), ns, scheme_for(catalog_id, ns))
    if catalog_id == "isco08":  # ESCO occupation labels as evidence for their unit group
        from occlink.mappings.isco_entries import with_esco_labels
        return tuple(with_esco_labels(entries))
    return tuple(with_search_titles(entries))


def with_search_titles(entries: list[Entry]) -> list[Entry]:
    """Entries keyed by a national code get that occupation's search-only titles.

    National entries (``csco:``) get the project's search titles
    (``taxonomy/csco22_search_titles.tsv``); entries of other lists keyed by a
    national code (Beijing's ``bj:2-02-10-03``) stand for the same occupation, so
    they get those titles and the national aliases too. Search labels are only
    matched, never published (a hit is reported as ``skos:hiddenLabel``).
    """
    from occlink.taxonomy.csco_table import default_classification
    from occlink.taxonomy.search_titles import default_search_titles
    titles = default_search_titles()
    records = default_classification().records
    out = []
    for entry in entries:
        prefix, _, local = entry.id.partition(":")
        record = records.get(local)
        if record is None:
            out.append(entry)
            continue
        search = {lang: list(values) for lang, values in titles.get(local, {}).items()}
        if prefix != "csco" and record.aliases:
            search.setdefault("zh", [])[:0] = record.aliases
        out.append(replace(entry, search_labels={lang: tuple(v) for lang, v in sorted(search.items())}))
    return out


def is_catalog_ref(value: str) -> bool:
    from occlink.taxonomy.catalogs import CATALOGS
    return value in CATALOGS


def load_entries(ref: str, ns: Namespaces | None = None, *, prefix: str = CSV_PREFIX) -> list[Entry]:
    """A catalog id or a CSV path (CSV ids get ``prefix``)."""
    if is_catalog_ref(ref):
        return catalog_entries(ref, ns)
    return entries_from_csv(Path(ref), prefix=prefix)


def entries_from_csv(path: Path, *, name: str | None = None, prefix: str = CSV_PREFIX) -> list[Entry]:
    """Read ``id,label[,lang][,alt_labels]``; refuse bad rows with file:row and the reason."""
    label = name or str(path)
    return entries_from_csv_text(read_text(path, label), label, prefix=prefix)


def entries_from_csv_text(text: str, name: str = "<csv>", *, prefix: str = CSV_PREFIX) -> list[Entry]:
    if "\x00" in text:
        raise InputError("binary content (NUL byte)", source=name)
    if not text.strip():
        raise InputError("empty file", source=name)
    entries = [row.entry(prefix) for row in iter_csv_rows(io.StringIO(text, newline=""), name)]
    return sorted(entries, key=lambda e: e.id)


@dataclass(frozen=True)
class CsvRow:
    """One validated row of an ``id,label[,lang][,alt_labels]`` file."""

    line: int
    id: str
    label: str
    lang: str                      # zh | en | another tag | "" (guessed from the script)
    alt_labels: tuple[str, ...]

    def entry(self, prefix: str = CSV_PREFIX) -> Entry:
        pref_lang = self.lang or ("zh" if has_cjk(self.label) else "en")
        alt_map: dict[str, list[str]] = {}
        for alt in self.alt_labels:
            alt_map.setdefault("zh" if has_cjk(alt) else "en", []).append(alt)
        return Entry(id=f"{prefix}:{self.id}", pref_labels={pref_lang: self.label},
                     alt_labels={k: tuple(v) for k, v in sorted(alt_map.items())})


def iter_csv_rows(stream, name: str = "<csv>"):
    """Validated rows of an ``id,label[,lang][,alt_labels]`` CSV, streamed in input order
    (``stream``: an iterable of text lines opened with ``newline=""``). Bad rows raise
    InputError(file, row) with the reason; the ids seen are remembered to refuse duplicates."""
    reader = csv.reader(stream, strict=True)
    try:
        first = next(reader, None)
        if first is None:
            raise InputError("empty file", source=name)
        header = [h.strip().lower() for h in first]
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        for col in ("id", "label"):
            if col not in header:
                raise InputError(f"missing column {col!r} (header must have id,label)", source=name, line=1)
        if len(set(header)) != len(header):
            raise InputError("duplicate column names", source=name, line=1)
        idx = {col: header.index(col) for col in header}
        seen: dict[str, int] = {}
        count = 0
        for row in reader:
            line = reader.line_num
            if any("\x00" in cell for cell in row):
                raise InputError("binary content (NUL byte)", source=name)
            if not any(cell.strip() for cell in row):
                continue
            yield _csv_row(row, header, idx, seen, name, line)
            count += 1
        if not count:
            raise InputError("no rows after the header", source=name)
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", source=name) from None


def _csv_row(row: list[str], header: list[str], idx: dict[str, int], seen: dict[str, int], name: str,
             line: int) -> CsvRow:
    if len(row) != len(header):
        raise InputError(f"{len(row)} fields, expected {len(header)}", source=name, line=line)
    get = lambda col: row[idx[col]].strip() if col in idx else ""  # noqa: E731
    entry_id, text_label = get("id"), get("label")
    if not entry_id:
        raise InputError("empty id", source=name, line=line)
    if len(entry_id) > MAX_ID_CHARS or not _ID_RE.match(entry_id):
        raise InputError(f"id {entry_id[:40]!r} must be letters, digits or _.~-/ (≤ {MAX_ID_CHARS})",
                         source=name, line=line)
    if entry_id in seen:
        raise InputError(f"duplicate id {entry_id!r} (first on row {seen[entry_id]})", source=name, line=line)
    seen[entry_id] = line
    if not text_label:
        raise InputError(f"empty label for id {entry_id!r}", source=name, line=line)
    alts = [a.strip() for a in get("alt_labels").split("|") if a.strip()]
    for value in (text_label, *alts):
        if len(value) > MAX_LABEL_CHARS:
            raise InputError(f"label longer than {MAX_LABEL_CHARS} characters for id {entry_id!r}",
                             source=name, line=line)
        if any(ch in value for ch in "\t\r\n"):
            raise InputError(f"label with a tab or line break for id {entry_id!r}", source=name, line=line)
    lang = get("lang").lower()
    if lang and lang not in ("zh", "en") and not re.match(r"^[a-z]{2,3}(-[a-z0-9]+)*$", lang):
        raise InputError(f"lang {lang!r} is not a language tag", source=name, line=line)
    lang = "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else lang
    return CsvRow(line, entry_id, text_label, lang, tuple(alts))
