(function () {
  "use strict";
  // The site's search: loads search/meta.js when first used, then only the shards a query
  // needs (script files, so that it also works from file://). Format: export/site/search.py.
  var me = document.currentScript;
  var root = me.getAttribute("data-root") || "";
  var form = document.getElementById("site-search");
  if (!form) return;
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var hint = document.getElementById("search-hint");
  var kinds = JSON.parse(form.getAttribute("data-kinds"));
  var words = JSON.parse(form.getAttribute("data-words"));
  var PAGE = 20;
  var meta = null, terms = {}, docs = {}, waiting = {}, decoded = {};
  var shown = PAGE, seq = 0, matches = [];

  function settle(name, ok) {
    var w = waiting[name];
    if (!w) return;
    w.done = ok ? 1 : -1;
    for (var i = 0; i < w.cbs.length; i++) w.cbs[i][ok ? 0 : 1]();
    w.cbs = [];
  }
  window.webcatSearch = {
    meta: function (m) { meta = m; settle("meta", true); },
    terms: function (key, t) { terms[key] = t; settle("t-" + key, true); },
    docs: function (n, rows) { docs[n] = rows; settle("d-" + n, true); }
  };
  function load(name) {
    return new Promise(function (resolve, reject) {
      var w = waiting[name];
      if (w && w.done === 1) return resolve();
      if (w && w.done === -1) return reject();
      if (!w) {
        w = waiting[name] = {cbs: [], done: 0};
        var s = document.createElement("script");
        s.src = root + "search/" + name + ".js";
        s.async = true;
        s.onerror = function () { settle(name, false); };
        document.head.appendChild(s);
      }
      w.cbs.push([resolve, reject]);
    });
  }
  function fold(s) { return s.normalize("NFKC").toLowerCase(); }
  function split(q) {
    return (fold(q).match(/[\p{L}\p{N}_]+/gu) || []).filter(function (w) {
      return w.length > 1 || /\p{N}/u.test(w);
    });
  }
  function hex(s) {
    var b = new TextEncoder().encode(s), out = "";
    for (var i = 0; i < b.length; i++) out += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return out;
  }
  function keysFor(word) {
    var head = Array.from(word).slice(0, 2).join("");
    return meta.shards.filter(function (p) { return p === head || (head.length === 1 && p.charAt(0) === head); }).map(hex);
  }
  function postings(term, key) {
    var id = key + " " + term;
    if (decoded[id]) return decoded[id];
    var parts = terms[key][term].split(","), out = new Array(parts.length), n = 0;
    for (var i = 0; i < parts.length; i++) { n += parseInt(parts[i], 36); out[i] = n; }
    return (decoded[id] = out);
  }
  function matching(ws) {
    var total = meta.docs, count = null;
    for (var i = 0; i < ws.length; i++) {
      var hit = new Uint8Array(total), keys = keysFor(ws[i]);
      for (var k = 0; k < keys.length; k++) {
        var t = terms[keys[k]];
        for (var term in t) {
          if (term.lastIndexOf(ws[i], 0) !== 0) continue;
          var ids = postings(term, keys[k]);
          for (var j = 0; j < ids.length; j++) hit[ids[j]] = 1;
        }
      }
      if (count === null) count = hit;
      else for (var d = 0; d < total; d++) count[d] &= hit[d];
    }
    var out = [];
    if (count) for (var x = 0; x < total; x++) if (count[x]) out.push(x);
    return out;
  }
  function say(text) { status.textContent = text; }
  function render(my) {
    var ids = matches.slice(0, shown);
    var need = {};
    ids.forEach(function (id) { need[Math.floor(id / meta.per)] = 1; });
    return Promise.all(Object.keys(need).map(function (n) { return load("d-" + n); })).then(function () {
      if (my !== seq) return;
      list.textContent = "";
      ids.forEach(function (id) {
        var row = docs[Math.floor(id / meta.per)][id % meta.per];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + row[2];
        a.textContent = row[1];
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = kinds[row[0]] || row[0];
        li.appendChild(kind);
        li.appendChild(a);
        if (row[3]) {
          var p = document.createElement("p");
          p.textContent = row[3];
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      list.hidden = ids.length === 0;
      more.hidden = matches.length <= shown;
      var n = matches.length;
      say(n === 0 ? words.none : (n > shown ? words.more.replace("{shown}", shown).replace("{n}", n) : words.results.replace("{n}", n)));
    });
  }
  function failed() {
    hint.hidden = false;
    say("");
  }
  function run() {
    var my = ++seq;
    var ws = split(input.value);
    shown = PAGE;
    if (!ws.length) {
      list.textContent = ""; list.hidden = true; more.hidden = true; say("");
      return;
    }
    load("meta").then(function () {
      var keys = {};
      ws.forEach(function (w) { keysFor(w).forEach(function (k) { keys[k] = 1; }); });
      return Promise.all(Object.keys(keys).map(function (k) { return load("t-" + k); }));
    }).then(function () {
      if (my !== seq) return;
      matches = matching(ws);
      return render(my);
    }).catch(failed);
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  input.addEventListener("input", run);
  input.addEventListener("focus", function () { load("meta").catch(failed); }, {once: true});
  more.addEventListener("click", function () { shown += PAGE; render(seq); });
  form.hidden = false;
  if (input.value) run();
})();
