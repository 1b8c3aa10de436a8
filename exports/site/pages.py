"""HTML pages shared by the server and the static site: resources, search, SPARQL form.

Pages are built from a resource's description graph (exports/web/describe.py) and, for what a
person needs around it (breadcrumb, tree, "appears in"), from the dataset graph, with escaped
text only. A ``Linker`` decides how a dataset IRI becomes a link (root-relative on the server,
relative ``…/index.html`` on the static site). No inline script or style: a strict
Content-Security-Policy can forbid both (the behaviour lives in static/*.js).

Languages: every Chinese text carries ``lang="zh-Hans"``, every English one ``lang="en"``; the
page's own ``lang`` is the language of its main content.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from occlink.exports.site.render import render
from occlink.exports.site.search import CATALOGUE_NAMES, KIND_NAMES, Hit
from occlink.exports.web.describe import ResourceIndex
from occlink.taxonomy.catalogs import catalog_for_site_kind
from occlink.taxonomy.namespaces import SSSOM, Namespaces

SKOSXL_PREF = URIRef("http://www.w3.org/2008/05/skos-xl#prefLabel")
SKOSXL_FORM = URIRef("http://www.w3.org/2008/05/skos-xl#literalForm")
SCHEMA = "https://schema.org/"
PAV_AUTHORED_BY = URIRef("http://purl.org/pav/authoredBy")
MAPPING_PREDICATES = [SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch]
PREDICATE_NAMES = {"exactMatch": ("exact match", "完全匹配"), "closeMatch": ("close match", "近似匹配"),
                   "broadMatch": ("broader match", "上位匹配"), "narrowMatch": ("narrower match", "下位匹配"),
                   "relatedMatch": ("related match", "相关匹配")}
STATUS_NAMES = {"positive": ("accepted", "已接受"), "negative": ("rejected", "已拒绝"),
                "unsure": ("undecided", "待定")}
MARKERS = {"green": ("绿色职业", "Green occupation (L)"), "digital": ("数字职业", "Digital occupation (S)")}
KIND_BANNERS = {"csco": ("National occupation classification 2022", "国家职业分类大典（2022）"),
                "qianhai": ("Qianhai 2020 high-demand occupation for foreign talents", "前海外籍人才紧缺职业（2020）"),
                "beijing": ("Beijing 2023 urgent-need entry", "北京“两区”急需紧缺职业（2023）")}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def html_lang(tag: str | None) -> str:
    """An RDF language tag as an HTML one: the dataset's Chinese is simplified (zh → zh-Hans)."""
    tag = (tag or "").strip()
    return "zh-Hans" if tag.lower() in ("zh", "zh-cn", "zh-hans") else tag


def zh(text: str) -> str:
    return f'<span lang="zh-Hans">{esc(text)}</span>' if text else ""


def en(text: str) -> str:
    return f'<span lang="en">{esc(text)}</span>' if text else ""


@lru_cache(maxsize=512)  # the UI's phrases are a few hundred constants
def bi(english: str, chinese: str) -> str:
    """A bilingual UI phrase, each half tagged with its language."""
    return f"{en(english)} {zh(chinese)}"


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

    def page(self, path: str) -> str:
        """A page of the site that is not a dataset IRI (``browse/a-z``, ``search``)."""
        return self.document(path)

    def home(self) -> str:
        return self.root("")

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
        # every target is a path from the site root and ``current`` a folder under it
        depth = len(self.current.split("/")) if self.current else 0
        return "../" * depth + target if target else ("../" * depth or "./")

    def root(self, target: str) -> str:
        return self._from_here(target)

    def document(self, path: str, suffix: str = "index.html") -> str:
        return self._from_here(f"{path}/{suffix}")

    def home(self) -> str:
        return self._from_here("index.html")


# --- labels ---------------------------------------------------------------------------------

def _lang_values(graph: Graph, s, p, lang: str) -> list[str]:
    return sorted(str(o) for o in graph.objects(s, p) if isinstance(o, Literal) and o.language == lang)


def label_pair(graph: Graph, iri) -> tuple[str, str]:
    """(Chinese, English) display labels; either may be ''.

    A description graph holds every label triple of the IRIs it mentions, exactly as the
    dataset does, so the answers are shared between the pages of one export (``share_labels``)."""
    cache = getattr(graph, "_occlink_labels", None)
    if cache is None:
        return _label_pair(graph, iri)
    found = cache.get(iri)
    if found is None:
        found = cache[iri] = _label_pair(graph, iri)
    return found


def share_labels(description: Graph, index: ResourceIndex) -> Graph:
    """Let ``description`` use the label cache of the whole dataset (see ``label_pair``)."""
    cache = getattr(index.graph, "_occlink_labels", None)
    if cache is None:
        cache = index.graph._occlink_labels = {}
        index.graph._occlink_codes = {}
    description._occlink_labels = cache
    description._occlink_codes = index.graph._occlink_codes
    return description


