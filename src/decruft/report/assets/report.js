// decruft report: builds the page list and the before/after views from the JSON data block.
// Page data only ever reaches the DOM as text (textContent, createTextNode, title): never as
// markup, so a page's own text cannot become an element or a script.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var pages = data.pages;
  var rules = data.rules;
  var rows = [];
  var byN = {};
  var current = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function num(n) {
    return typeof n === "number" ? n.toLocaleString("en") : "";
  }

  function colour(r) {
    return "c" + (r % data.palette);
  }

  function ruleName(r) {
    return rules[r] === undefined ? "?" : rules[r];
  }

  function buildList() {
    var tbody = document.getElementById("page-rows");
    var frag = document.createDocumentFragment();
    pages.forEach(function (p) {
      var tr = el("tr");
      var link = el("a", null, p.id || "(no id)");
      link.href = "#p" + Number(p.n);
      var idCell = el("td", "id");
      idCell.appendChild(link);
      tr.appendChild(el("td", "num", p.n + 1));
      tr.appendChild(idCell);
      tr.appendChild(el("td", "title", p.title));
      tr.appendChild(el("td", null, p.verdict));
      tr.appendChild(el("td", null, p.lang));
      tr.appendChild(el("td", "num", num(p.textChars)));
      tr.appendChild(el("td", "num", num(p.removedChars)));
      tr.addEventListener("click", function () {
        location.hash = "#p" + Number(p.n);
      });
      frag.appendChild(tr);
      byN[p.n] = { page: p, tr: tr };
      rows.push({
        page: p,
        tr: tr,
        hay: [p.id, p.title, p.url, p.text || ""].join("\n").toLowerCase()
      });
    });
    tbody.appendChild(frag);
    var note = num(pages.length) + " of " + num(data.total) + " pages in the browser";
    if (pages.length < data.total) {
      note += " (the first ones, and any asked for with --page ID); every page is counted above";
    }
    document.getElementById("pages-note").textContent = note + ".";
  }

  function filter() {
    var q = document.getElementById("search").value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = !q || r.hay.indexOf(q) >= 0;
      r.tr.hidden = !ok;
      if (ok) shown += 1;
    });
    document.getElementById("search-count").textContent =
      num(shown) + " of " + num(rows.length) + " pages";
  }

  function metaList(p) {
    var dl = el("dl", "meta");
    function add(name, value) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", null, name));
      dl.appendChild(el("dd", null, value));
    }
    add("id", p.id);
    add("url", p.url);
    add("source", p.source);
    add("verdict", p.verdict);
    add("why", (p.reasons || []).join("; "));
    add("page type", p.type);
    add("language", p.lang);
    add("http status", p.status);
    add("flags", (p.flags || []).join(", "));
    var sig = p.signals || {};
    var names = Object.keys(sig).sort();
    add("signals", names.map(function (k) {
      var v = sig[k];
      return k + " " + (typeof v === "number" ? +v.toPrecision(4) : v);
    }).join(" · "));
    return dl;
  }

  function step(by) {
    var visible = rows.filter(function (r) { return !r.tr.hidden; });
    var at = visible.findIndex(function (r) { return r.page.n === current; });
    var next = visible[at + by];
    if (next) location.hash = "#p" + Number(next.page.n);
  }

  function beforePane(p, marks) {
    var pane = el("div", "pane");
    if (p.body === null || p.body === undefined) {
      pane.className = "pane missing";
      pane.textContent = "This run did not keep the page bodies, so removed text cannot be " +
        "shown in place: the removals are listed below (rule, span, evidence). Clean again " +
        "with decruft clean --keep-body and build the report again to see them here.";
      return pane;
    }
    p.body.forEach(function (piece) {
      var i = piece[1];
      if (i < 0) {
        pane.appendChild(document.createTextNode(piece[0]));
        return;
      }
      var r = p.removed[i];
      var m = el("mark", colour(r[2]), piece[0]);
      m.title = ruleName(r[2]) + (r[3] ? ": " + r[3] : "") + "  [" + r[0] + ", " + r[1] + ")";
      if (!marks[i]) marks[i] = m;
      pane.appendChild(m);
    });
    return pane;
  }

  function cutNote(shown, total, what) {
    if (typeof total !== "number" || total <= shown) return null;
    return el("p", "note", "Showing the first " + num(shown) + " of " + num(total) +
      " characters of the " + what + ".");
  }

  function removalTable(p, marks) {
    var table = el("table", "removals");
    var head = el("tr");
    ["#", "rule", "characters", "blocks", "evidence", ""].forEach(function (h) {
      head.appendChild(el("th", null, h));
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el("tbody");
    p.removed.forEach(function (r, i) {
      var tr = el("tr");
      tr.appendChild(el("td", "num", i + 1));
      var ruleCell = el("td");
      ruleCell.appendChild(el("span", "sw " + colour(r[2])));
      ruleCell.appendChild(document.createTextNode(ruleName(r[2])));
      tr.appendChild(ruleCell);
      tr.appendChild(el("td", "num", r[0] + "-" + r[1]));
      tr.appendChild(el("td", "num", r[5] > 1 ? r[4] + "-" + (r[4] + r[5] - 1) : r[4]));
      tr.appendChild(el("td", "ev", r[3]));
      var go = el("td");
      if (marks[i]) {
        var b = el("button", null, "show");
        b.type = "button";
        b.addEventListener("click", function () {
          marks.forEach(function (m) { if (m) m.classList.remove("focus"); });
          marks[i].classList.add("focus");
          marks[i].scrollIntoView({ block: "center" });
        });
        go.appendChild(b);
      }
      tr.appendChild(go);
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    return table;
  }

  function legend(p) {
    var seen = {};
    var box = el("div", "legend");
    p.removed.forEach(function (r) {
      if (seen[r[2]]) return;
      seen[r[2]] = true;
      var item = el("span", "item");
      item.appendChild(el("span", "sw " + colour(r[2])));
      item.appendChild(document.createTextNode(ruleName(r[2])));
      box.appendChild(item);
    });
    return box;
  }

  function show(n) {
    var entry = byN[n];
    if (!entry) return;
    var p = entry.page;
    if (current !== null && byN[current]) byN[current].tr.classList.remove("sel");
    current = n;
    entry.tr.classList.add("sel");
    var d = document.getElementById("detail");
    d.replaceChildren();
    var nav = el("div", "nav");
    var prev = el("button", null, "← previous");
    var next = el("button", null, "next →");
    prev.type = next.type = "button";
    prev.addEventListener("click", function () { step(-1); });
    next.addEventListener("click", function () { step(1); });
    nav.appendChild(prev);
    nav.appendChild(document.createTextNode(" "));
    nav.appendChild(next);
    d.appendChild(nav);
    d.appendChild(el("h3", null, "#" + (p.n + 1) + "  " + (p.title || "(no title)")));
    d.appendChild(metaList(p));
    if (p.cut) {
      d.appendChild(el("p", "note", "Past the report's size budget: this page is counted in " +
        "the tables but its text is not in the file. Build the report with --page and its " +
        "id to see it."));
      return;
    }
    var removed = num(p.removedCount) + " removals, " + num(p.removedChars) +
      " characters removed; " + num(p.textChars) + " characters kept.";
    d.appendChild(el("p", "note", removed));
    d.appendChild(legend(p));
    var marks = [];
    var views = el("div", "views");
    var before = el("div");
    before.appendChild(el("h4", null, "Before: the body the cleaner saw, removals highlighted"));
    before.appendChild(beforePane(p, marks));
    var bodyCut = cutNote(p.bodyShown, p.bodyChars, "body");
    if (bodyCut) before.appendChild(bodyCut);
    var after = el("div");
    after.appendChild(el("h4", null, "After: the kept text"));
    after.appendChild(el("div", "pane", p.text));
    var textCut = cutNote(p.textShown, p.textChars, "kept text");
    if (textCut) after.appendChild(textCut);
    views.appendChild(before);
    views.appendChild(after);
    d.appendChild(views);
    if (p.removedCount > p.removed.length) {
      d.appendChild(el("p", "note", "Listing the first " + num(p.removed.length) + " of " +
        num(p.removedCount) + " removals."));
    }
    d.appendChild(removalTable(p, marks));
  }

  function route() {
    var q = /^#search=(.*)$/.exec(location.hash);
    if (q) {  // a link to a search: #search=words
      var words = q[1];
      try {
        words = decodeURIComponent(words);
      } catch (e) {
        // not percent-encoded: searched as written
      }
      document.getElementById("search").value = words;
      filter();
    }
    var m = /^#p(\d+)$/.exec(location.hash);
    if (m && byN[Number(m[1])]) {
      show(Number(m[1]));
      byN[Number(m[1])].tr.scrollIntoView({ block: "nearest" });
    } else if (current === null && pages.length) {
      show(pages[0].n);
    }
  }

  buildList();
  filter();
  document.getElementById("search").addEventListener("input", filter);
  window.addEventListener("hashchange", route);
  route();
  document.body.setAttribute("data-pages", String(pages.length));
  document.body.setAttribute("data-ready", "1");
})();
