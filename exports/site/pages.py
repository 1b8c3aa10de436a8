"""HTML pages shared by the server and the static site: resources, search, SPARQL form.

Pages are built from a resource's description graph (exports/web/describe.py) and, for what a
person needs around it (breadcrumb, tree, "appears in"), from the dataset graph. This module
gathers the data (labels, codes, links as ``Link``/``Text``); the Jinja templates in
``templates/`` (render.py) write the markup and escape every value. A ``Linker`` decides how a
dataset IRI becomes a link (root-relative on the server, relative ``…/index.html`` on the static
site). No inline script or style: a strict Content-Security-Policy can forbid both (the
behaviour lives in static/*.js).

Languages: every Chinese text carries ``lang="zh-Hans"``, every English one ``lang="en"``; the
page's own ``lang`` is the language of its main content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

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


def html_lang(tag: str | None) -> str:
    """An RDF language tag as an HTML one: the dataset's Chinese is simplified (zh → zh-Hans)."""
    tag = (tag or "").strip()
    return "zh-Hans" if tag.lower() in ("zh", "zh-cn", "zh-hans") else tag


class Linker:
    """Server flavour: every dataset IRI maps to ``/`` + its path (the base IRI's path is the root)."""

    site = False

    def __init__(self, ns: Namespaces, current: str = "", known: Callable[[str], bool] | None = None):
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

    def href(self, iri: object) -> str:
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
    shared = vars(index.graph)  # the caches are attributes of the graphs: they live as long as the dataset graph
    if cache is None:
        cache = shared["_occlink_labels"] = {}
        shared["_occlink_codes"] = {}
    vars(description).update(_occlink_labels=cache, _occlink_codes=shared["_occlink_codes"])
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


@dataclass(frozen=True)
class Text:
    """A literal as a page shows it (macro ``literal``): its text and RDF language tag ('' for none)."""
    text: str
    lang: str = ""
    kind: ClassVar[str] = "literal"

    @property
    def html_lang(self) -> str:
        return html_lang(self.lang)


def text_of(value: object) -> Text:
    if isinstance(value, Literal) and value.language:
        return Text(str(value), value.language)
    return Text(str(value))


@dataclass(frozen=True)
class Link:
    """A resource as a page shows it (macro ``node``): code and labels when known, else ``fallback``
    (its IRI); ``href`` is '' where no page is written for it."""
    href: str
    code: str
    zh: str
    en: str
    fallback: str
    kind: ClassVar[str] = "link"

    @property
    def named(self) -> bool:
        return bool(self.code or self.zh or self.en)


def link(graph: Graph, iri: Any, linker: Linker, ns: Namespaces, *, code: str | None = None) -> Link | Text | None:
    """A resource with code + labels when known, else the CURIE; a literal as itself; None for None."""
    if iri is None:
        return None
    if not isinstance(iri, URIRef):
        return text_of(iri)
    zh_, en_ = label_pair(graph, iri)
    if code is None:
        curie = ns.compact(str(iri))
        # the CURIE tells catalogues apart (csco:2-02-38-01 vs bj:2-02-38-01 share code and labels)
        code = curie if curie != str(iri) else notation(graph, iri)
    return Link(linker.href(iri), code, zh_, en_, str(iri))


def predicate_name(index: ResourceIndex, p: Any) -> dict:
    """A property as the statement tables name it: its English label (project vocabulary) and CURIE."""
    zh_, en_ = label_pair(index.graph, p) if str(p).startswith(str(index.ns.vocab)) else ("", "")
    return {"is_type": p == RDF.type, "en": en_, "curie": index.ns.compact(str(p))}


def ordered(nodes: Iterable[Any]) -> list[Any]:
    """RDF terms in rdflib's order (the order the pages have always listed them in)."""
    return sorted(nodes)


# --- page layout ------------------------------------------------------------------------------

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


# --- resource pages ---------------------------------------------------------------------------

def catalogue_of(graph: Graph, s: Any, ns: Namespaces) -> str:
    schemes = {str(x) for x in graph.objects(s, SKOS.inScheme)}
    for key, scheme in (("csco", ns.csco_scheme), ("qianhai", ns.qh_scheme), ("beijing", ns.bj_scheme)):
        if str(scheme) in schemes:
            return key
    return ""