def _label_pair(graph: Graph, iri) -> tuple[str, str]:
    zh_ = (_lang_values(graph, iri, SKOS.prefLabel, "zh") or _lang_values(graph, iri, RDFS.label, "zh")
           or _lang_values(graph, iri, DCTERMS.title, "zh"))
    en_ = (_lang_values(graph, iri, SKOS.prefLabel, "en") or _lang_values(graph, iri, RDFS.label, "en")
           or _lang_values(graph, iri, DCTERMS.title, "en"))
    if not zh_ and not en_:
        en_ = sorted(str(o) for o in graph.objects(iri, RDFS.label) if isinstance(o, Literal))
    return (zh_[0] if zh_ else "", en_[0] if en_ else "")


def notation(graph: Graph, iri) -> str:
    cache = getattr(graph, "_occlink_codes", None)
    if cache is not None and iri in cache:
        return cache[iri]
    codes = sorted(str(o) for o in graph.objects(iri, SKOS.notation))
    code = codes[0] if codes else ""
    if cache is not None:
        cache[iri] = code
    return code


def names_html(code: str, zh_: str, en_: str) -> str:
    parts = []
    if code:
        parts.append(f'<span class="code">{esc(code)}</span>')
    if zh_:
        parts.append(zh(zh_))
    if en_:
        parts.append(en(en_))
    return " · ".join(parts)


def link(graph: Graph, iri, linker: Linker, ns: Namespaces, *, code: str | None = None) -> str:
    """An <a> showing code + labels when known, else the CURIE."""
    if iri is None:
        return ""
    if not isinstance(iri, URIRef):
        return literal_html(iri)
    zh_, en_ = label_pair(graph, iri)
    if code is None:
        curie = ns.compact(str(iri))
        # the CURIE tells catalogues apart (csco:2-02-38-01 vs bj:2-02-38-01 share code and labels)
        code = curie if curie != str(iri) else notation(graph, iri)
    text = names_html(code, zh_, en_) or esc(iri)
    href = linker.href(iri)
    return f'<a href="{esc(href)}">{text}</a>' if href else f'<span class="unresolved">{text}</span>'


def literal_html(value) -> str:
    if isinstance(value, Literal):
        if value.language:
            return (f'<span lang="{esc(html_lang(value.language))}">{esc(value)}</span>'
                    f'<span class="lang">@{esc(value.language)}</span>')
        return esc(value)
    return esc(value)


def literal_text(value) -> str:
    """A literal in running text: its language on the element, no ``@tag`` shown."""
    if isinstance(value, Literal) and value.language:
        return f'<span lang="{esc(html_lang(value.language))}">{esc(value)}</span>'
    return esc(value)


def predicate_name(index: ResourceIndex, p) -> str:
    if p == RDF.type:
        return "type <span class=\"muted\">(rdf:type)</span>"
    zh_, en_ = label_pair(index.graph, p) if str(p).startswith(str(index.ns.vocab)) else ("", "")
    curie = index.ns.compact(str(p))
    return f"{en(en_)} <span class=\"muted\">({esc(curie)})</span>" if en_ else esc(curie)


def scroll(table_html: str, label: str = "") -> str:
    """A table in its own horizontally scrolling box, so the page never gets wider than the screen."""
    aria = f' role="region" aria-label="{esc(label)}" tabindex="0"' if label else ""
    return f'<div class="scroll"{aria}>{table_html}</div>'


# --- page shell -------------------------------------------------------------------------------

def site_nav(linker: Linker) -> list[tuple[str, str | tuple[str, str]]]:
    """The site's menu: (href, text or (English, Chinese))."""
    nav: list[tuple[str, str | tuple[str, str]]] = [
        (linker.home(), ("Home", "首页")), (linker.page("search"), ("Search", "搜索")),
        (linker.href(linker.ns.base + "csco/2022") or linker.home(), ("Browse", "浏览")),
        (linker.page("browse/a-z"), "A–Z"), (linker.page("browse/crosswalks"), ("Crosswalks", "对照"))]
    if not linker.site:
        nav.append((linker.root("sparql"), "SPARQL"))
    nav.append((linker.root("dumps/") if not linker.site else linker.root("dumps/index.html"), ("Downloads", "下载")))
    return nav


def render_page(template: str, title: str, linker: Linker, *, lang: str = "en", canonical: str = "", **data) -> str:
    """A page: ``template`` extends the layout ``page.html``."""
    return render(template, title=title, linker=linker, lang=lang, canonical=canonical, nav=site_nav(linker), **data)


def shell(title: str, body: str, linker: Linker, *, lang: str = "en", head: str = "", scripts: str = "",
          canonical: str = "") -> str:
    return render_page("shell.html", title, linker, lang=lang, canonical=canonical, head=Markup(head), body=Markup(body),
                scripts=Markup(scripts))


# --- resource pages ---------------------------------------------------------------------------

def catalogue_of(graph: Graph, s, ns: Namespaces) -> str:
    schemes = {str(x) for x in graph.objects(s, SKOS.inScheme)}
    for key, scheme in (("csco", ns.csco_scheme), ("qianhai", ns.qh_scheme), ("beijing", ns.bj_scheme)):
        if str(scheme) in schemes:
            return key
    return ""


