"""HTML pages shared by the server and the static site: resources, landing, search, SPARQL form.

Pages are built from a resource's description graph (exports/describe.py)
with escaped text only; a ``Linker`` decides how a dataset IRI becomes a link
(root-relative on the server, relative ``…/index.html`` on the static site).
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from importlib import resources
from string import Template

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from occlink.taxonomy.namespaces import PAV, SSSOM, Namespaces

from .describe import ResourceIndex
from .search import Entry, Hit

SKOSXL_PREF = URIRef("http://www.w3.org/2008/05/skos-xl#prefLabel")
SKOSXL_FORM = URIRef("http://www.w3.org/2008/05/skos-xl#literalForm")
MAPPING_PREDICATES = [SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch]
MARKERS = {"green": ("绿色职业", "Green occupation (L)"), "digital": ("数字职业", "Digital occupation (S)")}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _template() -> Template:
    return Template((resources.files("occlink.exports") / "templates" / "page.html").read_text(encoding="utf-8"))


class Linker:
    """Server flavour: every dataset IRI maps to ``/`` + its path (the base IRI's path is the root)."""

    site = False

    def __init__(self, ns: Namespaces, current: str = "", known=None):
        self.ns = ns
        self.current = current  # document path of the page being rendered
        self.known = known  # document path → bool; dataset IRIs without a document get no link

    def root(self, target: str) -> str:
        """A site-level file or route (``static/style.css``, ``search``, ``sparql``)."""
        return "/" + target

    def document(self, path: str, suffix: str = "") -> str:
        """A document page; ``suffix`` picks a format file (``index.ttl``)."""
        return "/" + path + ("/" + suffix if suffix else "")

    def href(self, iri: str) -> str:
        """Local link for dataset IRIs, the IRI itself otherwise."""
        iri = str(iri)
        if not iri.startswith(self.ns.base):
            return iri
        rest = iri[len(self.ns.base):]
        path, hash_, fragment = rest.partition("#")
        if not path:
            return iri
        if self.known is not None and not self.known(path):
            return ""
        return self.document(path) + (f"#{fragment}" if hash_ else "")


class SiteLinker(Linker):
    """Static-site flavour: relative links to ``{path}/index.html`` so the folder works anywhere."""

    site = True

    def _from_here(self, target: str) -> str:
        here = self.current or "."
        return posixpath.relpath(target, here)

    def root(self, target: str) -> str:
        return self._from_here(target)

    def document(self, path: str, suffix: str = "index.html") -> str:
        return self._from_here(f"{path}/{suffix}")


# --- labels ---------------------------------------------------------------------------------

def _lang_values(graph: Graph, s, p, lang: str) -> list[str]:
    return sorted(str(o) for o in graph.objects(s, p) if isinstance(o, Literal) and o.language == lang)


def label_pair(graph: Graph, iri) -> tuple[str, str]:
    """(Chinese, English) display labels; either may be ''."""
    zh = (_lang_values(graph, iri, SKOS.prefLabel, "zh") or _lang_values(graph, iri, RDFS.label, "zh")
          or _lang_values(graph, iri, DCTERMS.title, "zh"))
    en = (_lang_values(graph, iri, SKOS.prefLabel, "en") or _lang_values(graph, iri, RDFS.label, "en")
          or _lang_values(graph, iri, DCTERMS.title, "en"))
    if not zh and not en:
        plain = sorted(str(o) for o in graph.objects(iri, RDFS.label) if isinstance(o, Literal))
        en = plain
    return (zh[0] if zh else "", en[0] if en else "")


def notation(graph: Graph, iri) -> str:
    codes = sorted(str(o) for o in graph.objects(iri, SKOS.notation))
    return codes[0] if codes else ""


def link(graph: Graph, iri, linker: Linker, ns: Namespaces) -> str:
    """An <a> showing code + labels when known, else the CURIE."""
    if iri is None:
        return ""
    if not isinstance(iri, URIRef):
        return literal_html(iri)
    zh, en = label_pair(graph, iri)
    curie = ns.compact(str(iri))
    # the CURIE tells catalogues apart (csco:2-02-38-01 vs bj:2-02-38-01 share code and labels)
    code = curie if curie != str(iri) else notation(graph, iri)
    parts = []
    if code:
        parts.append(f'<span class="code">{esc(code)}</span>')
    if zh:
        parts.append(f'<span lang="zh">{esc(zh)}</span>')
    if en:
        parts.append(f'<span lang="en">{esc(en)}</span>')
    text = " · ".join(parts) or esc(iri)
    href = linker.href(iri)
    return f'<a href="{esc(href)}">{text}</a>' if href else f'<span class="unresolved">{text}</span>'


def literal_html(value) -> str:
    if isinstance(value, Literal):
        if value.language:
            return f'<span lang="{esc(value.language)}">{esc(value)}</span><span class="lang">@{esc(value.language)}</span>'
        return esc(value)
    return esc(value)


def predicate_name(index: ResourceIndex, p) -> str:
    if p == RDF.type:
        return "type <span class=\"muted\">(rdf:type)</span>"
    zh, en = label_pair(index.graph, p) if str(p).startswith(str(index.ns.vocab)) else ("", "")
    curie = index.ns.compact(str(p))
    return f"{esc(en)} <span class=\"muted\">({esc(curie)})</span>" if en else esc(curie)


# --- page shell -------------------------------------------------------------------------------

def shell(title: str, body: str, linker: Linker, *, lang: str = "zh", head: str = "", scripts: str = "") -> str:
    nav = [f'<a href="{esc(linker.root("index.html") if linker.site else linker.root(""))}">Catalogues 目录</a>']
    if not linker.site:
        nav.append(f'<a href="{esc(linker.root("sparql"))}">SPARQL</a>')
    nav.append(f'<a href="{esc(linker.root("dumps/") if not linker.site else linker.root("dumps/index.html"))}">Downloads 下载</a>')
    return _template().substitute(
        lang=lang, title=esc(title), css=esc(linker.root("static/style.css")), head=head,
        home=esc(linker.root("index.html") if linker.site else linker.root("")),
        nav=" ".join(nav), body=body, scripts=scripts)


# --- resource pages ---------------------------------------------------------------------------

def _markers(graph: Graph, s, ns: Namespaces) -> str:
    occ = ns.vocab
    badges = []
    for flag, (zh, en) in MARKERS.items():
        if (s, occ[flag], Literal(True)) in graph:
            inferred = any((m, occ.markerProperty, occ[flag]) in graph for m in graph.objects(s, occ.hasInferredMarker))
            note = ' <span class="inferred">inferred through a reviewed mapping 经审核映射推断</span>' if inferred else ""
            badges.append(f'<span class="marker {flag}" data-marker="{flag}">{esc(zh)} · {esc(en)}{note}</span>')
    if badges:
        return "".join(badges)
    if any((s, occ[flag], None) in graph for flag in MARKERS):
        return '<span class="muted">none 无</span>'
    return ""


def _international(graph: Graph, s, ns: Namespaces) -> str:
    """The concept's ISCO-08 groups and ESCO occupations (title, predicate), each linked to ESCO."""
    from occlink.taxonomy.namespaces import ESCO_OCCUPATION, ISCO
    items = []
    for p in MAPPING_PREDICATES:
        for o in sorted(graph.objects(s, p)):
            if not (o.startswith(str(ISCO)) or o.startswith(str(ESCO_OCCUPATION))):
                continue
            title = next((str(t) for t in graph.objects(o, SKOS.prefLabel)), "")
            code = notation(graph, o) or ("ESCO" if o.startswith(str(ESCO_OCCUPATION)) else "")
            if not title:  # ESCO occupations are referenced, not described: the decision names them
                title = next((str(t) for a in graph.subjects(OWL.annotatedTarget, o)
                              for t in graph.objects(a, SSSOM.object_label)), "")
            items.append(f'<a href="{esc(o)}" rel="external"><span class="code">{esc(code)}</span> '
                         f'<span lang="en">{esc(title)}</span></a> <span class="muted">({esc(ns.compact(str(p)))})</span>')
    if not items:
        return ""
    return ("<br>".join(items) + '<br><span class="muted">the occlink project\'s correspondence, not an official one '
            "本项目对应关系，非官方</span>")


def _hierarchy(graph: Graph, s, linker: Linker, ns: Namespaces) -> str:
    broader = sorted(graph.objects(s, SKOS.broader))
    narrower = sorted(graph.objects(s, SKOS.narrower), key=lambda x: (notation(graph, x), str(x)))
    schemes = sorted(graph.objects(s, SKOS.inScheme))
    if not (broader or narrower):
        return ""
    out = ['<section class="hierarchy"><h2>Hierarchy 层级</h2><dl class="summary">']
    if schemes:
        out.append("<dt>Scheme 体系</dt><dd>" + "<br>".join(link(graph, x, linker, ns) for x in schemes) + "</dd>")
    if broader:
        out.append("<dt>Broader 上级</dt><dd>" + "<br>".join(link(graph, x, linker, ns) for x in broader) + "</dd>")
    if narrower:
        items = "".join(f"<li>{link(graph, x, linker, ns)}</li>" for x in narrower)
        out.append(f"<dt>Narrower 下级 ({len(narrower)})</dt><dd><ul>{items}</ul></dd>")
    out.append("</dl></section>")
    return "".join(out)


def _mappings(graph: Graph, s, linker: Linker, ns: Namespaces) -> str:
    rows = []
    for p in MAPPING_PREDICATES:
        for o in sorted(graph.objects(s, p)):
            rows.append(("→", ns.compact(str(p)), o))
        for o in sorted(graph.subjects(p, s)):
            rows.append(("←", ns.compact(str(p)), o))
    axioms = sorted(set(graph.subjects(OWL.annotatedSource, s)) | set(graph.subjects(OWL.annotatedTarget, s)))
    if not rows and not axioms:
        return ""
    out = ['<section class="mappings"><h2>Mappings 映射</h2>']
    if rows:
        out.append("<p>Accepted mappings (SKOS):</p><table><tr><th></th><th>Predicate</th><th>Concept</th></tr>")
        for direction, curie, other in rows:
            out.append(f"<tr><td>{direction}</td><td>{esc(curie)}</td><td>{link(graph, other, linker, ns)}</td></tr>")
        out.append("</table>")
    if axioms:
        out.append("<p>Review decisions with their provenance:</p><table><tr><th>Decision</th><th>Subject</th>"
                   "<th>Predicate</th><th>Object</th><th>Confidence</th><th>Justification</th><th>Reviewer</th>"
                   "<th>Date</th><th>Comment</th></tr>")
        for axiom in axioms:
            def one(p):
                values = sorted(graph.objects(axiom, p))
                return values[0] if values else None
            mapping_set = one(DCTERMS.isPartOf)
            outcome = one(ns.vocab.reviewOutcome) if mapping_set is None else None
            outcome = str(outcome or "")
            if mapping_set is not None:
                outcome = str(mapping_set).rsplit(".", 1)[-1]
            modifier = one(SSSOM.predicate_modifier)
            predicate = ns.compact(str(one(OWL.annotatedProperty) or ""))
            if modifier:  # sssom:NegatedPredicate
                predicate = f"Not {predicate}"
            cells = [
                f'<a href="{esc(linker.href(axiom))}">{esc(outcome or "decision")}</a>',
                link(graph, one(OWL.annotatedSource), linker, ns),
                esc(predicate),
                link(graph, one(OWL.annotatedTarget), linker, ns),
                esc(one(SSSOM.confidence) or ""),
                esc(ns.compact(str(one(SSSOM.mapping_justification) or ""))),
                link(graph, one(PAV.authoredBy), linker, ns) if one(PAV.authoredBy) is not None else "",
                esc(one(DCTERMS.created) or ""),
                literal_html(one(RDFS.comment) or ""),
            ]
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append("</table>")
    out.append("</section>")
    return "".join(out)


def _statements(index: ResourceIndex, graph: Graph, s, linker: Linker) -> str:
    ns = index.ns
    props: dict = {}
    for p, o in graph.predicate_objects(s):
        props.setdefault(p, []).append(o)
    rows = []
    for p in sorted(props, key=lambda x: ns.compact(str(x))):
        values = sorted(props[p], key=lambda v: (isinstance(v, Literal), str(v)))
        cells = "<br>".join(link(graph, v, linker, ns) if isinstance(v, URIRef) else literal_html(v) for v in values)
        rows.append(f"<tr><th>{predicate_name(index, p)}</th><td>{cells}</td></tr>")
    return "<table class=\"statements\">" + "".join(rows) + "</table>"


def _incoming(index: ResourceIndex, graph: Graph, s, linker: Linker) -> str:
    ns = index.ns
    rows = []
    for subj, p in sorted(graph.subject_predicates(s), key=lambda x: (str(x[1]), str(x[0]))):
        if p in MAPPING_PREDICATES or p in (OWL.annotatedSource, OWL.annotatedTarget):
            continue  # shown under Mappings
        if isinstance(subj, URIRef) and str(subj).startswith(str(s) + "/"):
            continue  # its own sub-resources are shown with it
        rows.append(f"<tr><td>{link(graph, subj, linker, ns)}</td><td>{predicate_name(index, p)}</td></tr>")
    if not rows:
        return ""
    dropped = index.incoming_links(s)[1]
    more = (f'<p class="muted">… and {dropped} more (at most 100 per property are listed; '
            f'SPARQL gives all).</p>') if dropped else ""
    return ("<section class=\"incoming\"><h2>Referenced by 被引用</h2><table><tr><th>Resource</th><th>Property</th>"
            "</tr>" + "".join(rows) + "</table>" + more + "</section>")


def resource_page(index: ResourceIndex, path: str, linker: Linker, graph: Graph | None = None) -> str:
    """The page of one document (one resource, or every hash IRI of a document like ``vocab``);
    ``graph`` is its description when the caller already has it."""
    ns = index.ns
    graph = graph if graph is not None else index.describe(path)
    subjects = index.subjects_of(path)
    main = index.document_iri(path)
    blocks = []
    if main not in subjects:  # a hash-IRI document: a heading for the document itself
        blocks.append(f"<h1>{esc(ns.compact(str(main)))}</h1>")
    for s in [x for x in subjects if x == main] + [x for x in subjects if x != main]:
        blocks.append(_resource_block(index, graph, s, linker, main))
    title_zh, title_en = label_pair(graph, main)
    title = " · ".join(x for x in (notation(graph, main), title_zh, title_en) if x) or ns.compact(str(main))
    formats = (f'<p class="formats">This resource as data 数据格式: '
               f'<a href="{esc(linker.document(path, "index.ttl"))}">Turtle</a> · '
               f'<a href="{esc(linker.document(path, "index.jsonld"))}">JSON-LD</a></p>')
    head = (f'<link rel="alternate" type="text/turtle" href="{esc(linker.document(path, "index.ttl"))}">'
            f'<link rel="alternate" type="application/ld+json" href="{esc(linker.document(path, "index.jsonld"))}">')
    return shell(title, "\n".join(blocks) + formats, linker, head=head)


def _resource_block(index: ResourceIndex, graph: Graph, s, linker: Linker, main) -> str:
    ns = index.ns
    zh, en = label_pair(graph, s)
    code = notation(graph, s)
    anchor = str(s).partition("#")[2]
    heading = "h1" if s == main else "h2"
    out = [f'<article class="resource" id="{esc(anchor) if anchor else "resource"}">']
    out.append(f'<{heading} class="label-zh" lang="zh">{esc(zh or en or ns.compact(str(s)))}</{heading}>')
    if zh and en:
        out.append(f'<p class="label-en" lang="en">{esc(en)}</p>')
    translated = sorted({form.language or "" for lbl in graph.objects(s, SKOSXL_PREF)
                         if (lbl, RDF.type, ns.vocab.ProjectTranslation) in graph
                         for form in graph.objects(lbl, SKOSXL_FORM) if isinstance(form, Literal)})
    summary = [f"<dt>IRI</dt><dd><code>{esc(s)}</code></dd>"]
    if code:
        summary.append(f'<dt>Code 代码</dt><dd class="code" id="code">{esc(code)}</dd>')
    types = sorted(graph.objects(s, RDF.type))
    if types:
        summary.append("<dt>Type 类型</dt><dd>" + ", ".join(esc(ns.compact(str(t))) for t in types) + "</dd>")
    level = sorted(graph.objects(s, ns.vocab.level))
    if level:
        summary.append("<dt>Level 层级</dt><dd>" + ", ".join(link(graph, x, linker, ns) for x in level) + "</dd>")
    markers = _markers(graph, s, ns)
    if markers:
        summary.append(f'<dt>Markers 标识</dt><dd class="markers">{markers}</dd>')
    international = _international(graph, s, ns)
    if international:
        summary.append(f'<dt>ISCO-08 / ESCO</dt><dd class="isco">{international}</dd>')
    for prop, name in ((SKOS.definition, "Definition 定义"), (ns.vocab.mainTasks, "Main tasks 主要工作任务"),
                       (DCTERMS.description, "Description 描述")):
        values = sorted(graph.objects(s, prop), key=str)
        if values:
            summary.append(f"<dt>{name}</dt><dd>" + "<br>".join(literal_html(v) for v in values) + "</dd>")
    alts = sorted(graph.objects(s, SKOS.altLabel), key=str)
    if alts:
        summary.append("<dt>Also known as 别名</dt><dd>" + "、".join(esc(a) for a in alts) + "</dd>")
    for lang in translated:
        name = {"en": "English label", "zh": "Chinese label 中文名称"}.get(lang, f"Label @{lang}")
        summary.append(f'<dt>{esc(name)}</dt><dd class="muted translation">project translation (occlink), '
                       f'not official 本项目译名，非官方</dd>')
    out.append('<dl class="summary">' + "".join(summary) + "</dl>")
    out.append(_hierarchy(graph, s, linker, ns))
    out.append(_mappings(graph, s, linker, ns))
    out.append("<section class=\"statements\"><h2>All statements 全部陈述</h2>" + _statements(index, graph, s, linker)
               + "</section>")
    out.append(_incoming(index, graph, s, linker))
    out.append("</article>")
    return "\n".join(x for x in out if x)


# --- landing, search, SPARQL -------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogueRow:
    iri: str
    title_zh: str
    title_en: str
    concepts: int
    occupations: int


def catalogue_rows(index: ResourceIndex) -> list[CatalogueRow]:
    """Every concept scheme of the dataset with its concept and occupation counts."""
    g = index.graph
    schema_occupation = URIRef("https://schema.org/Occupation")
    rows = []
    for scheme in sorted(set(g.subjects(RDF.type, SKOS.ConceptScheme))):
        if not str(scheme).startswith(index.ns.base):
            continue
        members = {c for c in g.subjects(SKOS.inScheme, scheme) if (c, RDF.type, SKOS.Concept) in g}
        zh, en = label_pair(g, scheme)
        rows.append(CatalogueRow(str(scheme), zh, en, len(members),
                                 sum(1 for c in members if (c, RDF.type, schema_occupation) in g)))
    return rows


def search_form(linker: Linker, query: str = "") -> str:
    action = linker.root("index.html") if linker.site else linker.root("search")
    return (f'<form class="search" id="search-form" method="get" action="{esc(action)}">'
            f'<label for="q">Search by code, Chinese or English label 按代码、中文或英文名称搜索</label><br>'
            f'<input type="search" id="q" name="q" value="{esc(query)}" placeholder="2-02-38-01 / 人工智能 / engineer">'
            f' <button type="submit" id="search-button">Search 搜索</button></form>')


def landing_page(index: ResourceIndex, linker: Linker) -> str:
    rows = []
    for row in catalogue_rows(index):
        rows.append(f'<tr><td><a href="{esc(linker.href(row.iri))}"><span lang="zh">{esc(row.title_zh)}</span>'
                    f'<br><span lang="en">{esc(row.title_en)}</span></a></td><td>{row.concepts}</td>'
                    f"<td>{row.occupations}</td></tr>")
    links = [f'<li><a href="{esc(linker.href(index.ns.base + "vocab"))}">Vocabulary 词汇表 (occ:)</a></li>',
             f'<li><a href="{esc(linker.root("context.jsonld"))}">JSON-LD context</a></li>']
    if not linker.site:
        links.append(f'<li><a href="{esc(linker.root("sparql"))}">SPARQL endpoint 查询端点</a></li>')
    body = (
        "<h1>occlink</h1><p>Chinese occupation lists as linked data (SKOS). 中国职业清单的关联数据发布。</p>"
        + search_form(linker)
        + '<div id="search-results"></div>'
        + "<h2>Catalogues 目录</h2><table class=\"catalogues\"><tr><th>Scheme 体系</th><th>Concepts 概念</th>"
          "<th>Occupations 职业</th></tr>" + "".join(rows) + "</table>"
        + "<h2>More 更多</h2><ul>" + "".join(links) + "</ul>")
    scripts = f'<script src="{esc(linker.root("static/search.js"))}"></script>' if linker.site else ""
    return shell("Catalogues", body, linker, scripts=scripts)


def search_page(query: str, hits: list[Hit], total: int, linker: Linker) -> str:
    from .search import catalogue_name
    items = []
    for hit in hits:
        e: Entry = hit.entry
        text = " · ".join(
            x for x in (f'<span class="code">{esc(e.code)}</span>' if e.code else "",
                        f'<span lang="zh">{esc(e.label_zh)}</span>' if e.label_zh else "",
                        f'<span lang="en">{esc(e.label_en)}</span>' if e.label_en else "") if x)
        catalogue = catalogue_name(e.scheme, linker.ns)
        tag = f' <span class="catalogue">({esc(catalogue)})</span>' if catalogue else ""
        items.append(f'<li><a class="hit" href="{esc(linker.href(e.iri))}">{text}</a>{tag}</li>')
    shown = f" (showing {len(hits)})" if total > len(hits) else ""
    body = (search_form(linker, query) + f'<p class="count">{total} result(s) for “{esc(query)}”{shown}</p>'
            + '<ul class="results">' + "".join(items) + "</ul>")
    return shell(f"Search: {query}", body, linker)


DEFAULT_QUERY = 'SELECT ?c ?label WHERE { ?c skos:notation "2-02-38-01" ; skos:prefLabel ?label }'


def sparql_form_page(linker: Linker, examples: list, query: str = "", result_html: str = "",
                     max_rows: int = 0, timeout: float = 0) -> str:
    options = "".join(f'<li><a href="?query={esc(_quote(e.text))}">{esc(e.title)}</a> '
                      f'<span class="muted">({esc(e.name)})</span></li>' for e in examples)
    body = (
        "<h1>SPARQL</h1><p>Read-only SPARQL 1.1 endpoint. Project prefixes (csco:, qh:, bj:, occ:, skos:, …) "
        f"are predeclared. Results are capped at {max_rows:,} rows; queries time out after {timeout:g} s.</p>"
        f'<form method="get" action="{esc(linker.root("sparql"))}"><textarea name="query" rows="14">'
        + esc(query or DEFAULT_QUERY) +
        "</textarea><br><label>Format <select name=\"format\"><option value=\"html\">HTML table</option>"
        "<option value=\"json\">JSON</option><option value=\"xml\">XML</option><option value=\"csv\">CSV</option>"
        "<option value=\"tsv\">TSV</option><option value=\"turtle\">Turtle (CONSTRUCT)</option></select></label> "
        "<button type=\"submit\">Run 运行</button></form>"
        + result_html + "<h2>Examples 示例</h2><ul>" + options + "</ul>")
    return shell("SPARQL", body, linker)


def _quote(text: str) -> str:
    from urllib.parse import quote
    return quote(text, safe="")


def results_table(result, linker: Linker) -> str:
    """A SELECT/ASK result as an HTML table (IRIs become local links)."""
    from .results import plain
    if result.kind == "ask":
        return f"<p>ASK: <strong>{'true' if result.boolean else 'false'}</strong></p>"
    head = "".join(f"<th>{esc(v)}</th>" for v in result.variables)
    body = []
    for row in result.rows:
        cells = []
        for term in row:
            value = plain(term)
            if term is not None and type(term).__name__ == "NamedNode":
                cells.append(f'<td><a href="{esc(linker.href(value))}">{esc(value)}</a></td>')
            else:
                cells.append(f"<td>{esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = " (truncated)" if result.truncated else ""
    return f"<p>{len(result.rows)} row(s){note}</p><table><tr>{head}</tr>{''.join(body)}</table>"


def error_page(status: str, message: str, linker: Linker) -> str:
    return shell(status, f"<h1>{esc(status)}</h1><p>{esc(message)}</p>", linker, lang="en")