def _markers(graph: Graph, s: Any, linker: Linker, ns: Namespaces) -> list[dict] | None:
    """The green/digital badges ([] when the flags are all false), None when the concept has no flags."""
    occ = ns.vocab
    badges = []
    for flag, (zh_, en_) in MARKERS.items():
        if (s, occ[flag], Literal(True)) in graph:
            inferred = any((m, occ.markerProperty, occ[flag]) in graph for m in graph.objects(s, occ.hasInferredMarker))
            badges.append({"flag": flag, "href": linker.href(f"{ns.csco}collection/{flag}"), "zh": zh_, "en": en_,
                           "inferred": inferred})
    if badges or any((s, occ[flag], None) in graph for flag in MARKERS):
        return badges
    return None


def breadcrumb(index: ResourceIndex, s: Any, linker: Linker) -> dict | None:
    """Scheme › major group › … › this concept, from the dataset graph."""
    g, ns = index.graph, index.ns
    chain, seen, current = [], {s}, s
    while True:
        parents = ordered(g.objects(current, SKOS.broader))
        if not parents or parents[0] in seen:
            break
        current = parents[0]
        seen.add(current)
        chain.append(current)
    schemes = ordered(g.objects(s, SKOS.inScheme))
    if not schemes and not chain:
        return None
    scheme = None
    if schemes:
        key = catalogue_key_of_scheme(schemes[0], ns)
        scheme = (linker.href(schemes[0]),
                  CATALOGUE_NAMES.get(key) or " ".join(x for x in label_pair(g, schemes[0]) if x))
    zh_, en_ = label_pair(g, s)
    return {"scheme": scheme, "chain": [link(g, node, linker, ns, code=notation(g, node)) for node in reversed(chain)],
            "current": (notation(g, s), zh_, en_)}


def catalogue_key_of_scheme(scheme: Any, ns: Namespaces) -> str:
    return {str(ns.csco_scheme): "csco", str(ns.qh_scheme): "qianhai", str(ns.bj_scheme): "beijing"}.get(str(scheme), "")


def _international(graph: Graph, s: Any, ns: Namespaces) -> list[dict]:
    """The concept's ISCO-08 groups and ESCO occupations (title, predicate), each linked to ESCO."""
    from occlink.taxonomy.namespaces import ESCO_OCCUPATION, ISCO
    items = []
    for p in MAPPING_PREDICATES:
        for o in ordered(graph.objects(s, p)):
            if not (o.startswith(str(ISCO)) or o.startswith(str(ESCO_OCCUPATION))):
                continue
            title = next((str(t) for t in graph.objects(o, SKOS.prefLabel)), "")
            code = notation(graph, o) or ("ESCO" if o.startswith(str(ESCO_OCCUPATION)) else "")
            if not title:  # ESCO occupations are referenced, not described: the decision names them
                title = next((str(t) for a in graph.subjects(OWL.annotatedTarget, o)
                              for t in graph.objects(a, SSSOM.object_label)), "")
            items.append({"href": str(o), "code": code, "title": title, "predicate": ns.compact(str(p))})
    return items


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

    @property
    def predicate_names(self) -> tuple[str, str]:
        en_, zh_ = PREDICATE_NAMES.get(self.predicate, (self.predicate, ""))
        return ("not " if self.negated else "") + en_, ("非" if self.negated else "") + zh_

    @property
    def status_names(self) -> tuple[str, str]:
        return STATUS_NAMES.get(self.status, (self.status or "—", ""))


def mapping_row(graph: Graph, axiom: Any, ns: Namespaces) -> MappingRow:
    def one(p: Any) -> Any:
        values = ordered(graph.objects(axiom, p))
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


def mapping_cells(graph: Graph, rows: list[MappingRow], linker: Linker, ns: Namespaces) -> list[dict]:
    """What the ``mapping_table`` macro shows of each row: its resources as links."""
    return [{"row": r, "subject": link(graph, r.subject, linker, ns), "obj": link(graph, r.obj, linker, ns),
             "reviewer": link(graph, r.reviewer, linker, ns, code="") if r.reviewer is not None else None,
             "comment": text_of(r.comment) if r.comment is not None else None, "record": linker.href(r.axiom)}
            for r in rows]