def _markers(graph: Graph, s, linker: Linker, ns: Namespaces) -> str:
    occ = ns.vocab
    badges = []
    for flag, (zh_, en_) in MARKERS.items():
        if (s, occ[flag], Literal(True)) in graph:
            inferred = any((m, occ.markerProperty, occ[flag]) in graph for m in graph.objects(s, occ.hasInferredMarker))
            note = (f' <span class="inferred">{bi("inferred through a reviewed mapping", "经审核映射推断")}</span>'
                    if inferred else "")
            href = linker.href(f"{ns.csco}collection/{flag}")
            text = f"{zh(zh_)} · {en(en_)}"
            inner = f'<a href="{esc(href)}">{text}</a>' if href else text
            badges.append(f'<span class="marker {flag}" data-marker="{flag}">{inner}{note}</span>')
    if badges:
        return "".join(badges)
    if any((s, occ[flag], None) in graph for flag in MARKERS):
        return f'<span class="muted">{bi("none", "无")}</span>'
    return ""


def breadcrumb(index: ResourceIndex, s, linker: Linker) -> str:
    """Scheme › major group › … › this concept, from the dataset graph."""
    g, ns = index.graph, index.ns
    chain, seen, current = [], {s}, s
    while True:
        parents = sorted(g.objects(current, SKOS.broader))
        if not parents or parents[0] in seen:
            break
        current = parents[0]
        seen.add(current)
        chain.append(current)
    schemes = sorted(g.objects(s, SKOS.inScheme))
    if not schemes and not chain:
        return ""
    items = []
    if schemes:
        scheme = schemes[0]
        key = catalogue_key_of_scheme(scheme, ns)
        name = CATALOGUE_NAMES.get(key) or " ".join(x for x in label_pair(g, scheme) if x)
        href = linker.href(scheme)
        items.append(f'<li><a href="{esc(href)}">{esc(name)}</a></li>' if href else f"<li>{esc(name)}</li>")
    for node in reversed(chain):
        items.append(f"<li>{link(g, node, linker, ns, code=notation(g, node))}</li>")
    zh_, en_ = label_pair(g, s)
    items.append(f'<li aria-current="page">{names_html(notation(g, s), zh_, en_)}</li>')
    return f'<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{"".join(items)}</ol></nav>'


def catalogue_key_of_scheme(scheme, ns: Namespaces) -> str:
    return {str(ns.csco_scheme): "csco", str(ns.qh_scheme): "qianhai", str(ns.bj_scheme): "beijing"}.get(str(scheme), "")


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
    return ("<br>".join(items) + '<br><span class="muted">' + bi("the occlink project's correspondence, not an official one",
                                                               "本项目对应关系，非官方") + "</span>")


def _hierarchy(graph: Graph, s, linker: Linker, ns: Namespaces) -> str:
    broader = sorted(graph.objects(s, SKOS.broader))
    narrower = sorted(graph.objects(s, SKOS.narrower), key=lambda x: (notation(graph, x), str(x)))
    if not (broader or narrower):
        return ""
    out = [f'<section class="hierarchy"><h2>{bi("Hierarchy", "层级")}</h2><dl class="summary">']
    if broader:
        out.append(f"<dt>{bi('Broader', '上级')}</dt><dd>" + "<br>".join(link(graph, x, linker, ns) for x in broader)
                   + "</dd>")
    if narrower:
        items = "".join(f"<li>{link(graph, x, linker, ns)}</li>" for x in narrower)
        out.append(f"<dt>{bi('Narrower', '下级')} ({len(narrower)})</dt><dd><ul>{items}</ul></dd>")
    out.append("</dl></section>")
    return "".join(out)


@dataclass(frozen=True)
class MappingRow:
    axiom: URIRef
    subject: URIRef | None
    predicate: str       # local name (exactMatch)
    negated: bool
    obj: URIRef | None
    confidence: str
    status: str          # positive | negative | unsure | ''
    reviewer: URIRef | None
    date: str
    comment: Literal | None
    justification: str
    mapping_set: URIRef | None


def mapping_row(graph: Graph, axiom, ns: Namespaces) -> MappingRow:
    def one(p):
        values = sorted(graph.objects(axiom, p))
        return values[0] if values else None
    mapping_set = one(DCTERMS.isPartOf)
    status = str(mapping_set).rsplit(".", 1)[-1] if mapping_set is not None else str(one(ns.vocab.reviewOutcome) or "")
    prop = one(OWL.annotatedProperty)
    # SSSOM's RDF: the author as pav:authoredBy and the date as dct:created (older graphs: the slot names)
    author = one(PAV_AUTHORED_BY) if one(PAV_AUTHORED_BY) is not None else one(SSSOM.author_id)
    date = one(DCTERMS.created) if one(DCTERMS.created) is not None else one(SSSOM.mapping_date)
    return MappingRow(axiom, one(OWL.annotatedSource), str(prop).rsplit("#", 1)[-1] if prop else "",
                      one(SSSOM.predicate_modifier) is not None,  # "Not" or sssom:NegatedPredicate
                      one(OWL.annotatedTarget), str(one(SSSOM.confidence) or ""), status, author, str(date or ""),
                      one(RDFS.comment), ns.compact(str(one(SSSOM.mapping_justification) or "")), mapping_set)


