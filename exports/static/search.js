// Static-site search: the same ranking as the server's /search (exports/search.py),
// over search-index.json written next to the landing page.
(function () {
  var form = document.getElementById("search-form");
  var box = document.getElementById("q");
  var out = document.getElementById("search-results");
  if (!form || !box || !out) { return; }
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" "); }
  function rank(e, q) {
    var code = norm(e.code), labels = [e.zh, e.en].filter(Boolean).map(norm);
    if (code && code === q) { return 0; }
    if (labels.indexOf(q) >= 0) { return 1; }
    if (labels.some(function (l) { return l.indexOf(q) === 0; })) { return 2; }
    if (code && code.indexOf(q) === 0) { return 3; }
    if (labels.some(function (l) { return l.indexOf(q) >= 0; })) { return 4; }
    if ((e.alt || []).some(function (a) { return norm(a).indexOf(q) >= 0; })) { return 5; }
    return -1;
  }
  function show(entries, query) {
    var q = norm(query);
    var hits = [];
    entries.forEach(function (e) { var r = rank(e, q); if (q && r >= 0) { hits.push([r, e]); } });
    hits.sort(function (a, b) {
      var la = (a[1].zh || a[1].en).length, lb = (b[1].zh || b[1].en).length;
      return a[0] - b[0] || la - lb || (a[1].iri < b[1].iri ? -1 : a[1].iri > b[1].iri ? 1 : 0);
    });
    out.textContent = "";
    var p = document.createElement("p");
    p.textContent = hits.length + " result(s) for “" + query + "”";
    out.appendChild(p);
    var ul = document.createElement("ul");
    hits.slice(0, 50).forEach(function (h) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = h[1].href;
      a.textContent = (h[1].code ? h[1].code + " " : "") + (h[1].zh || "") + (h[1].en ? " · " + h[1].en : "");
      li.appendChild(a);
      if (h[1].cat) { li.appendChild(document.createTextNode(" (" + h[1].cat + ")")); }
      ul.appendChild(li);
    });
    out.appendChild(ul);
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    fetch("search-index.json").then(function (r) { return r.json(); })
      .then(function (entries) { show(entries, box.value); });
  });
})();