def _axioms_about(graph: Graph, s: Any) -> list:
    return ordered(set(graph.subjects(OWL.annotatedSource, s)) | set(graph.subjects(OWL.annotatedTarget, s)))


def _accepted_mappings(graph: Graph, s: Any, linker: Linker, ns: Namespaces) -> list[tuple[str, str, Any]]:
    rows = []
    for p in MAPPING_PREDICATES:
        for o in ordered(graph.objects(s, p)):
            rows.append(("→", ns.compact(str(p)), link(graph, o, linker, ns)))
        for o in ordered(graph.subjects(p, s)):
            rows.append(("←", ns.compact(str(p)), link(graph, o, linker, ns)))
    return rows


def _statements(index: ResourceIndex, graph: Graph, s: Any, linker: Linker) -> list[tuple[dict, list]]:
    ns = index.ns
    props: dict = {}
    for p, o in graph.predicate_objects(s):
        props.setdefault(p, []).append(o)
    rows = []
    for p in sorted(props, key=lambda x: ns.compact(str(x))):
        values = sorted(props[p], key=lambda v: (isinstance(v, Literal), str(v)))
        rows.append((predicate_name(index, p), [link(graph, v, linker, ns) for v in values]))
    return rows


def _incoming(index: ResourceIndex, graph: Graph, s: Any, linker: Linker) -> list[tuple[Any, dict]]:
    ns = index.ns
    rows = []
    for subj, p in sorted(graph.subject_predicates(s), key=lambda x: (str(x[1]), str(x[0]))):
        if p in MAPPING_PREDICATES or p in (OWL.annotatedSource, OWL.annotatedTarget):
            continue  # shown under Mappings
        if isinstance(subj, URIRef) and str(subj).startswith(str(s) + "/"):
            continue  # its own sub-resources are shown with it
        if p == DCTERMS.isPartOf and str(subj).startswith(str(ns.mapping)):
            continue  # the mappings of a set: its table shows them
        rows.append((link(graph, subj, linker, ns), predicate_name(index, p)))
    return rows


_TASK_NUMBER = re.compile(r"(?:^|\s)(\d{1,2})[.．、]\s*")


def task_items(text: str) -> list[str]:
    """The numbered tasks of a ``mainTasks`` text (``1.… 2.…``); the whole text when unnumbered."""
    parts = _TASK_NUMBER.split(text.strip())
    if len(parts) < 4:  # fewer than two numbered items
        return [text.strip()]
    return [parts[i + 1].strip() for i in range(1, len(parts) - 1, 2) if parts[i + 1].strip()]


def _text_values(graph: Graph, s: Any, p: Any) -> list[Literal]:
    return sorted((o for o in graph.objects(s, p) if isinstance(o, Literal)), key=str)


def _texts(graph: Graph, s: Any, p: Any) -> list[Text]:
    return [text_of(v) for v in _text_values(graph, s, p)]


def _tasks(graph: Graph, s: Any, ns: Namespaces) -> list[dict]:
    return [{"lang": html_lang(v.language), "entries": task_items(str(v))}
            for v in _text_values(graph, s, ns.vocab.mainTasks)]


def _one(graph: Graph, s: Any, p: Any) -> Any:
    values = ordered(graph.objects(s, p))
    return values[0] if values else None