def predicate_html(row: MappingRow) -> str:
    en_, zh_ = PREDICATE_NAMES.get(row.predicate, (row.predicate, ""))
    text = bi(("not " if row.negated else "") + en_, ("非" if row.negated else "") + zh_)
    return f'{text} <span class="muted">(skos:{esc(row.predicate)})</span>'


def status_html(status: str) -> str:
    en_, zh_ = STATUS_NAMES.get(status, (status or "—", ""))
    return f'<span class="status {esc(status)}">{bi(en_, zh_)}</span>'


def mapping_table(graph: Graph, rows: list[MappingRow], linker: Linker, ns: Namespaces, *, label: str,
                  with_review: bool = True) -> str:
    head = [bi("Subject", "主体"), bi("Predicate", "关系"), bi("Object", "对象"), bi("Confidence", "置信度"),
            bi("Status", "状态")]
    if with_review:
        head += [bi("Reviewer", "审核人"), bi("Date", "日期"), bi("Comment", "说明"), bi("Record", "记录")]
    out = ["<table class=\"mappings\"><thead><tr>" + "".join(f"<th scope=\"col\">{h}</th>" for h in head)
           + "</tr></thead><tbody>"]
    for r in rows:
        cells = [link(graph, r.subject, linker, ns), predicate_html(r), link(graph, r.obj, linker, ns),
                 esc(r.confidence), status_html(r.status)]
        if with_review:
            record = linker.href(r.axiom)
            cells += [link(graph, r.reviewer, linker, ns, code="") if r.reviewer is not None else "", esc(r.date),
                      literal_text(r.comment) if r.comment is not None else "",
                      f'<a href="{esc(record)}" title="{esc(r.justification)}">{esc(r.justification or "record")}</a>'
                      if record else esc(r.justification)]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return scroll("".join(out), label)


def _axioms_about(graph: Graph, s) -> list:
    return sorted(set(graph.subjects(OWL.annotatedSource, s)) | set(graph.subjects(OWL.annotatedTarget, s)))


def _mappings(graph: Graph, s, linker: Linker, ns: Namespaces) -> str:
    rows = []
    for p in MAPPING_PREDICATES:
        for o in sorted(graph.objects(s, p)):
            rows.append(("→", ns.compact(str(p)), o))
        for o in sorted(graph.subjects(p, s)):
            rows.append(("←", ns.compact(str(p)), o))
    axioms = _axioms_about(graph, s)
    if not rows and not axioms:
        return ""
    out = [f'<section class="mappings"><h2>{bi("Mappings", "映射")}</h2>']
    if rows:
        table = (f"<table><thead><tr><th scope=\"col\"><span class=\"visually-hidden\">Direction</span></th>"
                 f"<th scope=\"col\">{bi('Predicate', '关系')}</th><th scope=\"col\">{bi('Concept', '概念')}</th>"
                 f"</tr></thead><tbody>")
        for direction, curie, other in rows:
            table += f"<tr><td>{direction}</td><td>{esc(curie)}</td><td>{link(graph, other, linker, ns)}</td></tr>"
        out.append(f"<p>{bi('Accepted mappings (SKOS)', '已接受的映射')}:</p>"
                   + scroll(table + "</tbody></table>", "Accepted mappings"))
    if axioms:
        out.append(f'<details class="decisions"><summary>{bi("Review decisions with their provenance", "审核决定及其来源")}'
                   f" ({len(axioms)})</summary>")
        out.append(mapping_table(graph, [mapping_row(graph, a, ns) for a in axioms], linker, ns,
                                 label="Review decisions") + "</details>")
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
        rows.append(f"<tr><th scope=\"row\">{predicate_name(index, p)}</th><td>{cells}</td></tr>")
    return scroll("<table class=\"statements\">" + "".join(rows) + "</table>", "All statements")


def _incoming(index: ResourceIndex, graph: Graph, s, linker: Linker) -> str:
    ns = index.ns
    rows = []
    for subj, p in sorted(graph.subject_predicates(s), key=lambda x: (str(x[1]), str(x[0]))):
        if p in MAPPING_PREDICATES or p in (OWL.annotatedSource, OWL.annotatedTarget):
            continue  # shown under Mappings
        if isinstance(subj, URIRef) and str(subj).startswith(str(s) + "/"):
            continue  # its own sub-resources are shown with it
        if p == DCTERMS.isPartOf and str(subj).startswith(str(ns.mapping)):
            continue  # the mappings of a set: its table shows them
        rows.append(f"<tr><td>{link(graph, subj, linker, ns)}</td><td>{predicate_name(index, p)}</td></tr>")
    if not rows:
        return ""
    dropped = index.incoming_links(s)[1]
    more = (f'<p class="muted">… and {dropped} more (at most 100 per property are listed; '
            f'SPARQL gives all).</p>') if dropped else ""
    return (f'<details class="incoming"><summary><h2>{bi("Referenced by", "被引用")} ({len(rows)})</h2></summary>'
            + scroll(f"<table><thead><tr><th scope=\"col\">{bi('Resource', '资源')}</th>"
                     f"<th scope=\"col\">{bi('Property', '属性')}</th></tr></thead><tbody>" + "".join(rows)
                     + "</tbody></table>", "Referenced by") + more + "</details>")


