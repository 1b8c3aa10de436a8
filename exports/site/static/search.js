// Search box behaviour for the server and the static site.
// * Suggestions: fills the <datalist> as you type, from the server's /suggest (data-suggest)
//   or, on the static site, from search-index.json (data-index).
// * Static site: the search page reads ?q= (and cat=, marker=) and runs the search in the page,
//   with the same rules and ranking as the server (exports/site/search.py). From file:// browsers
//   refuse to read the index, and the page says so.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var box = document.getElementById("q");
  if (!form || !box) { return; }
  var suggestUrl = form.getAttribute("data-suggest");
  var indexUrl = form.getAttribute("data-index");
  var list = document.getElementById("q-suggestions");
  var out = document.getElementById("search-results");
  var indexBase = indexUrl ? indexUrl.replace(/[^\/]*$/, "") : "";  // index links are relative to its folder

  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var TERMS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
  var MAX_QUERY_CHARS = 200;  // exports/site/search.py MAX_QUERY_CHARS
  var CODE = /^[0-9a-z]+(-[0-9]+)+-?$|^[a-z][0-9]{2}$/;
  var CAT_RANK = { list: 0, csco: 1, qianhai: 2, beijing: 3 };
  var KIND_RANK = { code: 0, p: 0, a: 1, t: 2 };
  var CAT_NAMES = { csco: "National 2022 国家职业分类", qianhai: "Qianhai 2020 前海", beijing: "Beijing 2023 北京",
                    list: "List 清单" };

  function norm(s) { return (s || "").normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" "); }
  function stem(t) {  // occlink.mappings.normalize.stem
    t = t.replace(/\.+$/, "");
    if (t.length > 4 && /ies$/.test(t)) { return t.slice(0, -3) + "y"; }
    if (t.length > 3 && /s$/.test(t) && !/(ss|us|is)$/.test(t)) { return t.slice(0, -1); }
    return t;
  }
  function terms(text) {
    var words = [], cjk = [];
    (norm(text).match(TERMS) || []).forEach(function (t) {
      if (CJK.test(t)) { cjk.push(t); } else { words.push(stem(t)); }
    });
    return { words: words, cjk: cjk, n: words.length + cjk.length };
  }
  function same(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }

  var entries = null;
  function prepare(raw) {
    return raw.map(function (e) {
      e.labels = e.l.map(function (l) {
        var t = terms(l[0]);
        return { text: l[0], kind: l[1], t: t, chars: t.cjk.join(""), words: new Set(t.words) };
      });
      return e;
    });
  }
  function load() {
    if (entries) { return Promise.resolve(entries); }
    return fetch(indexUrl).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (raw) { entries = prepare(raw); return entries; });
  }

  function matchLabel(label, q) {
    if (same(label.t.words, q.words) && same(label.t.cjk, q.cjk)) { return [0, q.n]; }
    var matched = 0, scattered = false;
    q.words.forEach(function (w) { if (label.words.has(w)) { matched += 1; } });
    q.cjk.forEach(function (run) {
      if (label.chars.indexOf(run) >= 0) { matched += 1; }
      else if (run.length > 1 && Array.from(run).every(function (c) { return label.chars.indexOf(c) >= 0; })) {
        matched += 1; scattered = true;
      }
    });
    if (matched === 0) { return null; }
    if (matched === q.n) { return [scattered ? 2 : 1, matched]; }
    return q.n > 1 ? [3, matched] : null;
  }
  function key(h) {
    return [h.tier, -h.matched, CAT_RANK.hasOwnProperty(h.e.k) ? CAT_RANK[h.e.k] : 4, KIND_RANK[h.kind],
            h.n - h.matched, h.label.length];
  }
  function cmp(a, b) {
    var ka = a.key, kb = b.key;
    for (var i = 0; i < ka.length; i++) { if (ka[i] !== kb[i]) { return ka[i] - kb[i]; } }
    return a.e.i < b.e.i ? -1 : a.e.i > b.e.i ? 1 : 0;
  }
  function search(query, cat, marker) {
    query = query.slice(0, MAX_QUERY_CHARS);
    var qn = norm(query), q = terms(query), codeQuery = CODE.test(qn), hits = [];
    if (!qn || !q.n) { return hits; }
    entries.forEach(function (e) {
      if (cat && e.k !== cat) { return; }
      if (marker && e.m.indexOf(marker) < 0) { return; }
      var best = null, code = (e.c || "").toLowerCase();
      if (code && code === qn) { best = { e: e, tier: 0, matched: q.n || 1, label: e.c, kind: "code", n: terms(e.c).n }; }
      else if (code && codeQuery && code.indexOf(qn) === 0) {
        best = { e: e, tier: 1, matched: q.n || 1, label: e.c, kind: "code", n: terms(e.c).n };
      } else if (!codeQuery) {
        e.labels.forEach(function (l) {
          var m = matchLabel(l, q);
          if (!m) { return; }
          var h = { e: e, tier: m[0], matched: m[1], label: l.text, kind: l.kind, n: l.t.n };
          h.key = key(h);
          if (!best || cmp(h, best) < 0) { best = h; }
        });
      }
      if (best) { best.key = key(best); hits.push(best); }
    });
    hits.sort(cmp);
    return hits;
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function render(hits, query) {
    out.textContent = "";
    var shown = Math.min(hits.length, 50);
    out.appendChild(el("p", hits.length + " result(s) for “" + query + "”" +
                             (hits.length > shown ? " (showing " + shown + ")" : ""), { "class": "count", role: "status" }));
    var ul = el("ul", "", { "class": "results" });
    hits.slice(0, shown).forEach(function (h) {
      var e = h.e, li = el("li"), a = el("a", "", { "class": "hit", href: indexBase + e.h });
      if (e.c) { a.appendChild(el("span", e.c, { "class": "code" })); }
      if (e.zh) { if (e.c) { a.appendChild(document.createTextNode(" · ")); } a.appendChild(el("span", e.zh, { lang: "zh-Hans" })); }
      if (e.en) { a.appendChild(document.createTextNode(" · ")); a.appendChild(el("span", e.en, { lang: "en" })); }
      li.appendChild(a);
      if (CAT_NAMES[e.k]) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", "(" + CAT_NAMES[e.k] + ")", { "class": "catalogue" })); }
      if (h.label !== e.c && h.label !== e.zh && h.label !== e.en) {
        var via = el("span", "matched 匹配: ", { "class": "via" });
        via.appendChild(el("q", h.label));
        if (h.kind === "t") { via.appendChild(document.createTextNode(" ")); via.appendChild(el("span", "search title, written by the project, not official 搜索用名，非官方", { "class": "search-only" })); }
        li.appendChild(el("br"));
        li.appendChild(via);
      }
      ul.appendChild(li);
    });
    out.appendChild(ul);
  }
  function notice(text) {
    out.textContent = "";
    out.appendChild(el("p", text, { "class": "notice", role: "alert" }));
  }

  // --- suggestions ------------------------------------------------------------------------
  function fill(labels) {
    if (!list) { return; }
    list.textContent = "";
    labels.forEach(function (label) { list.appendChild(el("option", "", { value: label })); });
  }
  function localSuggest(query) {
    var qn = norm(query);
    var seen = {}, outLabels = [];
    search(query, "", "").forEach(function (h) {
      if (outLabels.length < 10 && !seen[h.label.toLowerCase()]) { seen[h.label.toLowerCase()] = 1; outLabels.push(h.label); }
    });
    if (outLabels.length < 10 && qn && !CJK.test(qn)) {  // complete the last word
      var last = qn.split(" ").pop();
      entries.some(function (e) {
        return e.labels.some(function (l) {
          if (norm(l.text).split(/[^a-z0-9]+/).some(function (w) { return w.indexOf(last) === 0; }) &&
              !seen[l.text.toLowerCase()]) { seen[l.text.toLowerCase()] = 1; outLabels.push(l.text); }
          return outLabels.length >= 10;
        });
      });
    }
    return outLabels;
  }
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    var value = box.value;
    if (norm(value).length < 2) { fill([]); return; }
    timer = setTimeout(function () {
      if (suggestUrl) {
        fetch(suggestUrl + "?q=" + encodeURIComponent(value)).then(function (r) { return r.json(); })
          .then(function (data) { fill(data.suggestions.map(function (s) { return s.label; })); })
          .catch(function () { fill([]); });
      } else if (indexUrl && location.protocol !== "file:") {
        load().then(function () { fill(localSuggest(value)); }).catch(function () { fill([]); });
      }
    }, 150);
  });

  // --- the static site's search page ------------------------------------------------------
  if (indexUrl && out && out.hasAttribute("data-static")) {
    var params = new URLSearchParams(location.search);
    var query = params.get("q") || "";
    var cat = params.get("cat") || "", marker = params.get("marker") || "";
    box.value = query;
    ["cat", "marker"].forEach(function (name) {
      var select = document.getElementById(name);
      if (select) { select.value = params.get(name) || ""; }
    });
    if (location.protocol === "file:") {
      notice("Search cannot run from a file opened on disk (file://): browsers do not let a page read the search " +
             "index there. Serve the folder over HTTP (for example: python -m http.server, in the site folder) or " +
             "browse the A–Z index and the classification tree instead. 从本地文件打开时无法搜索，请通过 HTTP 访问本站。");
    } else if (query.trim()) {
      out.appendChild(el("p", "Searching… 搜索中…", { role: "status" }));
      load().then(function () { render(search(query, cat, marker), query); })
        .catch(function (err) { notice("The search index could not be loaded (" + err.message + ")."); });
    }
  }
})();