def _qianhai_attributes(graph: Graph, s: Any, linker: Linker, ns: Namespaces) -> dict | None:
    """Competencies, education, experience and the list's ratings, inline (issue #20, finding 3)."""
    occ, schema = ns.vocab, SCHEMA

    def linked(subject: Any, p: Any) -> list:
        return [link(graph, o, linker, ns, code="") for o in ordered(graph.objects(subject, p))]

    competencies = sorted(graph.objects(s, occ.competencyRequirement),
                          key=lambda c: (int(_one(graph, c, URIRef(schema + "position")) or 0), str(c)))
    education = _one(graph, s, URIRef(schema + "educationRequirements"))
    experience = _one(graph, s, URIRef(schema + "experienceRequirements"))
    years = _one(graph, experience, occ.minimumYearsOfExperience) if experience is not None else None
    q = {
        "orientation": linked(s, occ.orientation), "industry": linked(s, occ.industry),
        "competencies": [_texts(graph, c, URIRef(schema + "description")) for c in competencies],
        "education": None if education is None else {
            "minimum": linked(s, occ.minimumDegree), "preferred": linked(education, occ.preferredDegree),
            "specialties": _texts(graph, education, occ.specialty),
            "published": _texts(graph, education, URIRef(schema + "description"))},
        "experience": None if experience is None else {
            "years": None if years is None else str(years),
            "descriptions": _texts(graph, experience, URIRef(schema + "description"))},
        "demand": linked(s, occ.demandDuration), "supply": linked(s, occ.supplySeverity),
        "number": _one(graph, s, occ.listNumber), "table": _one(graph, s, occ.sourceTable),
    }
    shown = ("orientation", "industry", "competencies", "demand", "supply")
    if not any(q[k] for k in shown) and education is None and experience is None and q["number"] is None:
        return None
    return q


def _beijing_rule(graph: Graph, s: Any, linker: Linker, ns: Namespaces) -> dict | None:
    occ = ns.vocab
    rules = []
    for rule in ordered(graph.objects(s, occ.inclusionRule)):
        label = _one(graph, rule, RDFS.label)
        rules.append({"href": linker.href(rule), "text": text_of(label if label else rule),
                      "comments": _texts(graph, rule, RDFS.comment), "notes": _texts(graph, rule, SKOS.editorialNote)})
    nationals = [link(graph, n, linker, ns) for n in ordered(graph.objects(s, occ.nationalOccupation))]
    return {"rules": rules, "nationals": nationals} if rules or nationals else None


def _appears_in(index: ResourceIndex, s: Any, kind: str, linker: Linker) -> list[dict]:
    """Where the same occupation appears in the other lists, with mapping type and review status."""
    g, ns = index.graph, index.ns
    items: list[dict[str, Any]] = []
    if kind == "csco":
        for b in ordered(g.subjects(ns.vocab.nationalOccupation, s)):
            items.append({"label": ("Beijing 2023 urgent-need entry", "北京急需紧缺职业"),
                          "link": link(g, b, linker, ns), "row": None})
    if kind == "beijing":
        for c in ordered(g.objects(s, ns.vocab.nationalOccupation)):
            items.append({"label": ("National classification", "国家职业分类"), "link": link(g, c, linker, ns),
                          "row": None})
    names = {"csco": ("National classification", "国家职业分类"), "qianhai": ("Qianhai 2020", "前海"),
             "beijing": ("Beijing 2023", "北京")}
    for axiom in _axioms_about(g, s):
        row = mapping_row(g, axiom, ns)
        other = row.obj if row.subject == s else row.subject
        if other is None:
            continue
        items.append({"label": names.get(catalogue_of(g, other, ns)), "link": link(g, other, linker, ns), "row": row})
    return items


def _cite_box(index: ResourceIndex, s: Any, zh_: str, en_: str, code: str) -> dict:
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
    dataset_citation = _one(g, dataset, DCTERMS.bibliographicCitation)
    return {"iri": str(s), "citation": " ".join(parts),
            "dataset": str(dataset_citation) if dataset_citation is not None else None}