_TASK_NUMBER = re.compile(r"(?:^|\s)(\d{1,2})[.．、]\s*")


def task_items(text: str) -> list[str]:
    """The numbered tasks of a ``mainTasks`` text (``1.… 2.…``); the whole text when unnumbered."""
    parts = _TASK_NUMBER.split(text.strip())
    if len(parts) < 4:  # fewer than two numbered items
        return [text.strip()]
    return [parts[i + 1].strip() for i in range(1, len(parts) - 1, 2) if parts[i + 1].strip()]


def _text_values(graph: Graph, s, p) -> list[Literal]:
    return sorted((o for o in graph.objects(s, p) if isinstance(o, Literal)), key=str)


def _tasks(graph: Graph, s, ns: Namespaces) -> str:
    values = _text_values(graph, s, ns.vocab.mainTasks)
    if not values:
        return ""
    out = []
    for value in values:
        lang = html_lang(value.language)
        items = task_items(str(value))
        attr = f' lang="{esc(lang)}"' if lang else ""
        if len(items) > 1:
            out.append(f'<ol class="tasks"{attr}>' + "".join(f"<li>{esc(x)}</li>" for x in items) + "</ol>")
        else:
            out.append(f"<p{attr}>{esc(items[0])}</p>")
    return "<dt>" + bi("Main tasks", "主要工作任务") + "</dt><dd>" + "".join(out) + "</dd>"


def _one(graph: Graph, s, p):
    values = sorted(graph.objects(s, p))
    return values[0] if values else None


def _qianhai_attributes(graph: Graph, s, linker: Linker, ns: Namespaces) -> str:
    """Competencies, education, experience and the list's ratings, inline (issue #20, finding 3)."""
    occ, schema = ns.vocab, SCHEMA
    rows = []

    def linked(p) -> str:
        return "<br>".join(link(graph, o, linker, ns, code="") for o in sorted(graph.objects(s, p)))

    for p, label in ((occ.orientation, bi("Orientation", "导向类型")), (occ.industry, bi("Industry", "所属行业"))):
        if _one(graph, s, p) is not None:
            rows.append(f"<dt>{label}</dt><dd>{linked(p)}</dd>")
    competencies = sorted(graph.objects(s, occ.competencyRequirement),
                          key=lambda c: (int(_one(graph, c, URIRef(schema + "position")) or 0), str(c)))
    if competencies:
        items = "".join(f"<li>{' '.join(literal_text(v) for v in _text_values(graph, c, URIRef(schema + 'description')))}"
                        "</li>" for c in competencies)
        rows.append(f'<dt>{bi("Competencies", "能力要求")}</dt><dd><ol class="competencies">{items}</ol></dd>')
    education = _one(graph, s, URIRef(schema + "educationRequirements"))
    if education is not None:
        parts = []
        if _one(graph, s, occ.minimumDegree) is not None:
            parts.append(f"{bi('Minimum degree', '最低学位')}: {linked(occ.minimumDegree)}")
        preferred = sorted(graph.objects(education, occ.preferredDegree))
        if preferred:
            parts.append(f"{bi('Preferred', '优先')}: " + ", ".join(link(graph, x, linker, ns, code="")
                                                                   for x in preferred))
        specialties = _text_values(graph, education, occ.specialty)
        if specialties:
            parts.append(f"{bi('Specialties', '专业')}: " + ", ".join(literal_text(x) for x in specialties))
        for d in _text_values(graph, education, URIRef(schema + "description")):
            parts.append(f'<span class="source-text">{bi("As published", "原文")}: {literal_text(d)}</span>')
        rows.append(f'<dt>{bi("Education", "学历要求")}</dt><dd class="education">'
                    + "<br>".join(parts) + "</dd>")
    experience = _one(graph, s, URIRef(schema + "experienceRequirements"))
    if experience is not None:
        years = _one(graph, experience, occ.minimumYearsOfExperience)
        parts = [f"{bi('At least', '至少')} {esc(years)} {bi('years', '年')}"] if years is not None else []
        parts += [literal_text(d) for d in _text_values(graph, experience, URIRef(schema + "description"))]
        rows.append(f'<dt>{bi("Experience", "工作经验")}</dt><dd class="experience">' + "<br>".join(parts) + "</dd>")
    for p, label in ((occ.demandDuration, bi("Demand duration", "紧缺持续时间")),
                     (occ.supplySeverity, bi("Supply", "紧缺程度"))):
        if _one(graph, s, p) is not None:
            rows.append(f"<dt>{label}</dt><dd>{linked(p)}</dd>")
    number, table = _one(graph, s, occ.listNumber), _one(graph, s, occ.sourceTable)
    if number is not None:
        where = f"{bi('Table', '表')} {esc(table)}, " if table is not None else ""
        rows.append(f"<dt>{bi('In the list', '清单位置')}</dt><dd>{where}{bi('no.', '序号')} {esc(number)}</dd>")
    if not rows:
        return ""
    return (f'<section class="attributes"><h2>{bi("Requirements and demand", "要求与紧缺情况")}</h2>'
            f'<dl class="summary">{"".join(rows)}</dl></section>')


def _beijing_rule(graph: Graph, s, linker: Linker, ns: Namespaces) -> str:
    occ = ns.vocab
    rows = []
    for rule in sorted(graph.objects(s, occ.inclusionRule)):
        label = _one(graph, rule, RDFS.label)
        text = (f'<a href="{esc(linker.href(rule))}">{literal_text(label) if label else esc(rule)}</a>'
                if linker.href(rule) else literal_text(label or rule))
        rows.append(f"<dt>{bi('Included by the rule', '收录规则')}</dt><dd>{text}")
        for c in _text_values(graph, rule, RDFS.comment):
            rows.append(f"<blockquote>{literal_text(c)}</blockquote>")
        for note in _text_values(graph, rule, SKOS.editorialNote):
            rows.append(f'<p class="muted">{literal_text(note)}</p>')
        rows.append("</dd>")
    for national in sorted(graph.objects(s, occ.nationalOccupation)):
        rows.append(f"<dt>{bi('National occupation', '对应国家职业')}</dt><dd>{link(graph, national, linker, ns)}</dd>")
    if not rows:
        return ""
    return (f'<section class="beijing-rule"><h2>{bi("Why this entry is in the Beijing list", "收录依据")}</h2>'
            f'<dl class="summary">{"".join(rows)}</dl></section>')


def _appears_in(index: ResourceIndex, s, kind: str, linker: Linker) -> str:
    """Where the same occupation appears in the other lists, with mapping type and review status."""
    g, ns = index.graph, index.ns
    items = []
    if kind == "csco":
        for b in sorted(g.subjects(ns.vocab.nationalOccupation, s)):
            items.append(f"<li>{bi('Beijing 2023 urgent-need entry', '北京急需紧缺职业')}: {link(g, b, linker, ns)}</li>")
    if kind == "beijing":
        for c in sorted(g.objects(s, ns.vocab.nationalOccupation)):
            items.append(f"<li>{bi('National classification', '国家职业分类')}: {link(g, c, linker, ns)}</li>")
    for axiom in _axioms_about(g, s):
        row = mapping_row(g, axiom, ns)
        other = row.obj if row.subject == s else row.subject
        if other is None:
            continue
        other_kind = catalogue_of(g, other, ns)
        name = {"csco": bi("National classification", "国家职业分类"), "qianhai": bi("Qianhai 2020", "前海"),
                "beijing": bi("Beijing 2023", "北京")}.get(other_kind, "")
        items.append(f"<li>{name}: {link(g, other, linker, ns)} — {predicate_html(row)}, {status_html(row.status)}"
                     + (f", {bi('confidence', '置信度')} {esc(row.confidence)}" if row.confidence else "") + "</li>")
    if not items:
        return ""
    return (f'<aside class="appears-in" aria-labelledby="appears-in-h"><h2 id="appears-in-h">'
            f'{bi("Appears in", "出现在")}</h2><ul>{"".join(items)}</ul></aside>')


def _cite_box(index: ResourceIndex, s, zh_: str, en_: str, code: str) -> str:
    """Copy the IRI; cite the concept in plain text from the dataset's title, version and IRI in the graph."""
    g, ns = index.graph, index.ns
    dataset = URIRef(f"{ns.dataset}occlink")
    title = _one(g, dataset, DCTERMS.title)
    version = _one(g, dataset, OWL.versionInfo)
    kind = catalogue_of(g, s, ns)
    shown = catalog_for_site_kind(kind)
    source = _one(g, URIRef(f"{ns.dataset}{shown.id}"), DCTERMS.title) if shown else None
    name = " · ".join(x for x in (zh_, en_) if x) or ns.compact(str(s))
    parts = [f"{name}" + (f" ({code})" if code else "") + "."]
    if source is not None:
        parts.append(f"In: {source}.")
    if title is not None:
        parts.append(f"{title}" + (f", version {version}" if version is not None else "") + ".")
    parts.append(str(s))
    citation = " ".join(parts)
    dataset_citation = _one(g, dataset, DCTERMS.bibliographicCitation)
    extra = (f'<p class="muted">{bi("Citing the whole dataset", "引用整个数据集")}: {esc(dataset_citation)}</p>'
             if dataset_citation is not None else "")
    return (f'<section class="cite" aria-labelledby="cite-h"><h2 id="cite-h">{bi("Link and cite", "链接与引用")}</h2>'
            f'<p><label for="iri-field">{bi("Permanent IRI", "永久标识")}</label><br>'
            f'<input type="text" id="iri-field" class="copy-source" readonly value="{esc(s)}"> '
            f'<button type="button" class="copy" data-copy="iri-field" hidden>{bi("Copy", "复制")}</button></p>'
            f'<p><label for="cite-field">{bi("Cite as", "引用格式")}</label><br>'
            f'<textarea id="cite-field" class="copy-source" readonly rows="3">{esc(citation)}</textarea> '
            f'<button type="button" class="copy" data-copy="cite-field" hidden>{bi("Copy", "复制")}</button></p>'
            f"{extra}</section>")