def resource_page(index: ResourceIndex, path: str, linker: Linker, graph: Graph | None = None) -> str:
    """The page of one document (one resource, or every hash IRI of a document like ``vocab``);
    ``graph`` is its description when the caller already has it."""
    from occlink.exports.site.browse import special_section
    ns = index.ns
    graph = share_labels(graph if graph is not None else index.describe(path), index)
    share_labels(index.graph, index)
    subjects = index.subjects_of(path)
    main = index.document_iri(path)
    resources = [_resource(index, graph, s, linker, main, special_section(index, s, linker) if s == main else None)
                 for s in [x for x in subjects if x == main] + [x for x in subjects if x != main]]
    title_zh, title_en = label_pair(graph, main)
    kind = catalogue_of(index.graph, main, ns)
    prefix = {"beijing": "Beijing 2023 entry 北京急需紧缺", "qianhai": "Qianhai 2020 前海"}.get(kind, "")
    title = " · ".join(x for x in (prefix, notation(graph, main), title_zh, title_en) if x) or ns.compact(str(main))
    lang = "zh-Hans" if kind in ("csco", "beijing") or (title_zh and not title_en) else "en"
    return render_page("resource.html", title, linker, lang=lang, canonical=str(main), resources=resources,
                       # a hash-IRI document: a heading for the document itself
                       heading=ns.compact(str(main)) if main not in subjects else "",
                       turtle=linker.document(path, "index.ttl"), jsonld=linker.document(path, "index.jsonld"))


TEXT_PROPERTIES = ((SKOS.definition, ("Definition", "定义")), (DCTERMS.description, ("Description", "描述")),
                   (RDFS.comment, ("Comment", "说明")), (SKOS.scopeNote, ("Scope note", "范围注释")))


def _resource(index: ResourceIndex, graph: Graph, s: Any, linker: Linker, main: Any, special: dict | None) -> dict:
    """What the ``resource`` macro shows of one resource."""
    ns = index.ns
    zh_, en_ = label_pair(graph, s)
    code = notation(graph, s)
    anchor = str(s).partition("#")[2]
    kind = catalogue_of(index.graph, s, ns) if s == main else ""
    translated = sorted({form.language or "" for lbl in graph.objects(s, SKOSXL_PREF)
                         if (lbl, RDF.type, ns.vocab.ProjectTranslation) in graph
                         for form in graph.objects(lbl, SKOSXL_FORM) if isinstance(form, Literal)})
    r: dict[str, Any] = {
        "anchor": anchor or "resource", "kind": kind, "heading": "h1" if s == main else "h2",
        "zh": zh_, "en": en_, "curie": ns.compact(str(s)), "code": code,
        "breadcrumb": breadcrumb(index, s, linker) if s == main else None,
        "banner": KIND_BANNERS.get(kind),
        "level": [link(graph, x, linker, ns, code="") for x in ordered(graph.objects(s, ns.vocab.level))],
        "markers": _markers(graph, s, linker, ns),
        "international": _international(graph, s, ns),
        "texts": [(name, values) for prop, name in TEXT_PROPERTIES if (values := _texts(graph, s, prop))],
        "tasks": _tasks(graph, s, ns),
        "alts": [Text(str(a), a.language or "") for a in _text_values(graph, s, SKOS.altLabel)],
        "translated": [{"en": "English label", "zh": "Chinese label 中文名称"}.get(lang, f"Label @{lang}")
                       for lang in translated],
        "qianhai": _qianhai_attributes(graph, s, linker, ns) if kind == "qianhai" else None,
        # the rule's own text is not part of the entry's description
        "beijing": _beijing_rule(index.graph, s, linker, ns) if kind == "beijing" else None,
        "appears_in": _appears_in(index, s, kind, linker) if s == main else [],
        "special": special,
        "broader": [link(graph, x, linker, ns) for x in ordered(graph.objects(s, SKOS.broader))],
        "narrower": [link(graph, x, linker, ns) for x in sorted(graph.objects(s, SKOS.narrower),
                                                                key=lambda x: (notation(graph, x), str(x)))],
        "accepted": _accepted_mappings(graph, s, linker, ns),
        "decisions": mapping_cells(graph, [mapping_row(graph, a, ns) for a in _axioms_about(graph, s)], linker, ns),
        "cite": _cite_box(index, s, zh_, en_, code) if s == main else None,
        "statements": _statements(index, graph, s, linker),
        "incoming": _incoming(index, graph, s, linker),
    }
    r["summary"] = any(r[k] for k in ("code", "level", "international", "texts", "tasks", "alts", "translated")) \
        or r["markers"] is not None
    r["dropped"] = index.incoming_links(s)[1] if r["incoming"] else 0
    return r


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
    """The query form; ``result_html`` is a rendered ``results_table`` (markup from a template, hence Markup)."""
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