def resource_page(index: ResourceIndex, path: str, linker: Linker, graph: Graph | None = None) -> str:
    """The page of one document (one resource, or every hash IRI of a document like ``vocab``);
    ``graph`` is its description when the caller already has it."""
    from occlink.exports.site.browse import special_section
    ns = index.ns
    graph = share_labels(graph if graph is not None else index.describe(path), index)
    share_labels(index.graph, index)
    subjects = index.subjects_of(path)
    main = index.document_iri(path)
    blocks = []
    if main not in subjects:  # a hash-IRI document: a heading for the document itself
        blocks.append(f"<h1>{esc(ns.compact(str(main)))}</h1>")
    for s in [x for x in subjects if x == main] + [x for x in subjects if x != main]:
        blocks.append(_resource_block(index, graph, s, linker, main, special_section(index, s, linker)
                                      if s == main else ""))
    title_zh, title_en = label_pair(graph, main)
    kind = catalogue_of(index.graph, main, ns)
    prefix = {"beijing": "Beijing 2023 entry 北京急需紧缺", "qianhai": "Qianhai 2020 前海"}.get(kind, "")
    title = " · ".join(x for x in (prefix, notation(graph, main), title_zh, title_en) if x) or ns.compact(str(main))
    formats = (f'<p class="formats">{bi("This resource as data", "数据格式")}: '
               f'<a href="{esc(linker.document(path, "index.ttl"))}">Turtle</a> · '
               f'<a href="{esc(linker.document(path, "index.jsonld"))}">JSON-LD</a></p>')
    head = (f'<link rel="alternate" type="text/turtle" href="{esc(linker.document(path, "index.ttl"))}">'
            f'<link rel="alternate" type="application/ld+json" href="{esc(linker.document(path, "index.jsonld"))}">')
    lang = "zh-Hans" if kind in ("csco", "beijing") or (title_zh and not title_en) else "en"
    return shell(title, "\n".join(blocks) + formats, linker, head=head, lang=lang, canonical=str(main))


def _resource_block(index: ResourceIndex, graph: Graph, s, linker: Linker, main, special: str = "") -> str:
    ns = index.ns
    zh_, en_ = label_pair(graph, s)
    code = notation(graph, s)
    anchor = str(s).partition("#")[2]
    heading = "h1" if s == main else "h2"
    kind = catalogue_of(index.graph, s, ns) if s == main else ""
    out = [f'<article class="resource{" " + kind if kind else ""}" id="{esc(anchor) if anchor else "resource"}">']
    if s == main:
        out.append(breadcrumb(index, s, linker))
    if kind in KIND_BANNERS:
        out.append(f'<p class="kind {kind}">{bi(*KIND_BANNERS[kind])}</p>')
    if zh_ and kind == "beijing":  # never the same heading as its national concept
        out.append(f'<{heading} class="label-zh" lang="zh-Hans"><span class="heading-list">北京急需紧缺职业</span> '
                   f'{esc(zh_)}</{heading}>')
        if en_:
            out.append(f'<p class="label-en" lang="en">{esc(en_)}</p>')
    elif zh_:
        out.append(f'<{heading} class="label-zh" lang="zh-Hans">{esc(zh_)}</{heading}>')
        if en_:
            out.append(f'<p class="label-en" lang="en">{esc(en_)}</p>')
    else:
        out.append(f'<{heading} class="label-en" lang="en">{esc(en_ or ns.compact(str(s)))}</{heading}>')
    translated = sorted({form.language or "" for lbl in graph.objects(s, SKOSXL_PREF)
                         if (lbl, RDF.type, ns.vocab.ProjectTranslation) in graph
                         for form in graph.objects(lbl, SKOSXL_FORM) if isinstance(form, Literal)})
    summary = []
    if code:
        summary.append(f'<dt>{bi("Code", "代码")}</dt><dd class="code" id="code">{esc(code)}</dd>')
    level = sorted(graph.objects(s, ns.vocab.level))
    if level:
        summary.append(f"<dt>{bi('Level', '层级')}</dt><dd>" + ", ".join(link(graph, x, linker, ns, code="")
                                                                       for x in level) + "</dd>")
    markers = _markers(graph, s, linker, ns)
    if markers:
        summary.append(f'<dt>{bi("Markers", "标识")}</dt><dd class="markers">{markers}</dd>')
    international = _international(graph, s, ns)
    if international:
        summary.append(f'<dt>ISCO-08 / ESCO</dt><dd class="isco">{international}</dd>')
    for prop, name in ((SKOS.definition, bi("Definition", "定义")), (DCTERMS.description, bi("Description", "描述")),
                       (RDFS.comment, bi("Comment", "说明")), (SKOS.scopeNote, bi("Scope note", "范围注释"))):
        values = _text_values(graph, s, prop)
        if values:
            summary.append(f"<dt>{name}</dt><dd>" + "<br>".join(literal_text(v) for v in values) + "</dd>")
    summary.append(_tasks(graph, s, ns))
    alts = _text_values(graph, s, SKOS.altLabel)
    if alts:
        summary.append(f"<dt>{bi('Also known as', '别名')}</dt><dd class=\"aliases\">"
                       + "、".join(f'<span lang="{esc(html_lang(a.language))}">{esc(a)}</span>' for a in alts) + "</dd>")
    for lang in translated:
        name = {"en": "English label", "zh": "Chinese label 中文名称"}.get(lang, f"Label @{lang}")
        summary.append(f'<dt>{esc(name)}</dt><dd class="muted translation">project translation (occlink), '
                       f'not official {zh("本项目译名，非官方")}</dd>')
    summary = [x for x in summary if x]
    if summary:
        out.append('<dl class="summary">' + "".join(summary) + "</dl>")
    if kind == "qianhai":
        out.append(_qianhai_attributes(graph, s, linker, ns))
    if kind == "beijing":  # the rule's own text is not part of the entry's description
        out.append(_beijing_rule(index.graph, s, linker, ns))
    if s == main:
        out.append(_appears_in(index, s, kind, linker))
    out.append(special)
    out.append(_hierarchy(graph, s, linker, ns))
    out.append(_mappings(graph, s, linker, ns))
    if s == main:
        out.append(_cite_box(index, s, zh_, en_, code))
    out.append(f'<details class="statements"><summary><h2>{bi("All statements", "全部陈述")}</h2></summary>'
               + _statements(index, graph, s, linker) + "</details>")
    out.append(_incoming(index, graph, s, linker))
    out.append("</article>")
    return "\n".join(x for x in out if x)


# --- search, SPARQL, errors --------------------------------------------------------------------

SEARCH_LISTS = (("", "All lists 全部"), ("csco", CATALOGUE_NAMES["csco"]), ("qianhai", CATALOGUE_NAMES["qianhai"]),
                ("beijing", CATALOGUE_NAMES["beijing"]))
SEARCH_MARKERS = (("", "Any 不限"), ("green", "Green (L) 绿色"), ("digital", "Digital (S) 数字"))


def search_form(linker: Linker, query: str = "", catalogue: str = "", marker: str = "") -> dict:
    """What the ``search_form`` macro shows: the server suggests as one types, the static site
    searches its own index."""
    return {"action": linker.page("search"), "query": query, "catalogue": catalogue, "marker": marker,
            "suggest_kind": "index" if linker.site else "suggest",
            "suggest": linker.root("search-index.json") if linker.site else linker.root("suggest"),
            "lists": SEARCH_LISTS, "markers": SEARCH_MARKERS}


def hit_data(hit: Hit, linker: Linker) -> dict:
    e = hit.entry
    via = None
    if hit.label not in {e.code, e.label_zh, e.label_en}:  # say which other label matched
        via = {"label": hit.label, "lang": html_lang(hit.lang), "search_only": hit.search_only,
               "kind": KIND_NAMES[hit.kind]}
    return {"href": linker.href(e.iri), "code": e.code, "zh": e.label_zh, "en": e.label_en,
            "catalogue": CATALOGUE_NAMES.get(e.catalogue, ""), "markers": [(m, MARKERS[m][1]) for m in e.markers],
            "via": via}


def search_page(query: str, hits: list[Hit], total: int, linker: Linker, *, catalogue: str = "",
                marker: str = "") -> str:
    return render_page("search.html", f"Search: {query}" if query else "Search", linker,
                form=search_form(linker, query, catalogue, marker), query=query, total=total,
                hits=[hit_data(h, linker) for h in hits], show_results=bool(query.strip()))


DEFAULT_QUERY = 'SELECT ?c ?label WHERE { ?c skos:notation "2-02-38-01" ; skos:prefLabel ?label }'


def sparql_form_page(linker: Linker, examples: list, query: str = "", result_html: str = "",
                     max_rows: int = 0, timeout: float = 0, error: str = "") -> str:
    """The query form; ``result_html`` is a rendered ``results_table``."""
    return render_page("sparql.html", "SPARQL", linker, lang="en", error=error, query=query or DEFAULT_QUERY,
                max_rows=f"{max_rows:,}", timeout=f"{timeout:g}", result=Markup(result_html),
                examples=[(f"?query={_quote(e.text)}", e.title, e.name) for e in examples])


def _quote(text: str) -> str:
    from urllib.parse import quote
    return quote(text, safe="")


def results_table(result, linker: Linker) -> str:
    """A SELECT/ASK result as an HTML table (IRIs become local links)."""
    from occlink.exports.sparql.results import plain
    if result.kind == "ask":
        return render("results_table.html", ask=bool(result.boolean))
    rows = [[(plain(term), linker.href(plain(term)) if term is not None and type(term).__name__ == "NamedNode"
              else None) for term in row] for row in result.rows]
    return render("results_table.html", ask=None, variables=result.variables, rows=rows, truncated=result.truncated)


def error_page(status: str, message: str, linker: Linker) -> str:
    return render_page("error.html", status, linker, lang="en", status=status, message=message)


def sparql_graph_page(turtle: str, linker: Linker) -> str:
    """A CONSTRUCT/DESCRIBE result shown to a browser: its Turtle."""
    return render_page("sparql_graph.html", "SPARQL result", linker, turtle=turtle)
